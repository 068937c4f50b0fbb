# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintIntake(ComplaintCase):
    def test_number_format_and_uniqueness(self):
        tickets = self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Complaint {i}",
                    "description": "<p>x</p>",
                    "team_id": self.team.id,
                }
                for i in range(30)
            ]
        )
        numbers = tickets.mapped("number")
        self.assertEqual(len(set(numbers)), 30)
        for number in numbers:
            self.assertRegex(number, r"^TS\d{4}-\d{6}$")
        self.assertTrue(all(tickets.mapped("is_complaint")))
        # Numbers keep increasing in creation order.
        seq = [int(re.search(r"-(\d+)$", n).group(1)) for n in numbers]
        self.assertEqual(seq, sorted(seq))

    def test_plain_ticket_keeps_helpdesk_number(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Printer",
                "description": "<p>x</p>",
                "team_id": self.plain_team.id,
            }
        )
        self.assertFalse(ticket.is_complaint)
        self.assertFalse(ticket.number.startswith("TS"))
        self.assertFalse(ticket.stage_id.complaint_state)

    def test_number_per_company(self):
        company = self.env["res.company"].create({"name": "Second Co (test)"})
        seq = self.env["ir.sequence"].search(
            [("code", "=", "consumer.complaint"), ("company_id", "=", company.id)]
        )
        self.assertEqual(len(seq), 1, "A new company gets its own complaint sequence")

    def test_category_sets_team_and_severity(self):
        self.category.parent_id.default_team_id = self.team_other
        self.category.default_severity_id = self.urgent
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Smell",
                "description": "<p>x</p>",
                "category_id": self.category.id,
            }
        )
        self.assertEqual(ticket.team_id, self.team_other, "parent category's team")
        self.assertEqual(ticket.severity_id, self.urgent)
        self.assertEqual(ticket.category_parent_id, self.category.parent_id)
        self.assertEqual(ticket.complaint_state, "accepted")

    def test_seeded_taxonomy(self):
        Category = self.env["helpdesk.ticket.category"]
        roots = Category.search([("code", "!=", False), ("parent_id", "=", False)])
        self.assertGreaterEqual(len(roots), 8)
        for root in roots:
            self.assertTrue(root.child_id, f"{root.name} has second-level categories")
            self.assertTrue(root.default_severity_id)
        self.assertEqual(
            self.category.with_context(lang="zh_CN").parent_id.name, "产品质量"
        )

    def test_seeded_severities(self):
        self.assertEqual(
            [
                (g.response_hours, g.resolution_hours)
                for g in (self.major, self.urgent, self.normal)
            ],
            [(1, 24), (4, 48), (24, 72)],
        )
        self.assertTrue(self.major.notify_supervisor)
        for severity in (self.major, self.urgent, self.normal):
            kinds = sorted(severity.sla_ids.mapped("complaint_sla_kind"))
            self.assertEqual(kinds, ["resolution", "response"])
        response = self.urgent.sla_ids.filtered(
            lambda s: s.complaint_sla_kind == "response"
        )
        self.assertEqual(response.stage_id, self.stage["investigating"])
        self.urgent.response_hours = 3
        self.assertEqual(response.hours, 3, "editing a severity updates its SLA policy")

    def test_manager_edits_categories_handler_cannot(self):
        self.category.with_user(self.manager).default_severity_id = self.major
        with self.assertRaises(AccessError):
            self.category.with_user(self.handler).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.major.with_user(self.handler).write({"response_hours": 9})

    def test_balanced_routing(self):
        tickets = self.env["helpdesk.ticket"].create(
            [
                {"name": f"C{i}", "description": "<p>x</p>", "team_id": self.team.id}
                for i in range(6)
            ]
        )
        counts = {
            u: tickets.filtered(lambda t, u=u: t.user_id == u)
            for u in (self.handler, self.handler2)
        }
        self.assertEqual([len(v) for v in counts.values()], [3, 3])
        # A handler already busier gets the next one later.
        extra = self._complaint(user_id=self.handler.id)
        self.assertEqual(extra.user_id, self.handler)
        nxt = self._complaint()
        self.assertEqual(nxt.user_id, self.handler2)

    def test_round_robin_and_manual(self):
        self.team.complaint_assign_method = "round_robin"
        tickets = self.env["helpdesk.ticket"].create(
            [
                {"name": f"C{i}", "description": "<p>x</p>", "team_id": self.team.id}
                for i in range(4)
            ]
        )
        users = tickets.mapped("user_id")
        self.assertEqual(len(users), 2)
        self.assertNotEqual(tickets[0].user_id, tickets[1].user_id)
        self.assertEqual(tickets[0].user_id, tickets[2].user_id)
        self.team.complaint_assign_method = "manual"
        self.assertFalse(self._complaint().user_id)

    def test_major_notifies_supervisor(self):
        ticket = self._complaint(severity_id=self.major.id)
        # Given by the intake job, once the intake's transaction commits.
        self.env.cr.flush()
        activity = ticket.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("consumer_complaint.mail_activity_complaint_major")
            )
        )
        self.assertEqual(activity.user_id, self.supervisor)
