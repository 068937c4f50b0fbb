# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .survey_question import RATING_METRICS

RATING_RANGES = {
    "csat": (1, 5),
    "speed": (1, 5),
    "attitude": (1, 5),
    "nps": (0, 10),
}


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

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
