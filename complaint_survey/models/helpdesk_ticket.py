# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

SURVEY_STATUSES = [
    ("none", "Not planned"),
    ("scheduled", "Scheduled"),
    ("sent", "Waiting for answer"),
    ("done", "Answered"),
]

NPS_CATEGORIES = [
    ("promoter", "Promoter"),
    ("passive", "Passive"),
    ("detractor", "Detractor"),
]

CALL_OUTCOMES = [
    ("reached", "Reached"),
    ("no_answer", "No answer"),
    ("refused", "Refused"),
    ("wrong_number", "Wrong number"),
]

SURVEY_STATES = ("followup", "archived")

# Score fields of a complaint per survey metric: empty (NULL) until the
# customer answers the question, so that 0 never stands for "no answer".
SCORE_FIELDS = {
    "csat": "csat_score",
    "nps": "nps_score",
    "speed": "speed_score",
    "attitude": "attitude_score",
}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # Survey planning
    survey_user_input_ids = fields.One2many(
        "survey.user_input", "complaint_id", string="Survey answers"
    )
    survey_user_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey answer",
        compute="_compute_survey_user_input_id",
        store=True,
    )
    survey_rule_id = fields.Many2one(
        "complaint.survey.rule", string="Survey rule", readonly=True, copy=False
    )
    survey_due_date = fields.Datetime(
        string="Survey due",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the satisfaction survey is to be sent to the customer.",
    )
    survey_sent_date = fields.Datetime(string="Survey sent", readonly=True, copy=False)
    survey_status = fields.Selection(
        SURVEY_STATUSES,
        string="Survey",
        compute="_compute_survey_status",
        store=True,
    )
    survey_can_answer = fields.Boolean(
        string="Survey open",
        compute="_compute_survey_can_answer",
        compute_sudo=True,
        help="The customer can still open and answer the survey.",
    )
    survey_answer_date = fields.Datetime(
        string="Survey answered", readonly=True, copy=False
    )
    survey_by_phone = fields.Boolean(
        string="Answered by phone", readonly=True, copy=False
    )
    # Scores (stored: reports and other addons read them)
    csat_score = fields.Integer(
        string="Satisfaction (1-5)", readonly=True, copy=False, aggregator="avg"
    )
    csat_satisfied = fields.Boolean(
        string="Satisfied",
        readonly=True,
        copy=False,
        help="The overall satisfaction is 4 or 5.",
    )
    nps_score = fields.Integer(
        string="Recommendation (0-10)", readonly=True, copy=False, aggregator="avg"
    )
    nps_category = fields.Selection(
        NPS_CATEGORIES,
        string="NPS category",
        readonly=True,
        copy=False,
        help="Promoter: 9-10, passive: 7-8, detractor: 0-6.",
    )
    speed_score = fields.Integer(
        string="Speed (1-5)", readonly=True, copy=False, aggregator="avg"
    )
    attitude_score = fields.Integer(
        string="Attitude (1-5)", readonly=True, copy=False, aggregator="avg"
    )
    problem_solved = fields.Selection(
        [("yes", "Solved"), ("no", "Not solved")],
        string="Problem solved",
        readonly=True,
        copy=False,
    )
    survey_comment = fields.Text(string="Customer comment", readonly=True, copy=False)
    survey_low_score = fields.Boolean(
        string="Low satisfaction", readonly=True, copy=False, index=True
    )
    # Follow-up call
    followup_call_outcome = fields.Selection(
        CALL_OUTCOMES, string="Call outcome", tracking=True, copy=False
    )
    followup_call_notes = fields.Text(string="Call notes", copy=False)
    followup_call_date = fields.Datetime(string="Last call", readonly=True, copy=False)
    followup_call_user_id = fields.Many2one(
        "res.users", string="Called by", readonly=True, copy=False
    )

    @api.depends("survey_user_input_ids")
    def _compute_survey_user_input_id(self):
        for ticket in self:
            ticket.survey_user_input_id = ticket.survey_user_input_ids[:1]

    @api.depends("survey_due_date", "survey_user_input_id.state")
    def _compute_survey_status(self):
        for ticket in self:
            answer = ticket.survey_user_input_id
            if answer.state == "done":
                ticket.survey_status = "done"
            elif answer:
                ticket.survey_status = "sent"
            elif ticket.survey_due_date:
                ticket.survey_status = "scheduled"
            else:
                ticket.survey_status = "none"

    @api.depends(
        "survey_user_input_id.state",
        "survey_user_input_id.deadline",
        "survey_user_input_id.survey_id.active",
    )
    def _compute_survey_can_answer(self):
        now = fields.Datetime.now()
        for ticket in self:
            answer = ticket.survey_user_input_id
            ticket.survey_can_answer = bool(
                answer
                and answer.state != "done"
                and answer.survey_id.active
                and (not answer.deadline or answer.deadline > now)
            )

    @api.model
    def _complaint_decision_fields(self):
        # The survey's planning and the customer's answer are written by the
        # system (scheduling, sending, the answer itself); who made the
        # follow-up call and when is recorded with its outcome.
        return super()._complaint_decision_fields() | {
            "survey_user_input_id",
            "survey_rule_id",
            "survey_due_date",
            "survey_sent_date",
            "survey_status",
            "survey_answer_date",
            "survey_by_phone",
            "csat_score",
            "csat_satisfied",
            "nps_score",
            "nps_category",
            "speed_score",
            "attitude_score",
            "problem_solved",
            "survey_comment",
            "survey_low_score",
            "followup_call_date",
            "followup_call_user_id",
        }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.browse()._complaint_check_followup_call(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._complaint_check_followup_call(vals)
        res = super().write(vals)
        if "followup_call_outcome" in vals:
            called = bool(vals["followup_call_outcome"])
            self.sudo().write(
                {
                    "followup_call_date": fields.Datetime.now() if called else False,
                    "followup_call_user_id": self.env.uid if called else False,
                }
            )
        return res

    def _complaint_check_followup_call(self, vals):
        """The follow-up call is recorded by the follow-up team: a handler
        or receptionist who may write (or create) a complaint does not log a
        call in someone else's name."""
        fnames = {"followup_call_outcome", "followup_call_notes"} & set(vals)
        if (
            not fnames
            or self.env.su
            or self.env.user.has_group("consumer_complaint.group_complaint_followup")
        ):
            return
        changed = (
            any(ticket[f] != vals[f] for ticket in self for f in fnames)
            if self
            else any(vals[f] for f in fnames)
        )
        if changed:
            raise AccessError(
                self.env._(
                    "Only the follow-up team records the follow-up call (its "
                    "outcome and notes). Ask a follow-up agent or a supervisor."
                )
            )

    # ------------------------------------------------------------------
    # Scheduling and sending
    # ------------------------------------------------------------------

    def _complaint_after_transition(self, old_states):
        res = super()._complaint_after_transition(old_states)
        arrived = self.filtered(lambda t: t.complaint_state in SURVEY_STATES)
        if arrived:
            # Bookkeeping of the survey is not limited by the mover's rights.
            arrived.sudo()._complaint_survey_schedule()
        return res

    def _complaint_survey_schedule(self):
        """Plan the survey of complaints that reached the step of their rule.

        Complaints already answered are left alone: one answer per complaint.
        Surveys without delay are sent at once, the others by the cron.
        """
        rules = self.env["complaint.survey.rule"].sudo()._match_tickets(self)
        now = fields.Datetime.now()
        groups = defaultdict(lambda: self.browse())
        for ticket in self:
            rule = rules.get(ticket.id)
            if (
                not rule
                or not self._complaint_survey_step_reached(rule, ticket.complaint_state)
                or ticket.survey_user_input_id.state == "done"
            ):
                continue
            if ticket.complaint_state != rule.trigger_state and (
                ticket.survey_due_date or ticket.survey_user_input_id
            ):
                # Closed after the follow-up step that already planned it.
                continue
            groups[rule] |= ticket
        immediate = self.browse()
        for rule, tickets in groups.items():
            tickets.sudo().write(
                {
                    "survey_rule_id": rule.id,
                    "survey_due_date": now + timedelta(hours=rule.delay_hours),
                }
            )
            if not rule.delay_hours:
                immediate |= tickets
        if immediate:
            immediate._complaint_survey_send()
        return immediate

    @api.model
    def _complaint_survey_step_reached(self, rule, state):
        """Whether a complaint at ``state`` is at or past the step of ``rule``."""
        return state == rule.trigger_state or (
            rule.trigger_state == "followup" and state == "archived"
        )

    def _complaint_survey_get_rule(self):
        """Rules of the tickets, matched now for those without one yet."""
        missing = self.filtered(lambda t: not t.survey_rule_id)
        matched = self.env["complaint.survey.rule"].sudo()._match_tickets(missing)
        return {
            ticket.id: ticket.survey_rule_id or matched.get(ticket.id)
            for ticket in self
        }

    def _complaint_survey_ensure_inputs(self):
        """Create the missing survey answers (one per complaint) in one batch.

        :return: the survey answers of the complaints, as superuser
        """
        rules = self._complaint_survey_get_rule()
        now = fields.Datetime.now()
        vals_list = []
        for ticket in self.filtered(lambda t: not t.survey_user_input_id):
            rule = rules.get(ticket.id)
            if not rule:
                continue
            survey = rule.survey_id
            partner = ticket.partner_id
            vals = {
                "survey_id": survey.id,
                "complaint_id": ticket.id,
                "partner_id": partner.id,
                "email": partner.email or ticket.partner_email,
                "nickname": partner.name or ticket.partner_name,
                "deadline": now + timedelta(days=rule.answer_days)
                if rule.answer_days
                else False,
            }
            if survey.is_attempts_limited:
                vals["invite_token"] = self.env[
                    "survey.user_input"
                ]._generate_invite_token()
            vals_list.append(vals)
        if vals_list:
            self.env["survey.user_input"].sudo().create(vals_list)
            self.invalidate_recordset(["survey_user_input_ids"])
        no_rule = self.filtered(lambda t: not t.survey_rule_id and rules.get(t.id))
        for rule, tickets in no_rule.grouped(lambda t: rules[t.id]).items():
            tickets.sudo().write({"survey_rule_id": rule.id})
        return self.sudo().survey_user_input_id

    def _complaint_survey_send(self):
        """E-mail the survey to the customers of these complaints.

        The answer (``survey.user_input``) of each complaint is created once and
        reused on every later sending. Complaints already answered, or whose
        customer has no e-mail address, get no e-mail.
        """
        tickets = self.filtered(
            lambda t: t.is_complaint and t.survey_user_input_id.state != "done"
        )
        tickets._complaint_survey_ensure_inputs()
        tickets = tickets.filtered("survey_user_input_id")
        now = fields.Datetime.now()
        to_mail = tickets.filtered(lambda t: t.partner_id.email or t.partner_email)
        without_address = tickets - to_mail
        if to_mail:
            template = self.env.ref(
                "complaint_survey.mail_template_complaint_survey"
            ).sudo()
            template.send_mail_batch(
                to_mail.ids, email_layout_xmlid="mail.mail_notification_light"
            )
            to_mail.sudo().write({"survey_sent_date": now, "survey_due_date": False})
            # The chatter is read by users who see contact data masked: say
            # how the survey went out, not to which address.
            to_mail._message_log_batch(
                bodies=dict.fromkeys(
                    to_mail.ids,
                    Markup("<p>%s</p>")
                    % self.env._("Satisfaction survey sent to the customer by e-mail."),
                )
            )
            for survey, group in to_mail.grouped(
                lambda t: t.survey_user_input_id.survey_id
            ).items():
                group._complaint_log(
                    "survey",
                    self.env._("Satisfaction survey sent"),
                    {"survey_id": survey.id},
                )
        if without_address:
            without_address.sudo().write({"survey_due_date": False})
            without_address._message_log_batch(
                bodies=dict.fromkeys(
                    without_address.ids,
                    Markup("<p>%s</p>")
                    % self.env._(
                        "The customer has no e-mail address: ask the satisfaction "
                        "questions in the follow-up call."
                    ),
                )
            )
        return to_mail

    @api.model
    def _cron_complaint_survey_send(self, batch_size=200):
        """Send the surveys that are due, in batches."""
        domain = [
            ("is_complaint", "=", True),
            ("survey_due_date", "<=", fields.Datetime.now()),
        ]
        tickets = self.search(domain, order="survey_due_date, id", limit=batch_size)
        if not tickets:
            return 0
        # Complaints sent back to work (or withdrawn) meanwhile are not surveyed.
        left = tickets.filtered(
            lambda t: (
                not t.survey_rule_id
                or not self._complaint_survey_step_reached(
                    t.survey_rule_id, t.complaint_state
                )
            )
        )
        if left:
            left.sudo().write({"survey_due_date": False})
        sent = (tickets - left)._complaint_survey_send()
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(tickets), remaining=remaining)
        return len(sent)

    # ------------------------------------------------------------------
    # Answers
    # ------------------------------------------------------------------

    @api.model
    def _complaint_nps_category(self, score):
        if score is None:
            return False
        if score >= 9:
            return "promoter"
        if score >= 7:
            return "passive"
        return "detractor"

    def _complaint_survey_answered(self, scores_by_ticket):
        """Store the scores of the answered surveys and react to low scores.

        :param dict scores_by_ticket: {ticket id: scores} as returned by
            ``survey.user_input._complaint_scores``
        """
        rules = self._complaint_survey_get_rule()
        now = fields.Datetime.now()
        low = self.browse()
        for ticket in self:
            scores = scores_by_ticket.get(ticket.id) or {}
            answer = ticket.survey_user_input_id
            csat = scores.get("csat")
            rule = rules.get(ticket.id)
            threshold = rule.low_score_threshold if rule else 2
            is_low = (csat is not None and csat <= threshold) or scores.get(
                "solved"
            ) == "no"
            # The customer's answer, stored by the system whoever submits it.
            # A question left unanswered leaves its score empty (NULL), never
            # 0: averages then count only the answers given.
            score_vals = {
                fname: scores[metric]
                for metric, fname in SCORE_FIELDS.items()
                if scores.get(metric) is not None
            }
            # An empty score is read as 0: out of the cache, an answer of 0
            # (a recommendation) is not mistaken for "unchanged".
            ticket.invalidate_recordset(list(score_vals))
            ticket.sudo().write(
                {
                    **score_vals,
                    "csat_satisfied": csat is not None and csat >= 4,
                    "nps_category": self._complaint_nps_category(scores.get("nps")),
                    "problem_solved": scores.get("solved") or False,
                    "survey_comment": scores.get("comment") or False,
                    "survey_low_score": is_low,
                    "survey_answer_date": answer.end_datetime or now,
                    "survey_by_phone": answer.answered_by_phone,
                    "survey_due_date": False,
                }
            )
            if is_low:
                low |= ticket
            ticket._complaint_log(
                "survey",
                self.env._("Satisfaction survey answered"),
                {
                    "csat": csat,
                    "nps": scores.get("nps"),
                    "speed": scores.get("speed"),
                    "attitude": scores.get("attitude"),
                    "solved": scores.get("solved"),
                    "by_phone": answer.answered_by_phone,
                    # An agent who opened it for a call held the customer's
                    # link: recorded, as the answer cannot tell who sent it.
                    "phone_agent": answer.phone_agent_id.login or "",
                    "low": is_low,
                },
            )
        odoobot = self.env.ref("base.partner_root")
        self._message_log_batch(
            bodies={t.id: t._complaint_survey_summary() for t in self},
            author_id=odoobot.id,
        )
        if low:
            low._complaint_survey_low_score(rules)

    def _complaint_survey_summary(self):
        self.ensure_one()
        solved = dict(self._fields["problem_solved"]._description_selection(self.env))
        parts = []
        if self.csat_score:
            parts.append(self.env._("satisfaction %(score)s/5", score=self.csat_score))
        if self.nps_category:
            parts.append(
                self.env._("recommendation %(score)s/10", score=self.nps_score)
            )
        if self.problem_solved:
            parts.append(solved[self.problem_solved])
        agent = self.survey_user_input_id.phone_agent_id
        if self.survey_by_phone:
            intro = self.env._("The satisfaction survey was answered by phone:")
        elif agent:
            intro = self.env._(
                "The satisfaction survey was answered from the customer's link, "
                "which %(agent)s had also opened for a phone call:",
                agent=agent.name,
            )
        else:
            intro = self.env._("The customer answered the satisfaction survey:")
        body = Markup("<p>%s %s</p>") % (intro, ", ".join(parts) or "-")
        if self.survey_comment:
            body += Markup("<blockquote>%s</blockquote>") % self.survey_comment
        return body

    def _complaint_survey_low_score(self, rules):
        """Give low scores back to the supervisor; reopen when the rule says so."""
        activity_type = self.env.ref(
            "complaint_survey.mail_activity_complaint_survey_low"
        )
        self._complaint_notify_supervisors(
            lambda env, ticket: env._("Low satisfaction: call the customer"),
            "complaint_survey.mail_activity_complaint_survey_low",
            days=activity_type.delay_count or 0,
            automated=False,
        )
        self._complaint_log(
            "survey", self.env._("Low satisfaction score"), {"activity": True}
        )
        to_reopen = self.filtered(
            lambda t: rules.get(t.id) and rules[t.id].reopen_on_low_score
        )
        for ticket in to_reopen:
            ticket._complaint_survey_reopen()

    def _complaint_survey_reopen(self):
        """Send the complaint back to Solution (a closed one back to Accepted).

        Never blocks the customer's answer: if the move is refused the reason
        is written in the chatter instead.
        """
        self.ensure_one()
        Stage = self.env["helpdesk.ticket.stage"]
        state = "accepted" if self.stage_id.closed else "solution"
        stage = Stage._complaint_stage(state, self.company_id)
        if not stage and self.team_id:
            stage = self.team_id._get_applicable_stages().filtered(
                lambda s: not s.closed
            )[:1]
        if not stage or stage == self.stage_id:
            return False
        try:
            with self.env.cr.savepoint():
                self.write({"stage_id": stage.id})
        except UserError as error:
            self._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "The complaint could not be reopened after the low "
                    "satisfaction score: %(reason)s",
                    reason=error.args[0],
                )
            )
            return False
        self._complaint_log(
            "survey",
            self.env._("Reopened after a low satisfaction score"),
            {"stage": stage.complaint_state or stage.name},
        )
        return True

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def _complaint_survey_check_ready(self):
        self.ensure_one()
        if not self.is_complaint or self.complaint_state not in SURVEY_STATES:
            raise UserError(
                self.env._(
                    "The satisfaction survey is for complaints in follow-up or "
                    "archived."
                )
            )
        if self.survey_user_input_id.state == "done":
            raise UserError(
                self.env._("The customer already answered the satisfaction survey.")
            )
        if not self._complaint_survey_get_rule().get(self.id):
            raise UserError(
                self.env._(
                    "No satisfaction survey is configured for this complaint's "
                    "team and severity."
                )
            )

    def _complaint_survey_link(self):
        """The survey link of the closing e-mail, while the answer is open."""
        self.ensure_one()
        answer = self.sudo().survey_user_input_id
        if answer and answer.state != "done":
            return self.get_base_url() + answer.get_start_url()
        return super()._complaint_survey_link()

    def action_complaint_survey_send(self):
        """Send (or send again) the survey to the customer now."""
        self.ensure_one()
        self.check_access("write")
        self._complaint_survey_check_ready()
        if not (self.partner_id.email or self.partner_email):
            raise UserError(
                self.env._("The customer has no e-mail address to send the survey to.")
            )
        self._complaint_survey_send()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The satisfaction survey was sent."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_complaint_survey_phone(self):
        """Open the survey to fill it in while talking to the customer."""
        self.ensure_one()
        self.check_access("write")
        if not self.env.user.has_group("consumer_complaint.group_complaint_followup"):
            raise UserError(
                self.env._("Only follow-up agents fill in surveys by phone.")
            )
        self._complaint_survey_check_ready()
        answer = self._complaint_survey_ensure_inputs()
        answer.write({"phone_agent_id": self.env.uid})
        return {
            "type": "ir.actions.act_url",
            "target": "new",
            "url": answer.get_start_url(),
        }

    def action_view_survey_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_survey.survey_user_input_action_complaint"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"create": False}
        if len(self.survey_user_input_ids) == 1:
            action.update(views=[(False, "form")], res_id=self.survey_user_input_ids.id)
        return action
