# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_extend_holiday_end = fields.Boolean(
        string="Extend periods ending on a public holiday",
        help="民法典 art. 203: a period whose last day is a statutory holiday ends "
        "on the day after the holiday. Whether this extends the 7-day return and "
        "refund periods needs legal review: the company decides.",
    )
