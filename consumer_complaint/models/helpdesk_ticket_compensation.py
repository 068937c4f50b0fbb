# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .helpdesk_ticket import STATE_ORDER

GRANTED_STATES = ("approved", "done")
# Steps after execution: every line is settled (done, rejected or waived)
# before the complaint reaches them.
AFTER_EXECUTION = tuple(
    state
    for state in STATE_ORDER[STATE_ORDER.index("execution") + 1 :]
    if state != "withdrawn"
)
COMPENSATION_ACTIVITY = "consumer_complaint.mail_activity_complaint_compensation"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    compensation_line_ids = fields.One2many(
        "complaint.compensation.line", "ticket_id", string="Compensation lines"
    )
    compensation_amount = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_compensation_amount",
        store=True,
        readonly=True,
        copy=False,
        help="Total of the approved and carried-out compensation, in the "
        "company's currency.",
    )
    compensation_pending_count = fields.Integer(
        string="Lines to approve", compute="_compute_compensation_pending_count"
    )
    partner_compensation_total = fields.Monetary(
        string="Granted to this customer",
        compute="_compute_partner_compensation_total",
        help="Compensation approved or carried out on all complaints of this customer.",
    )

    @api.model
    def _complaint_decision_fields(self):
        return super()._complaint_decision_fields() | {"compensation_amount"}

    @api.depends("compensation_line_ids.state", "compensation_line_ids.amount_company")
    def _compute_compensation_amount(self):
        for ticket in self:
            lines = ticket.compensation_line_ids
            ticket.compensation_amount = sum(
                lines.filtered(lambda line: line.state in GRANTED_STATES).mapped(
                    "amount_company"
                )
            )

    @api.depends("compensation_line_ids.state")
    def _compute_compensation_pending_count(self):
        for ticket in self:
            ticket.compensation_pending_count = len(
                ticket._complaint_pending_compensation()
            )

    def _compute_partner_compensation_total(self):
        partners = self.partner_id
        totals = {}
        if partners:
            groups = self.env["complaint.compensation.line"]._read_group(
                [("partner_id", "in", partners.ids), ("state", "in", GRANTED_STATES)],
                ["partner_id"],
                ["amount_company:sum"],
            )
            totals = {partner.id: amount for partner, amount in groups}
        for ticket in self:
            ticket.partner_compensation_total = totals.get(ticket.partner_id.id, 0.0)

    # ------------------------------------------------------------------
    # Workflow hooks
    # ------------------------------------------------------------------

    def _complaint_pending_compensation(self):
        # Also asked for users who may not read the lines (receptionists).
        pending = self.sudo().compensation_line_ids.filtered(
            lambda line: line.state == "proposed"
        )
        return pending.with_env(self.env)

    @api.depends("severity_id.requires_approval", "compensation_line_ids.state")
    def _compute_approval_required(self):
        return super()._compute_approval_required()

    def _complaint_needs_approval(self):
        return super()._complaint_needs_approval() or bool(
            self._complaint_pending_compensation()
        )

    def _complaint_check_transition(self, new_stage):
        if new_stage.complaint_state == "feedback":
            pending = self._complaint_pending_compensation()
            if pending:
                raise UserError(
                    self.env._(
                        "Complaint %(number)s cannot move to %(stage)s: the "
                        "compensation %(lines)s still waits for approval.",
                        number=self.number,
                        stage=new_stage.name,
                        lines=", ".join(pending.mapped("name")),
                    )
                )
        res = super()._complaint_check_transition(new_stage)
        if new_stage.complaint_state in AFTER_EXECUTION:
            self._complaint_check_compensation_settled(new_stage)
        return res

    def _complaint_check_compensation_settled(self, new_stage):
        """Granted compensation is carried out before the follow-up: an
        approved line must be done (with its proof) or waived by a
        supervisor, a proposed one approved or rejected."""
        lines = self.sudo().compensation_line_ids
        approved = lines.filtered(lambda line: line.state == "approved")
        proposed = lines.filtered(lambda line: line.state == "proposed")
        problems = []
        if approved:
            problems.append(
                self.env._(
                    "The compensation %(lines)s is approved but not carried out: "
                    "mark it as done with its proof of execution (refund number, "
                    "coupon code or shipment number), or have a supervisor waive "
                    "it with a reason.",
                    lines=", ".join(approved.mapped("name")),
                )
            )
        if proposed:
            problems.append(
                self.env._(
                    "The compensation %(lines)s still waits for a decision: a "
                    "supervisor must approve or reject it first.",
                    lines=", ".join(proposed.mapped("name")),
                )
            )
        if problems:
            raise UserError(
                self.env._(
                    "Complaint %(number)s cannot move to %(stage)s. %(problems)s",
                    number=self.number,
                    stage=new_stage.name,
                    problems=" ".join(problems),
                )
            )

    def action_complaint_approve(self):
        """Approving the solution approves its pending compensation too,
        within the approver's authority."""
        self.ensure_one()
        self._complaint_check_supervisor()
        pending = self._complaint_pending_compensation()
        if pending and self.complaint_state == "review":
            pending.action_approve()
        return super().action_complaint_approve()

    def _complaint_notify_compensation_approvers(self, lines):
        """One activity per complaint for the people who may approve its
        lines: the team's supervisor, or the managers above their limit."""
        managers = self.env.ref("consumer_complaint.group_complaint_manager").users

        def approvers(ticket):
            ticket_lines = lines.filtered(lambda line: line.ticket_id == ticket)
            if "manager" in ticket_lines.mapped("required_level"):
                return managers.filtered(
                    lambda u: not u.share and ticket.company_id in u.company_ids
                )[:1]
            return ticket._complaint_supervisors()

        def summary(env, ticket):
            names = lines.filtered(lambda line: line.ticket_id == ticket).mapped("name")
            return env._("Compensation to approve: %s", ", ".join(names))

        # automated: closed when the last line is decided.
        lines.ticket_id._complaint_notify_supervisors(
            summary, COMPENSATION_ACTIVITY, users=approvers
        )

    def _complaint_close_compensation_activities(self):
        decided = self.filtered(lambda t: not t._complaint_pending_compensation())
        if decided:
            decided.sudo().activity_feedback(
                [COMPENSATION_ACTIVITY], feedback=self.env._("Decided")
            )

    def _complaint_notify_compensation_done(self, lines):
        """Tell the customer, in their language, what was carried out."""
        for ticket in lines.ticket_id:
            done = lines.filtered(lambda line, t=ticket: line.ticket_id == t)
            lang = ticket.partner_id.lang or "zh_CN"
            body = self.env["ir.qweb"]._render(
                "consumer_complaint.complaint_compensation_done_message",
                {"ticket": ticket, "lines": done.with_context(lang=lang)},
                lang=lang,
            )
            ticket.message_post(
                body=body,
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
            )

    def _complaint_portal_compensation_lines(self):
        """What the customer sees: granted remedies, once the solution is sent."""
        self.ensure_one()
        if self.complaint_state not in (
            "feedback",
            "execution",
            "followup",
            "archived",
        ):
            return []
        return self.sudo().compensation_line_ids.filtered(
            lambda line: line.state in GRANTED_STATES
        )
