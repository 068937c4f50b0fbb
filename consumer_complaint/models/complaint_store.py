# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ComplaintStore(models.Model):
    _name = "complaint.store"
    _description = "Store"
    _order = "code, name"

    name = fields.Char(required=True)
    code = fields.Char(required=True, index=True)
    region_id = fields.Many2one(
        "res.country.state",
        string="Province",
        domain="[('country_id.code', '=', 'CN')]",
    )
    city = fields.Char()
    street = fields.Char(string="Address")
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Default team",
        domain="[('is_complaint_team', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The store code must be unique per company.",
        )
    ]
