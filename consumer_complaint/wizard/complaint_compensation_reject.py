# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ComplaintCompensationReject(models.TransientModel):
    _name = "complaint.compensation.reject"
    _description = "Reject Compensation"

    line_ids = fields.Many2many("complaint.compensation.line", required=True)
    reason = fields.Text(
        required=True, help="Told to the handler and kept in the event log."
    )

    def action_reject(self):
        self.ensure_one()
        self.line_ids._reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
