# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The suite as a user meets it: four addons installed with demo data."""

from .suite_case import SuiteCase

ADDONS = (
    "consumer_complaint",
    "complaint_compliance",
    "complaint_survey",
    "complaint_reports",
)


class TestSuiteInstalled(SuiteCase):
    def test_addons_installed(self):
        modules = self.env["ir.module.module"].search([("name", "in", ADDONS)])
        self.assertEqual(
            sorted(modules.filtered(lambda m: m.state == "installed").mapped("name")),
            sorted(ADDONS),
        )
        for module in modules:
            self.assertEqual(module.license, "AGPL-3")
            self.assertTrue(module.latest_version.startswith("18.0."))

    def test_top_menu_and_actions(self):
        root = self.env.ref("consumer_complaint.menu_complaint_root")
        self.assertEqual(root.with_context(lang="zh_CN").name, "投诉管理")
        children = self.env["ir.ui.menu"].search([("id", "child_of", root.id)])
        for menu in children.filtered("action"):
            self.assertTrue(menu.action.exists(), menu.complete_name)

    def test_demo_company_is_alive(self):
        Ticket = self.env["helpdesk.ticket"]
        complaints = Ticket.search([("is_complaint", "=", True)])
        self.assertGreaterEqual(len(complaints), 20)
        self.assertGreaterEqual(len(complaints.mapped("channel_id")), 6)
        self.assertGreaterEqual(len(complaints.mapped("category_parent_id")), 6)
        self.assertEqual(len(complaints.mapped("severity_id")), 3)
        self.assertGreaterEqual(len(set(complaints.mapped("complaint_state"))), 8)
        teams = {t.name for t in complaints.mapped("team_id")}
        self.assertTrue({"质检部", "物流部", "客服部", "法务部"} <= teams)
        for xmlid in (
            "user_reception_demo",
            "user_quality_demo",
            "user_supervisor_demo",
            "user_followup_demo",
            "user_analyst_demo",
        ):
            self.assertTrue(self.env.ref(f"consumer_complaint.{xmlid}").active)

    def test_demo_login_sees_complaints(self):
        handler = self.env.ref("consumer_complaint.user_quality_demo")
        visible = (
            self.env["helpdesk.ticket"]
            .with_user(handler)
            .search([("is_complaint", "=", True)])
        )
        self.assertTrue(visible)
        self.assertEqual(
            set(visible.mapped("team_id.name")),
            {"质检部"},
            "a quality handler sees the quality team's complaints only",
        )
