# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketChannel(models.Model):
    _inherit = "helpdesk.ticket.channel"

    code = fields.Selection(
        selection_add=[
            ("miniprogram", "WeChat mini-program"),
            ("app", "Mobile app"),
            ("erp", "Order system / ERP / CRM"),
        ],
        ondelete={"miniprogram": "set null", "app": "set null", "erp": "set null"},
    )
