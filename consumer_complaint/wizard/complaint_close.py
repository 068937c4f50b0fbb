# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from ..models.helpdesk_ticket import ROOT_CAUSE_TYPES


class ComplaintClose(models.TransientModel):
    _name = "complaint.close"
    _description = "Close a Complaint"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    resolution = fields.Html(required=True)
    root_cause_type = fields.Selection(ROOT_CAUSE_TYPES, required=True)
    root_cause_notes = fields.Text(
        string="Root cause (5 whys)",
        help="Ask why five times: each answer on its own line.",
    )
    corrective_action = fields.Text()
    create_knowledge = fields.Boolean(
        string="Add to the knowledge base",
        help="Handlers of similar complaints will see this case and its solution.",
    )

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        ticket = self.env["helpdesk.ticket"].browse(defaults.get("ticket_id"))
        if ticket:
            defaults.setdefault("resolution", ticket.resolution or ticket.solution)
            defaults.setdefault("root_cause_type", ticket.root_cause_type)
            defaults.setdefault("root_cause_notes", ticket.root_cause_notes)
            defaults.setdefault("corrective_action", ticket.corrective_action)
        return defaults

    def action_close(self):
        self.ensure_one()
        if is_html_empty(self.resolution):
            raise UserError(self.env._("Describe the resolution before closing."))
        ticket = self.ticket_id
        ticket.write(
            {
                "resolution": self.resolution,
                "root_cause_type": self.root_cause_type,
                "root_cause_notes": self.root_cause_notes,
                "corrective_action": self.corrective_action,
            }
        )
        ticket._complaint_move_to("archived")
        if self.create_knowledge:
            return ticket.action_complaint_create_knowledge()
        return {"type": "ir.actions.act_window_close"}
