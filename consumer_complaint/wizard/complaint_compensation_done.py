# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ComplaintCompensationDone(models.TransientModel):
    _name = "complaint.compensation.done"
    _description = "Record Executed Compensation"

    line_ids = fields.Many2many("complaint.compensation.line", required=True)
    reference = fields.Char(
        help="Refund number, coupon code or shipment number. With the Loyalty "
        "app installed, leave it empty on a coupon to issue the coupon.",
    )

    def action_done(self):
        self.ensure_one()
        self.line_ids._mark_done(self.reference)
        return {"type": "ir.actions.act_window_close"}
