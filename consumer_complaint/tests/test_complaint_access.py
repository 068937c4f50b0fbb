# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintAccess(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quality_case = cls._complaint(user_id=cls.handler.id)
        cls.logistics_case = cls._complaint(
            team_id=cls.team_other.id, user_id=cls.handler_other.id
        )

    def test_handler_sees_own_teams_only(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.handler)
        visible = Ticket.search([("is_complaint", "=", True)])
        self.assertIn(self.quality_case, visible)
        self.assertNotIn(self.logistics_case, visible)
        with self.assertRaises(AccessError):
            self.logistics_case.with_user(self.handler).read(["name"])

    def test_supervisor_sees_company(self):
        visible = self.env["helpdesk.ticket"].with_user(self.supervisor).search([])
        self.assertIn(self.quality_case, visible)
        self.assertIn(self.logistics_case, visible)

    def test_analyst_reads_but_never_writes(self):
        case = self.logistics_case.with_user(self.analyst)
        self.assertEqual(case.name, self.logistics_case.name)
        with self.assertRaises(AccessError):
            case.write({"name": "changed"})
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].with_user(self.analyst).create(
                {"name": "x", "description": "<p>x</p>", "team_id": self.team.id}
            )

    def test_receptionist_registers_and_follows_own(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.receptionist)
        mine = Ticket.create(
            {"name": "Hotline", "description": "<p>x</p>", "team_id": self.team.id}
        )
        self.assertTrue(mine.number.startswith("TS"))
        self.assertIn(mine, Ticket.search([]))
        self.assertNotIn(self.logistics_case, Ticket.search([]))

    def test_only_manager_configures(self):
        with self.assertRaises(AccessError):
            self.env["complaint.severity"].with_user(self.supervisor).create(
                {"name": "X", "code": "x", "level": 4}
            )
        severity = (
            self.env["complaint.severity"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Low",
                    "code": "low",
                    "level": 4,
                    "response_hours": 48,
                    "resolution_hours": 120,
                }
            )
        )
        self.assertEqual(len(severity.sla_ids), 2)
