# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskTicketSla(models.Model):
    _inherit = "helpdesk.ticket.sla"

    complaint_sla_kind = fields.Selection(
        related="sla_id.complaint_sla_kind", store=True
    )

    @api.depends("sla_id", "ticket_id.peak_period_id")
    def _compute_sla_data(self):
        res = super()._compute_sla_data()
        # A peak period (e.g. Spring Festival) shortens the allowed time.
        for record in self:
            factor = record.ticket_id.peak_period_id.factor
            if factor:
                record.hours *= factor
        return res

    def _complaint_mark_reached(self):
        """The target of these SLA lines was reached outside a stage change
        (e.g. the first reply to the customer)."""
        now = fields.Datetime.now()
        for record in self.filtered(lambda r: r.state in ("in_progress", "on_hold")):
            record.state = (
                "accomplished"
                if not record.deadline or record.deadline >= now
                else "expired"
            )
