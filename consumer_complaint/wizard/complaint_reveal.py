# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ComplaintReveal(models.TransientModel):
    """Read-only window with the full contact details of one complaint.

    Created (as superuser) by ``helpdesk.ticket.action_complaint_reveal`` and
    ``action_complaint_call`` after the access check and the event-log entry;
    never masked. Only the user it was made for reads it (record rule
    ``complaint_reveal_rule_creator``); a row made directly holds only what
    its creator typed, and the complaint's anonymisation deletes its rows.
    """

    _name = "complaint.reveal"
    _description = "Revealed Personal Data"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    partner_phone = fields.Char(string="Contact phone", readonly=True)
    partner_email = fields.Char(string="Email", readonly=True)
    id_number = fields.Char(string="ID number", readonly=True)
    contact_address = fields.Char(string="Contact address", readonly=True)
