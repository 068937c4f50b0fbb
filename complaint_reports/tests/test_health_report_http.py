# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

XLSX = "/report/xlsx/complaint_reports.health_xlsx/{}"
PDF = "/report/pdf/complaint_reports.report_health_pdf/{}"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@tagged("post_install", "-at_install")
class TestHealthReportDownload(HttpCase):
    """The monthly report downloads over HTTP, by role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "consumer_complaint.group_complaint_{}".format
        cls.users = {
            "analyst": new_test_user(
                cls.env, "dl_analyst", groups=groups("analyst"), password="dl_analyst"
            ),
            "manager": new_test_user(
                cls.env, "dl_manager", groups=groups("manager"), password="dl_manager"
            ),
            "handler": new_test_user(
                cls.env, "dl_handler", groups=groups("handler"), password="dl_handler"
            ),
            "portal": new_test_user(
                cls.env, "dl_portal", groups="base.group_portal", password="dl_portal"
            ),
        }
        Wizard = cls.env["complaint.health.report"]
        cls.analyst_report = Wizard.with_user(cls.users["analyst"]).create(
            {"year": 2030, "month": "6"}
        )
        cls.manager_report = Wizard.with_user(cls.users["manager"]).create(
            {"year": 2030, "month": "6"}
        )

    def _get(self, login, url):
        if login:
            self.authenticate(login, login)
        else:
            self.logout()
        return self.url_open(url, allow_redirects=False)

    def test_analyst_and_manager_download(self):
        for login, report in (
            ("dl_analyst", self.analyst_report),
            ("dl_manager", self.manager_report),
        ):
            with self.subTest(login=login):
                response = self._get(login, XLSX.format(report.id))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.headers["Content-Type"], XLSX_TYPE)
                self.assertEqual(response.content[:2], b"PK", "an XLSX (zip) file")
        # Under tests Odoo serves the report's HTML instead of running
        # wkhtmltopdf; the access checks are the same.
        response = self._get("dl_analyst", PDF.format(self.analyst_report.id))
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"o_complaint_health", response.content)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_others_refused(self):
        report_id = self.analyst_report.id
        for login in ("dl_handler", "dl_portal"):
            for url in (XLSX, PDF):
                with self.subTest(login=login, url=url):
                    response = self._get(login, url.format(report_id))
                    self.assertEqual(response.status_code, 403)
        for url in (XLSX, PDF):
            response = self._get(None, url.format(report_id))
            self.assertIn(response.status_code, (302, 303))
            self.assertIn("/web/login", response.headers["Location"])
