# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_extend_holiday_end = fields.Boolean(
        related="company_id.complaint_extend_holiday_end", readonly=False
    )
    complaint_holiday_coverage = fields.Char(
        string="Holiday calendar",
        compute="_compute_complaint_holiday_coverage",
        help="Working-day checks that reach a year without public holidays say "
        "'cannot check' until the year is entered.",
    )

    @api.depends("company_id")
    def _compute_complaint_holiday_coverage(self):
        year = fields.Date.context_today(self).year
        wanted = (year, year + 1)
        covered = self.env["complaint.holiday"]._years_covered(wanted)
        parts = [
            self.env._("%(year)s: entered", year=y)
            if y in covered
            else self.env._("%(year)s: NOT entered", year=y)
            for y in wanted
        ]
        for settings in self:
            settings.complaint_holiday_coverage = ", ".join(parts)
