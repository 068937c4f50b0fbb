# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from xlsxwriter.utility import xl_rowcol_to_cell


class ComplaintHealthXlsx(models.AbstractModel):
    """The monthly consumer rights health report as a workbook.

    Written with xlsxwriter's ``constant_memory``: each row goes to disk as
    soon as the next one starts, so the raw rows of a month of a large
    company (100,000 and more) never sit in memory. Every sheet is therefore
    written strictly top to bottom.
    """

    _name = "report.complaint_reports.health_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Consumer Rights Health Report (XLSX)"

    def get_workbook_options(self):
        # Text is written with write_string (see _HealthWorkbook._text); the
        # two options keep a stray write() from turning text into a formula
        # or a link as well.
        return {
            "constant_memory": True,
            "remove_timezone": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        }

    def _get_objs_for_report(self, docids, data):
        return self.env["complaint.health.report"].browse(
            docids or (data or {}).get("context", {}).get("active_ids") or []
        )

    def generate_xlsx_report(self, workbook, data, objs):
        for wizard in objs:
            _HealthWorkbook(self.env, workbook, wizard).render()


class _HealthWorkbook:
    """The sheets of one report; a plain helper, not a model."""

    def __init__(self, env, workbook, wizard):
        self.env = env
        self.workbook = workbook
        self.wizard = wizard
        self.data = wizard._health_data()
        self.formats = self._formats()

    def _formats(self):
        add = self.workbook.add_format
        base = {"font_name": "WenQuanYi Zen Hei", "font_size": 10}
        return {
            "title": add(dict(base, bold=True, font_size=14)),
            "head": add(dict(base, bold=True, bg_color="#D9E1F2", border=1)),
            "text": add(base),
            "int": add(dict(base, num_format="#,##0")),
            "float": add(dict(base, num_format="#,##0.0")),
            "pct": add(dict(base, num_format="0.0")),
            "money": add(dict(base, num_format="#,##0.00")),
            "date": add(dict(base, num_format="yyyy-mm-dd")),
            "datetime": add(dict(base, num_format="yyyy-mm-dd hh:mm")),
        }

    def render(self):
        _ = self.env._
        self._kpi_sheet(_("KPI summary"))
        self._trend_sheet(_("Trend"))
        self._category_sheet(_("Categories"))
        self._heat_sheet(_("Heat map"))
        self._team_sheet(_("SLA by team"))
        self._compensation_sheet(_("Compensation"))
        self._top_sheet(_("Top issues"))
        self._raw_sheet(_("Raw rows"))

    # helpers --------------------------------------------------------------

    def _text(self, sheet, row, column, value, kind="text"):
        """Every text cell as a string: a name or reference typed by staff
        that starts with "=" (=HYPERLINK(…)) stays text in the workbook,
        never a live formula."""
        sheet.write_string(row, column, str(value or ""), self.formats[kind])

    def _title(self, sheet, text):
        self._text(sheet, 0, 0, text, "title")
        self._text(
            sheet,
            1,
            0,
            self.env._(
                "%(company)s, %(first)s to %(last)s",
                company=self.data["company"].name,
                first=self.data["first"],
                last=self.data["last"],
            ),
        )

    def _header(self, sheet, row, labels, widths=None):
        for column, label in enumerate(labels):
            self._text(sheet, row, column, label, "head")
            if widths:
                sheet.set_column(column, column, widths[column])

    def _number(self, sheet, row, column, value, kind):
        if value is None:
            sheet.write_blank(row, column, None, self.formats[kind])
        else:
            sheet.write_number(row, column, float(value), self.formats[kind])

    def _kpi_rows(self, sheet, row, rows, first_label):
        """One line per group: name, complaints, the usual rates and times."""
        _ = self.env._
        columns = [
            ("total", "int"),
            ("response_sla_rate", "pct"),
            ("resolution_sla_rate", "pct"),
            ("resolved_rate", "pct"),
            ("mttr_hours", "float"),
            ("repeat_rate", "pct"),
        ]
        self._header(
            sheet,
            row,
            [
                first_label,
                _("Complaints"),
                _("First response on time (%)"),
                _("Solution on time (%)"),
                _("Resolution rate (%)"),
                _("Mean time to close (h)"),
                _("Repeat complaints (%)"),
            ],
            [28, 12, 14, 14, 14, 14, 14],
        )
        for line in rows:
            row += 1
            self._text(sheet, row, 0, line["key"])
            for column, (key, kind) in enumerate(columns, start=1):
                self._number(sheet, row, column, line.get(key), kind)
        return row

    # sheets -------------------------------------------------------------

    def _kpi_sheet(self, name):
        _ = self.env._
        sheet = self.workbook.add_worksheet(name)
        self._title(sheet, _("Consumer rights health report"))
        self._header(
            sheet,
            3,
            [_("Indicator"), _("This month"), _("Previous month")],
            [36, 16, 16],
        )
        row = 3
        for key, label, kind in self.data["kpi_lines"]:
            row += 1
            self._text(sheet, row, 0, label)
            self._number(sheet, row, 1, self.data["kpis"].get(key), kind)
            self._number(sheet, row, 2, self.data["previous"].get(key), kind)

    def _trend_sheet(self, name):
        _ = self.env._
        sheet = self.workbook.add_worksheet(name)
        self._title(sheet, _("Complaints per day"))
        self._header(
            sheet,
            3,
            # Counts of complaints: "Registered" alone read as a date column.
            [
                _("Day"),
                _("Complaints"),
                _("Of which closed"),
                _("First response on time (%)"),
            ],
            [12, 12, 16, 18],
        )
        row = 3
        for day, values in self.data["trend"]:
            row += 1
            sheet.write_datetime(row, 0, day, self.formats["date"])
            sheet.write_number(row, 1, values.get("total", 0), self.formats["int"])
            sheet.write_number(row, 2, values.get("closed", 0), self.formats["int"])
            self._number(sheet, row, 3, values.get("response_sla_rate"), "pct")
        chart = self.workbook.add_chart({"type": "line"})
        for column, title in ((1, _("Complaints")), (2, _("Of which closed"))):
            chart.add_series(
                {
                    "name": title,
                    "categories": [name, 4, 0, row, 0],
                    "values": [name, 4, column, row, column],
                }
            )
        chart.set_title({"name": _("Complaints per day")})
        chart.set_x_axis({"date_axis": True, "num_format": "mm-dd"})
        chart.set_size({"width": 760, "height": 360})
        sheet.insert_chart("F4", chart)

    def _category_sheet(self, name):
        _ = self.env._
        sheet = self.workbook.add_worksheet(name)
        self._title(sheet, _("Complaints per main category"))
        rows = self.data["categories"]
        last = self._kpi_rows(sheet, 3, rows, _("Main category"))
        if rows:
            chart = self.workbook.add_chart({"type": "pie"})
            chart.add_series(
                {
                    "name": _("Complaints"),
                    "categories": [name, 4, 0, last, 0],
                    "values": [name, 4, 1, last, 1],
                    "data_labels": {"percentage": True},
                }
            )
            chart.set_title({"name": _("Category distribution")})
            sheet.insert_chart("I4", chart)

    def _heat_sheet(self, name):
        _ = self.env._
        heat = self.data["heat"]
        sheet = self.workbook.add_worksheet(name)
        self._title(sheet, _("Complaints per main category and province"))
        self._header(
            sheet,
            3,
            [_("Main category")] + heat["regions"],
            [28] + [10] * len(heat["regions"]),
        )
        row = 3
        for category in heat["categories"]:
            row += 1
            self._text(sheet, row, 0, category)
            for column, region in enumerate(heat["regions"], start=1):
                value = heat["cells"].get((category, region))
                self._number(sheet, row, column, value, "int")
        if heat["categories"] and heat["regions"]:
            sheet.conditional_format(
                4,
                1,
                row,
                len(heat["regions"]),
                {
                    "type": "2_color_scale",
                    "min_color": "#FFF5F0",
                    "max_color": "#CB181D",
                },
            )

    def _team_sheet(self, name):
        _ = self.env._
        sheet = self.workbook.add_worksheet(name)
        self._title(sheet, _("Deadlines met per team"))
        self._kpi_rows(sheet, 3, self.data["teams"], _("Team"))

    def _compensation_sheet(self, name):
        _ = self.env._
        sheet = self.workbook.add_worksheet(name)
        self._title(sheet, _("Compensation per main category"))
        self._header(
            sheet,
            3,
            [
                _("Main category"),
                _("Complaints"),
                _("With compensation"),
                _("Compensation granted"),
                _("Mean per compensated complaint"),
                _("Amount paid by customers"),
            ],
            [28, 12, 16, 18, 18, 18],
        )
        row = 3
        for line in self.data["categories"]:
            row += 1
            self._text(sheet, row, 0, line["key"])
            self._number(sheet, row, 1, line["total"], "int")
            self._number(sheet, row, 2, line["compensated"], "int")
            self._number(sheet, row, 3, line["compensation"], "money")
            mean = (
                line["compensation"] / line["compensated"]
                if line["compensated"]
                else None
            )
            self._number(sheet, row, 4, mean, "money")
            self._number(sheet, row, 5, line["amount_paid"], "money")
        if row > 3:
            row += 1
            self._text(sheet, row, 0, _("Total"), "head")
            totals = (
                (1, "total", "int"),
                (2, "compensated", "int"),
                (3, "compensation", "money"),
                (5, "amount_paid", "money"),
            )
            for column, key, kind in totals:
                first = xl_rowcol_to_cell(4, column)
                last = xl_rowcol_to_cell(row - 1, column)
                sheet.write_formula(
                    row,
                    column,
                    f"=SUM({first}:{last})",
                    self.formats[kind],
                    self.data["kpis"][key] or 0,
                )

    def _top_sheet(self, name):
        _ = self.env._
        sheet = self.workbook.add_worksheet(name)
        self._title(sheet, _("Top issues"))
        row = 3
        for label, rows in (
            (_("Category"), self.data["top_categories"]),
            (_("Product"), self.data["top_products"]),
            (_("Batch / lot"), self.data["top_batches"]),
        ):
            row = self._kpi_rows(sheet, row, rows, label) + 2

    def _raw_sheet(self, name):
        _ = self.env._
        sheet = self.workbook.add_worksheet(name)
        labels = [
            _("Number"),
            _("Registered on"),
            _("Closed on"),
            _("Main category"),
            _("Category"),
            _("Severity"),
            _("Channel"),
            _("Team"),
            _("Product"),
            _("Batch / lot"),
            _("Province"),
            _("Store"),
            _("Step"),
            _("First response (h)"),
            _("Time to close (h)"),
            _("Response on time"),
            _("Solution on time"),
            _("Repeat"),
            _("Reopened"),
            _("Compensation"),
            _("Amount paid"),
        ]
        self._header(sheet, 0, labels, [16, 17, 17] + [14] * (len(labels) - 3))
        sheet.freeze_panes(1, 1)
        steps = dict(
            self.env["complaint.report"]
            ._fields["complaint_state"]
            ._description_selection(self.env)
        )
        fmt = self.formats
        write_string, write_number = sheet.write_string, sheet.write_number
        write_datetime = sheet.write_datetime
        # Text and 0/1 cells go without a format: a hundred thousand rows
        # of twenty cells, and each format costs time on every cell.
        row = 0
        for batch in self.wizard._raw_row_batches():
            for record in batch:
                row += 1
                write_string(row, 0, record[1] or "")
                if record[2]:
                    write_datetime(row, 1, record[2], fmt["datetime"])
                if record[3]:
                    write_datetime(row, 2, record[3], fmt["datetime"])
                for column in range(3, 12):
                    value = record[column + 1]
                    if value:
                        write_string(row, column, value)
                write_string(row, 12, steps.get(record[13], record[13] or ""))
                if record[14] is not None:
                    write_number(row, 13, record[14], fmt["float"])
                if record[15] is not None:
                    write_number(row, 14, record[15], fmt["float"])
                write_number(row, 15, 1 if record[16] else 0)
                write_number(row, 16, 1 if record[17] else 0)
                write_number(row, 17, 1 if record[18] else 0)
                write_number(row, 18, 1 if record[19] else 0)
                write_number(row, 19, record[20] or 0, fmt["money"])
                write_number(row, 20, record[21] or 0, fmt["money"])
        sheet.autofilter(0, 0, max(row, 1), len(labels) - 1)
