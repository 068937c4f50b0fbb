# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class HelpdeskTicketMerge(models.TransientModel):
    """helpdesk_mgmt_merge's wizard, for complaints.

    The OCA wizard merges any tickets into any ticket (or a new one), as the
    user, archives the others and posts a comment to every follower of each.
    Complaints are merged under the desk's rules instead
    (``helpdesk.ticket._complaint_merge``): same customer and company, open,
    into the oldest (its number, deadlines and event log go on), the others
    closed with a link (kept visible to the logged-in customer, their
    tracking links ended), compensation moved, one ``merge`` event-log entry
    on each complaint involved and one message to the customer. Other
    tickets keep the OCA behaviour.
    """

    _inherit = "helpdesk.ticket.merge"

    is_complaint_merge = fields.Boolean(compute="_compute_is_complaint_merge")

    @api.depends("ticket_ids", "dst_ticket_id")
    def _compute_is_complaint_merge(self):
        for wizard in self:
            tickets = wizard.ticket_ids | wizard.dst_ticket_id
            wizard.is_complaint_merge = any(tickets.mapped("is_complaint"))

    @api.model
    def default_get(self, fields_list):
        tickets = self.env["helpdesk.ticket"].browse(
            self.env.context.get("active_ids") or []
        )
        complaints = tickets.filtered("is_complaint")
        if complaints:
            # Refused before the screen opens, with the reason.
            tickets._complaint_merge_check()
        result = super().default_get(fields_list)
        if complaints:
            survivor = tickets._complaint_merge_survivor()
            result.update(
                dst_ticket_id=survivor.id,
                dst_helpdesk_team_id=survivor.team_id.id,
                create_new_ticket=False,
                user_id=survivor.user_id.id,
            )
        return result

    def merge_tickets(self):
        self.ensure_one()
        if not self.is_complaint_merge:
            return super().merge_tickets()
        if self.create_new_ticket:
            raise UserError(
                self.env._(
                    "Complaints are merged into the oldest of them, not into a new "
                    "complaint: untick the new ticket option."
                )
            )
        tickets = self.ticket_ids | self.dst_ticket_id
        survivor = tickets._complaint_merge_survivor()
        if self.dst_ticket_id and self.dst_ticket_id != survivor:
            raise UserError(
                self.env._(
                    "Complaints are merged into the oldest of them, %(number)s: "
                    "choose it as the complaint to merge into.",
                    number=survivor.number,
                )
            )
        survivor = tickets._complaint_merge()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "views": [[False, "form"]],
            "res_id": survivor.id,
        }
