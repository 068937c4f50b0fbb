# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import zipfile
from datetime import datetime, timedelta

from freezegun import freeze_time
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

from .common import insert_complaints

try:
    import openpyxl
except ImportError:  # the zip check below still runs
    openpyxl = None


# A 1x1 PNG: the logo the printed report must show.
LOGO = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63f8cfc0f01f0005000201c5a9a8f1"
        "0000000049454e44ae426082"
    )
)


@tagged("post_install", "-at_install")
class TestHealthReport(TransactionCase):
    """The monthly report on a small hand-made month, checked by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        groups = "consumer_complaint.group_complaint_{}".format
        cls.analyst = new_test_user(
            cls.env, "health_analyst", groups=groups("analyst"), tz="Asia/Shanghai"
        )
        cls.manager = new_test_user(cls.env, "health_manager", groups=groups("manager"))
        cls.handler = new_test_user(cls.env, "health_handler", groups=groups("handler"))
        cls.portal = new_test_user(cls.env, "health_portal", groups="base.group_portal")
        Team = cls.env["helpdesk.ticket.team"]
        cls.team_a = Team.create({"name": "Health team A", "is_complaint_team": True})
        cls.team_b = Team.create({"name": "Health team B", "is_complaint_team": True})
        Stage = cls.env["helpdesk.ticket.stage"]
        cls.odor = cls.env.ref("consumer_complaint.category_quality_odor")
        other = cls.env["helpdesk.ticket.category"].search(
            [
                ("parent_id", "!=", False),
                ("parent_id", "!=", cls.odor.parent_id.id),
            ],
            limit=1,
        )
        cls.other = other
        regions = cls.env["res.country.state"].search(
            [("country_id.code", "=", "CN")], limit=2
        )
        cls.r1, cls.r2 = regions[0], regions[1]
        cls.product = cls.env["product.product"].create({"name": "Health dumplings"})

        def row(day, team, state, category, region, resp, close, met, sol, **kw):
            created = datetime(2030, 6, day, 4, 0)
            return dict(
                create_date=created,
                team_id=team.id,
                stage_id=Stage._complaint_stage(state).id,
                category_id=category.id,
                region_id=region.id,
                first_response_date=created + timedelta(hours=resp),
                closed_date=close and created + timedelta(hours=close),
                response_sla_met=met,
                resolution_sla_met=sol,
                **kw,
            )

        insert_complaints(
            cls.env,
            [
                row(
                    10,
                    cls.team_a,
                    "archived",
                    cls.odor,
                    cls.r1,
                    2,
                    24,
                    True,
                    True,
                    compensation_amount=100,
                    amount_paid=200,
                    product_id=cls.product.id,
                    lot_ref="L1",
                ),
                row(
                    10,
                    cls.team_a,
                    "archived",
                    cls.odor,
                    cls.r2,
                    6,
                    48,
                    False,
                    False,
                    is_repeat=True,
                    amount_paid=50,
                ),
                row(
                    12, cls.team_b, "investigating", other, cls.r1, 1, None, True, False
                ),
                row(
                    20,
                    cls.team_b,
                    "withdrawn",
                    other,
                    cls.r1,
                    3,
                    12,
                    True,
                    True,
                    compensation_amount=50,
                ),
                # previous month
                dict(
                    row(15, cls.team_a, "archived", cls.odor, cls.r1, 1, 5, True, True),
                    create_date=datetime(2030, 5, 15, 4, 0),
                ),
            ],
        )

    def _wizard(self, user=None):
        return (
            self.env["complaint.health.report"]
            .with_user(user or self.analyst)
            .create({"year": 2030, "month": "6"})
        )

    def test_kpis_by_hand(self):
        data = self._wizard()._health_data()
        kpis = data["kpis"]
        self.assertEqual(kpis["total"], 4)
        self.assertEqual(kpis["closed"], 3)
        self.assertAlmostEqual(kpis["response_sla_rate"], 75.0)
        self.assertAlmostEqual(kpis["resolution_sla_rate"], 50.0)
        self.assertAlmostEqual(float(kpis["resolved_rate"]), 200.0 / 3)
        self.assertAlmostEqual(kpis["mttr_hours"], 28.0)
        self.assertAlmostEqual(kpis["first_response_hours"], 3.0)
        self.assertAlmostEqual(kpis["repeat_rate"], 25.0)
        self.assertEqual(kpis["compensated"], 2)
        self.assertAlmostEqual(float(kpis["compensation"]), 150.0)
        self.assertEqual(data["previous"]["total"], 1)
        self.assertEqual(len(data["trend"]), 30)
        by_day = {day.day: values.get("total", 0) for day, values in data["trend"]}
        self.assertEqual((by_day[10], by_day[12], by_day[20], by_day[1]), (2, 1, 1, 0))
        heat = data["heat"]
        odor_main = self.odor.parent_id.name
        self.assertEqual(heat["cells"][odor_main, self.r1.name], 1)
        self.assertEqual(heat["cells"][odor_main, self.r2.name], 1)
        self.assertEqual(heat["cells"][self.other.parent_id.name, self.r1.name], 2)
        teams = {line["key"]: line for line in data["teams"]}
        self.assertAlmostEqual(teams["Health team A"]["response_sla_rate"], 50.0)
        self.assertAlmostEqual(teams["Health team B"]["response_sla_rate"], 100.0)
        self.assertEqual(data["top_batches"][0]["key"], "L1")

    def test_xlsx_sheets_and_values(self):
        wizard = self._wizard()
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.analyst)
            ._render_xlsx("complaint_reports.health_xlsx", wizard.ids, None)
        )
        self.assertEqual(kind, "xlsx")
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        self.assertIn("xl/charts/chart1.xml", names)
        self.assertIn("xl/worksheets/sheet8.xml", names)
        if openpyxl is None:
            return
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(
            book.sheetnames,
            [
                "KPI summary",
                "Trend",
                "Categories",
                "Heat map",
                "SLA by team",
                "Compensation",
                "Top issues",
                "Raw rows",
            ],
        )
        kpi = {
            row[0]: row[1:]
            for row in book["KPI summary"].iter_rows(min_row=5, values_only=True)
        }
        self.assertEqual(kpi["Complaints registered"], (4, 1))
        self.assertAlmostEqual(kpi["First response on time (%)"][0], 75.0)
        self.assertAlmostEqual(kpi["Resolution rate (%)"][0], 200.0 / 3)
        self.assertAlmostEqual(kpi["Mean time to close (h)"][0], 28.0)
        self.assertAlmostEqual(kpi["Compensation granted"][0], 150.0)
        self.assertTrue(book["Heat map"].conditional_formatting)
        # The trend columns count complaints; their titles say so.
        trend = list(book["Trend"].iter_rows(min_row=4, values_only=True))
        self.assertEqual(
            trend[0][:4],
            ("Day", "Complaints", "Of which closed", "First response on time (%)"),
        )
        by_day = {row[0].day: row[1:3] for row in trend[1:]}
        self.assertEqual(by_day[10], (2, 2))
        self.assertEqual(by_day[12], (1, 0))
        raw = list(book["Raw rows"].iter_rows(values_only=True))
        self.assertEqual(len(raw), 5)
        header = [str(cell).lower() for cell in raw[0]]
        for private in ("phone", "e-mail", "email", "address", "customer"):
            self.assertFalse([h for h in header if private in h])
        self.assertEqual(sorted(r[9] or "" for r in raw[1:]), ["", "", "", "L1"])

    def _pdf_html(self, wizard):
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_pdf("complaint_reports.report_health_pdf", wizard.ids)
        )
        return html.decode()

    def test_pdf_summary(self):
        self.env.company.logo = LOGO
        html = self._pdf_html(self._wizard(self.manager))
        self.assertIn("Consumer rights health report", html)
        self.assertIn("28.0", html)
        self.assertIn("75.0", html)
        self.assertIn("150.00", html)
        # A header with the company's logo and name, in the page itself.
        self.assertRegex(html, r'<img[^>]*o_ch_logo[^>]*src="data:image/png;base64,')
        self.assertIn(self.env.company.name, html)
        self.assertIn("2030-06-01", html)
        # The daily trend and the main categories, drawn.
        self.assertEqual(html.count("<svg"), 2)
        self.assertIn("o_ch_chart_trend", html)
        self.assertIn("o_ch_chart_categories", html)
        # Four complaints on June 10, 12 and 20: three columns in the trend.
        trend = html.split("o_ch_chart_trend", 1)[1].split("</svg>", 1)[0]
        self.assertEqual(trend.count("<rect") - 1, 3, "one column per day")
        self.assertNotIn("No complaints in this period", html)

    def test_pdf_month_without_complaints(self):
        wizard = (
            self.env["complaint.health.report"]
            .with_user(self.manager)
            .create({"year": 2030, "month": "2"})
        )
        html = self._pdf_html(wizard)
        self.assertIn("No complaints in this period.", html)
        self.assertNotIn("<svg", html)
        self.assertNotIn("o_complaint_health_kpis", html)
        # Still a report: its header and period.
        self.assertIn("Consumer rights health report", html)
        self.assertIn("2030-02-01", html)

    def test_default_month_is_the_last_one_with_complaints(self):
        Wizard = self.env["complaint.health.report"].with_user(self.analyst)
        # Early July: June, the last complete month, had complaints.
        with freeze_time("2030-07-03 04:00:00"):
            self.assertEqual(
                Wizard.default_get(["year", "month"]), {"year": 2030, "month": "6"}
            )
        # August: July had none, June was the latest month with complaints.
        with freeze_time("2030-08-10 04:00:00"):
            self.assertEqual(
                Wizard.default_get(["year", "month"]), {"year": 2030, "month": "6"}
            )
            wizard = Wizard.create({})
            self.assertEqual((wizard.year, wizard.month), (2030, "6"))
        # Months are the analyst's (Asia/Shanghai): at 1 July 02:00 there, it
        # is still 30 June in UTC, where May would be the last complete month.
        with freeze_time("2030-06-30 18:00:00"):
            self.assertEqual(Wizard.default_get(["month"])["month"], "6")
        # Explicit values win.
        self.assertEqual(
            Wizard.with_context(default_year=2029, default_month="3").default_get(
                ["year", "month"]
            ),
            {"year": 2029, "month": "3"},
        )

    def test_wizard_buttons(self):
        wizard = self._wizard()
        self.assertEqual(wizard.action_export_xlsx()["report_type"], "xlsx")
        self.assertEqual(wizard.action_print_pdf()["report_type"], "qweb-pdf")

    def test_handler_and_portal_refused(self):
        wizard = self._wizard()
        for user in (self.handler, self.portal):
            with self.assertRaises(AccessError):
                self._wizard(user)
            with self.assertRaises(AccessError):
                self.env["ir.actions.report"].with_user(user)._render_xlsx(
                    "complaint_reports.health_xlsx", wizard.ids, None
                )
            with self.assertRaises(AccessError):
                wizard.with_user(user)._health_data()
