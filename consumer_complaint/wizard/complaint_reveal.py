# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ComplaintReveal(models.TransientModel):
    """Read-only window with the full contact details of one complaint.

    Created by ``helpdesk.ticket.action_complaint_reveal`` after the access
    check and the event-log entry; never masked.
    """

    _name = "complaint.reveal"
    _description = "Revealed Personal Data"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    partner_phone = fields.Char(string="Contact phone", readonly=True)
    partner_email = fields.Char(string="Email", readonly=True)
    id_number = fields.Char(string="ID number", readonly=True)
    contact_address = fields.Char(string="Contact address", readonly=True)
