# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaint screens open in a real browser without errors."""

from odoo.tests import HttpCase, new_test_user, tagged

# Wait until the view has rendered, then signal success; any console error
# (a broken view, a missing field in the web client) fails the test.
READY = "!!document.querySelector('.o_action_manager .o_view_controller')"
SUCCESS = "console.log('test successful')"


@tagged("post_install", "-at_install")
class TestComplaintScreens(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handler = new_test_user(
            cls.env,
            "ui_handler",
            groups="consumer_complaint.group_complaint_handler",
            name="UI Handler",
        )
        cls.manager = new_test_user(
            cls.env,
            "ui_manager",
            groups="consumer_complaint.group_complaint_manager,base.group_system",
            name="UI Manager",
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "UI team",
                "is_complaint_team": True,
                "use_sla": True,
                "user_ids": [(6, 0, cls.handler.ids)],
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Sour dumplings",
                "description": "<p>They smell sour.</p>",
                "team_id": cls.team.id,
                "partner_phone": "13812345678",
            }
        )
        cls.action = "/odoo/action-consumer_complaint.helpdesk_ticket_action_complaint"

    def _open(self, path, login):
        self.browser_js(path, SUCCESS, ready=READY, login=login, timeout=90)

    def test_handler_views(self):
        for view_type in ("kanban", "list", "calendar", "pivot", "graph"):
            with self.subTest(view_type=view_type):
                self._open(f"{self.action}?view_type={view_type}", "ui_handler")

    def test_handler_form(self):
        self._open(f"{self.action}/{self.ticket.id}", "ui_handler")

    def test_click_everywhere_as_manager(self):
        """Odoo's clickbot opens every menu of the Complaints app and every
        view of each action, and fails on any error."""
        self.browser_js(
            "/odoo",
            "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
            ".startClickEverywhere('consumer_complaint.menu_complaint_root');",
            "odoo.isReady === true",
            login="ui_manager",
            timeout=600,
            success_signal="clickbot test succeeded",
        )
