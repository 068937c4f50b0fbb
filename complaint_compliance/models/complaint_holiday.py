# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ComplaintHoliday(models.Model):
    """Public holidays and adjusted working days of mainland China.

    Regulators count their deadlines in working days: weekends and public
    holidays are rest days, and some weekends are working days (调休上班).
    """

    _name = "complaint.holiday"
    _description = "Public Holiday or Adjusted Working Day"
    _order = "date"

    date = fields.Date(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [("holiday", "Public holiday"), ("workday", "Adjusted working day")],
        required=True,
        default="holiday",
    )

    _sql_constraints = [
        ("date_uniq", "unique(date)", "A date can only be listed once."),
    ]

    @api.model
    def _calendar(self, date_from, date_to):
        """(holidays, workdays) as sets of dates between the two dates."""
        records = self.search_read(
            [("date", ">=", date_from), ("date", "<=", date_to)], ["date", "kind"]
        )
        holidays = {r["date"] for r in records if r["kind"] == "holiday"}
        workdays = {r["date"] for r in records if r["kind"] == "workday"}
        return holidays, workdays
