# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class HelpdeskTicketSla(models.Model):
    _name = "helpdesk.ticket.sla"
    _inherit = ["helpdesk.ticket.sla", "complaint.decision.mixin"]

    complaint_sla_kind = fields.Selection(
        related="sla_id.complaint_sla_kind", store=True
    )

    @api.model
    def _complaint_decision_fields(self):
        # Whether a deadline was met and when it falls follow from the
        # policy and the stage moves; written by hand they would hide a
        # breach from the escalation and the reports.
        return super()._complaint_decision_fields() | {
            "state",
            "deadline",
            "hours",
            "consumed_time",
            "last_state_date",
            "expected_stage_id",
            "complaint_sla_kind",
        }

    def write(self, vals):
        # Lines are added for a ticket's policies (helpdesk_mgmt_sla); moving
        # one to another policy or ticket would change its deadline.
        moved = {"sla_id", "ticket_id"}.intersection(vals)
        if moved and not self.env.su:
            if any(not self._complaint_unchanged(f, vals[f]) for f in moved):
                raise AccessError(
                    self.env._(
                        "A deadline line cannot be moved to another policy or "
                        "ticket: change the ticket's team, category or grade and "
                        "its deadlines follow."
                    )
                )
        return super().write(vals)

    @api.depends("sla_id", "ticket_id.peak_period_id")
    def _compute_sla_data(self):
        res = super()._compute_sla_data()
        # A peak period (e.g. Spring Festival) shortens the allowed time.
        for record in self:
            factor = record.ticket_id.peak_period_id.factor
            if factor:
                record.hours *= factor
        return res

    def _stage_recompute(self):
        # Run on the stage move the user was allowed to make: the clock and
        # the state of the deadline are the system's to write.
        return super(HelpdeskTicketSla, self.sudo())._stage_recompute()

    def _complaint_mark_reached(self):
        """The target of these SLA lines was reached outside a stage change
        (e.g. the first reply to the customer)."""
        now = fields.Datetime.now()
        for record in self.sudo().filtered(
            lambda r: r.state in ("in_progress", "on_hold")
        ):
            record.state = (
                "accomplished"
                if not record.deadline or record.deadline >= now
                else "expired"
            )
