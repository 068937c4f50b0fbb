# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ComplaintCompensationWaive(models.TransientModel):
    _name = "complaint.compensation.waive"
    _description = "Waive Compensation"

    line_ids = fields.Many2many("complaint.compensation.line", required=True)
    reason = fields.Text(
        required=True,
        help="Why the approved compensation is not carried out; kept in the event log.",
    )

    def action_waive(self):
        self.ensure_one()
        self.line_ids._waive(self.reason)
        return {"type": "ir.actions.act_window_close"}
