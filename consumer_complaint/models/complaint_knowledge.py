# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .helpdesk_ticket import ROOT_CAUSE_TYPES


class ComplaintKnowledge(models.Model):
    _name = "complaint.knowledge"
    _description = "Complaint Knowledge Entry"
    _inherit = ["mail.thread"]
    _order = "write_date desc"

    name = fields.Char(required=True, translate=True, tracking=True)
    category_id = fields.Many2one("helpdesk.ticket.category", index=True)
    problem = fields.Html(translate=True)
    solution = fields.Html(translate=True)
    root_cause_type = fields.Selection(ROOT_CAUSE_TYPES)
    root_cause_notes = fields.Text(string="Root cause (5 whys)")
    corrective_action = fields.Text()
    keywords = fields.Char(help="Words that find this entry for similar complaints.")
    # The entry is shared with every employee; which complaint it came from
    # (its number and title) is for the people who handle complaints.
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Source complaint",
        ondelete="set null",
        groups="consumer_complaint.group_complaint_handler",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
