# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.addons.consumer_complaint.models.complaint_masking import (
    PERSONAL_DATA_GROUP,
    domain_field_names,
    mask_text,
    mask_value,
    order_field_names,
)
from odoo.exceptions import UserError
from odoo.osv import expression

from .survey_question import RATING_METRICS

# Contact of the customer, masked for users without the personal-data role.
CONTACT_FIELDS = frozenset({"email", "nickname"})

RATING_RANGES = {
    "csat": (1, 5),
    "speed": (1, 5),
    "attitude": (1, 5),
    "nps": (0, 10),
}


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    # The token is the link that answers in the customer's name: complaint
    # staff never read it (the desk builds the survey links as superuser),
    # survey officers keep it for their own surveys.
    access_token = fields.Char(groups="survey.group_survey_user")
    complaint_id = fields.Many2one(
        "helpdesk.ticket",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
    )
    answered_by_phone = fields.Boolean(
        string="By phone",
        readonly=True,
        copy=False,
        help="A follow-up agent filled in the survey while talking to the "
        "customer on the phone.",
    )
    phone_agent_id = fields.Many2one(
        "res.users",
        string="Phone agent",
        readonly=True,
        copy=False,
        help="Follow-up agent allowed to fill in this answer on the customer's behalf.",
    )

    _sql_constraints = [
        (
            "complaint_uniq",
            "unique(complaint_id)",
            "A complaint has only one satisfaction answer.",
        )
    ]

    def _complaint_phone_agent_allowed(self, user):
        """Whether ``user`` may fill in this answer for the customer.

        Only the follow-up agent who opened it from the complaint, while they
        still can read the complaint.
        """
        self.ensure_one()
        if not self.complaint_id or self.phone_agent_id != user or user.share:
            return False
        if not user.has_group("consumer_complaint.group_complaint_followup"):
            return False
        return self.complaint_id.with_user(user).has_access("read")

    def _complaint_survey_heading(self):
        """What the survey page says of the complaint it is about:
        ``{"number", "subject"}``, or None for other surveys.

        The page opens with a link, whoever holds it: the subject is shown
        with its e-mail addresses and phone numbers masked, and nothing of
        the customer's contact details."""
        self.ensure_one()
        complaint = self.sudo().complaint_id
        if not complaint:
            return None
        return {"number": complaint.number, "subject": mask_text(complaint.name or "")}

    def _mark_done(self):
        complaint_inputs = self.filtered("complaint_id")
        if complaint_inputs:
            by_phone = complaint_inputs.filtered(
                lambda i: i.phone_agent_id and i.phone_agent_id.id == self.env.uid
            )
            by_phone.write({"answered_by_phone": True})
            (complaint_inputs - by_phone).write({"answered_by_phone": False})
        res = super()._mark_done()
        if complaint_inputs:
            complaint_inputs.complaint_id.sudo()._complaint_survey_answered(
                {i.complaint_id.id: i._complaint_scores() for i in complaint_inputs}
            )
        return res

    def _complaint_scores(self):
        """Read the complaint scores out of the answer lines.

        :return: dict with csat, nps, speed, attitude (int or None), solved
            ('yes', 'no' or None) and comment (str or None).
        """
        self.ensure_one()
        scores = dict.fromkeys(
            ("csat", "nps", "speed", "attitude", "solved", "comment")
        )
        for line in self.user_input_line_ids:
            metric = line.question_id.complaint_metric
            if not metric or line.skipped:
                continue
            if metric in RATING_METRICS:
                value = self._complaint_line_rating(line)
                low, high = RATING_RANGES[metric]
                if value is not None and low <= value <= high:
                    scores[metric] = value
            elif metric == "solved" and line.suggested_answer_id:
                scores["solved"] = (
                    "yes" if line.suggested_answer_id.complaint_solved else "no"
                )
            elif metric == "comment":
                text = (line.value_text_box or line.value_char_box or "").strip()
                if text:
                    scores["comment"] = text
        return scores

    def _complaint_line_rating(self, line):
        if line.answer_type == "scale":
            return line.value_scale
        if line.answer_type == "numerical_box":
            return round(line.value_numerical_box)
        if line.answer_type == "suggestion" and line.suggested_answer_id:
            return line.suggested_answer_id.complaint_value
        return None

    # ------------------------------------------------------------------
    # What the complaint desk sees of an answer
    # ------------------------------------------------------------------

    def _complaint_must_mask(self):
        return not (
            self.env.su
            or self.env.user.share
            or self.env.user.has_group(PERSONAL_DATA_GROUP)
        )

    def _complaint_masked_contact(self, fname, value):
        """The e-mail or nickname of a complaint's customer, masked like the
        complaint's own contact details."""
        if fname == "email":
            return mask_value("email", value)
        if not value or not isinstance(value, str):
            return value
        return f"{value[:1]}***"

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        masked = [fname for fname in ("email", "nickname") if fname in fnames]
        if masked and self._complaint_must_mask():
            of_complaints = set(self.filtered("complaint_id").ids)
            for vals in result:
                if vals["id"] not in of_complaints:
                    continue
                for fname in masked:
                    if fname in vals:
                        vals[fname] = self._complaint_masked_contact(fname, vals[fname])
        return result

    def _complaint_contact_used(self, names):
        """Whether a search or grouping uses the e-mail or nickname: without
        the personal-data role it runs on answers of other surveys only, or
        the masked contact of a complaint's customer would be read through it
        (grouped values, or guessed a letter at a time)."""
        return self._complaint_must_mask() and bool(CONTACT_FIELDS & names)

    def _complaint_safe_order(self, order):
        """``order`` without the e-mail and nickname (the order of rows would
        tell them) for users who see them masked."""
        if not order or not self._complaint_must_mask():
            return order
        terms = [
            term
            for term in order.split(",")
            if term.strip() and not CONTACT_FIELDS & order_field_names(term)
        ]
        return ",".join(terms) or None

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self._complaint_contact_used(domain_field_names(domain)):
            domain = expression.AND([domain, [("complaint_id", "=", False)]])
        return super()._search(
            domain, offset=offset, limit=limit, order=self._complaint_safe_order(order)
        )

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), **kwargs):
        specs = {spec.split(":")[0].split(".")[0] for spec in (*groupby, *aggregates)}
        if self._complaint_contact_used(specs | domain_field_names(having)):
            domain = expression.AND([domain, [("complaint_id", "=", False)]])
        kwargs["order"] = self._complaint_safe_order(kwargs.get("order"))
        return super()._read_group(domain, groupby, aggregates, having, **kwargs)

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        columns = [
            (index, path)
            for index, path in enumerate(fields_to_export)
            if path in ("email", "nickname")
        ]
        if columns and self._complaint_must_mask():
            # Rows do not map to records (x2many lines add rows): the values
            # of the complaints' customers are masked wherever they appear.
            answers = self.filtered("complaint_id")
            personal = {
                path: set(answers.mapped(path)) - {False} for _index, path in columns
            }
            for row in result["datas"]:
                for index, path in columns:
                    if row[index] in personal[path]:
                        row[index] = self._complaint_masked_contact(path, row[index])
        return result

    def action_print_answers(self):
        """Print a complaint's answer for the desk without showing its token.

        The print page is reached through the answer's token, which complaint
        staff may not read: once the user's access to the answer is checked,
        the link is built as superuser, and only for answered surveys (the
        token of an answered survey no longer lets anyone answer).
        """
        self.ensure_one()
        if (
            not self.complaint_id
            or self.env.su
            or self.env.user.has_group("survey.group_survey_user")
        ):
            return super().action_print_answers()
        self.check_access("read")
        if self.state != "done":
            raise UserError(
                self.env._(
                    "The customer has not answered this survey yet: it can be "
                    "printed once it is answered."
                )
            )
        return super(SurveyUserInput, self.sudo()).action_print_answers()
