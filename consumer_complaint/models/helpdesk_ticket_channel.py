# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

CHANNEL_CODES = [
    ("portal", "Customer portal"),
    ("web_form", "Public web form"),
    ("email", "E-mail"),
    ("hotline", "Hotline"),
    ("store_qr", "Store QR code"),
    ("regulator", "Regulator transfer"),
    ("social", "Social media"),
    ("walk_in", "Walk-in"),
]


class HelpdeskTicketChannel(models.Model):
    _inherit = "helpdesk.ticket.channel"

    code = fields.Selection(
        CHANNEL_CODES,
        string="Complaint channel",
        help="How complaints that arrive through this channel are handled "
        "(e.g. a regulator transfer asks for the regulator's case number).",
    )
