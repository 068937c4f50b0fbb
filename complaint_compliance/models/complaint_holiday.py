# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ComplaintHoliday(models.Model):
    """Public holidays and adjusted working days of mainland China.

    Regulators and the 12315 ODR system count deadlines in working days:
    weekends and public holidays are rest days, and some weekends are working
    days (调休上班). The State Council publishes the schedule each year; a
    year without any public holiday entered is "not covered" and working-day
    checks reaching into it say so instead of guessing.
    """

    _name = "complaint.holiday"
    _description = "Public Holiday or Adjusted Working Day"
    _order = "date"

    date = fields.Date(required=True, index=True)
    year = fields.Integer(compute="_compute_year", store=True, index=True)
    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [("holiday", "Public holiday"), ("workday", "Adjusted working day")],
        required=True,
        default="holiday",
    )

    _sql_constraints = [
        ("date_uniq", "unique(date)", "A date can only be listed once."),
    ]

    @api.depends("date")
    def _compute_year(self):
        for holiday in self:
            holiday.year = holiday.date.year if holiday.date else 0

    @api.model
    def _calendar(self, date_from, date_to):
        """(holidays, workdays) as sets of dates between the two dates."""
        records = self.search_read(
            [("date", ">=", date_from), ("date", "<=", date_to)], ["date", "kind"]
        )
        holidays = {r["date"] for r in records if r["kind"] == "holiday"}
        workdays = {r["date"] for r in records if r["kind"] == "workday"}
        return holidays, workdays

    @api.model
    def _years_covered(self, years):
        """The years among ``years`` whose public holidays are entered.

        Every year in China has public holidays (New Year's Day at least),
        so a year with none entered is a year nobody filled in.
        """
        groups = self._read_group(
            [("year", "in", list(years)), ("kind", "=", "holiday")], ["year"]
        )
        return {year for (year,) in groups}
