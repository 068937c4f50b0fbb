# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ComplaintCustomerResponse(models.TransientModel):
    _name = "complaint.customer.response"
    _description = "Customer's Answer to a Solution"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    solution = fields.Html(related="ticket_id.solution")
    decision = fields.Selection(
        [("accept", "The customer accepts"), ("reject", "The customer rejects")],
        required=True,
        default="accept",
    )
    reason = fields.Text(
        help="Why the customer rejects the solution; the complaint is escalated "
        "and goes back to the solution step."
    )

    def action_confirm(self):
        self.ensure_one()
        if self.decision == "accept":
            self.ticket_id._complaint_customer_accept()
        else:
            self.ticket_id._complaint_customer_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
