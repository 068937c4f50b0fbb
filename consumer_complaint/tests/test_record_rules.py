# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Models that carry complaint data follow the complaint's record rules.

For every role, the SLA lines, compensation lines, event log entries and
wizards a user reads are exactly those of the complaints the user reads
(when the role may read the model at all), in every allowed company.
"""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase

# Model -> field that links it to its complaint.
CHILD_MODELS = {
    "helpdesk.ticket.sla": "ticket_id",
    "complaint.compensation.line": "ticket_id",
    "complaint.event": "ticket_id",
}


@tagged("post_install", "-at_install")
class TestRecordRules(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "consumer_complaint.group_complaint_{}".format
        cls.followup = new_test_user(
            cls.env, "cc_rules_followup", groups=groups("followup"), name="Caller"
        )
        cls.employee = new_test_user(
            cls.env, "cc_rules_employee", groups="base.group_user", name="Employee"
        )
        cls.portal = new_test_user(
            cls.env, "cc_rules_portal", groups="base.group_portal", name="Customer"
        )
        # Complaints stay with whom the test gives them.
        (cls.team | cls.team_other).complaint_assign_method = "manual"
        cls.company2 = cls.env["res.company"].create({"name": "Second shop (rules)"})
        cls.supervisor_both = new_test_user(
            cls.env,
            "cc_rules_supervisor_both",
            groups=groups("supervisor"),
            name="Supervisor of both",
            company_id=cls.env.company.id,
            company_ids=[(6, 0, [cls.env.company.id, cls.company2.id])],
        )
        team2 = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Second shop team (rules)",
                "is_complaint_team": True,
                "company_id": cls.company2.id,
                "user_ids": [(6, 0, cls.supervisor_both.ids)],
                "complaint_assign_method": "manual",
            }
        )
        complaint = cls._complaint
        cls.tickets = {
            "handler": complaint(name="Assigned to handler", user_id=cls.handler.id),
            "team_free": complaint(name="Team X, not assigned"),
            "other_team": complaint(
                name="Other team", team_id=cls.team_other.id, user_id=False
            ),
            "followup": complaint(
                name="To follow up", team_id=cls.team_other.id, user_id=False
            ),
            "portal": complaint(
                name="Of the portal customer",
                team_id=cls.team_other.id,
                user_id=False,
                partner_id=cls.portal.partner_id.id,
            ),
            "company2": complaint(
                name="Of the second shop",
                team_id=team2.id,
                company_id=cls.company2.id,
                user_id=False,
            ),
        }
        # Registered by the receptionist (who reads what they registered).
        cls.tickets["reception"] = (
            cls.env["helpdesk.ticket"]
            .with_user(cls.receptionist)
            .sudo()
            .create(
                {
                    "name": "Registered at the counter",
                    "description": "<p>Counter.</p>",
                    "team_id": cls.team_other.id,
                    "user_id": False,
                    "partner_id": cls.customer.id,
                    "severity_id": cls.normal.id,
                }
            )
        )
        cls.tickets["followup"].with_context(complaint_skip_checks=True).write(
            {"stage_id": cls.stage["followup"].id}
        )
        cls.tickets["portal"].message_subscribe(partner_ids=cls.employee.partner_id.ids)
        cls.all_tickets = cls.env["helpdesk.ticket"].union(*cls.tickets.values())
        cls._child_records()

    @classmethod
    def _child_records(cls):
        """One SLA line and one compensation line per complaint; the event
        log has the intake entries."""
        sla = cls.env["helpdesk.sla"].create(
            {
                "name": "Answer within 4 hours (rules)",
                "team_ids": [(6, 0, cls.all_tickets.team_id.ids)],
                "stage_id": cls.stage["investigating"].id,
                "hours": 4,
            }
        )
        cls.env["helpdesk.ticket.sla"].create(
            [{"ticket_id": ticket.id, "sla_id": sla.id} for ticket in cls.all_tickets]
        )
        coupon = cls.env.ref("consumer_complaint.compensation_type_coupon")
        cls.env["complaint.compensation.line"].create(
            [
                {"ticket_id": ticket.id, "type_id": coupon.id, "reason": "Sorry"}
                for ticket in cls.all_tickets
            ]
        )
        cls.children = {
            model: cls.env[model].search([(link, "in", cls.all_tickets.ids)])
            for model, link in CHILD_MODELS.items()
        }

    def _roles(self):
        return {
            "receptionist": self.receptionist,
            "handler": self.handler,
            "team member": self.handler2,
            "handler of the other team": self.handler_other,
            "follow-up agent": self.followup,
            "supervisor": self.supervisor,
            "manager": self.manager,
            "analyst": self.analyst,
            "employee following a complaint": self.employee,
            "portal customer": self.portal,
        }

    def _assert_follows_complaints(self, user, model, company_ids=None):
        env = self.env(user=user)
        if company_ids:
            env = env(context=dict(env.context, allowed_company_ids=company_ids))
        readable = env["helpdesk.ticket"].search([("id", "in", self.all_tickets.ids)])
        link = CHILD_MODELS[model]
        records = self.children[model]
        Model = env[model]
        if not Model.has_access("read"):
            with self.assertRaises(AccessError):
                Model.search([("id", "in", records.ids)])
            return readable
        visible = Model.search([("id", "in", records.ids)])
        expected = records.filtered(lambda r: r[link] in readable)
        self.assertEqual(visible.sudo(), expected, f"{model} as {user.login}")
        # Reading what one may not read fails, whatever the way in.
        hidden = records - expected
        if hidden:
            with self.assertRaises(AccessError):
                Model.browse(hidden.ids).read([link])
        return readable

    def test_children_follow_the_complaint_for_every_role(self):
        for model, records in self.children.items():
            # Every complaint of the fixture has records of every model.
            self.assertEqual(records.mapped(CHILD_MODELS[model]), self.all_tickets)
        for role, user in self._roles().items():
            for model in CHILD_MODELS:
                with self.subTest(role=role, model=model):
                    readable = self._assert_follows_complaints(user, model)
                    if role not in ("supervisor", "manager", "analyst"):
                        # The fixture tells roles apart: some complaints are
                        # out of reach.
                        self.assertLess(len(readable), len(self.all_tickets) - 1)

    def test_roles_reach_what_their_rule_says(self):
        t = self.tickets
        reach = {
            self.handler: [t["handler"], t["team_free"]],
            self.handler2: [t["team_free"]],
            self.handler_other: [t["other_team"], t["followup"]],
            self.followup: [t["followup"]],
            self.receptionist: [t["reception"]],
            self.employee: [t["portal"]],
            self.portal: [t["portal"]],
        }
        for user, tickets in reach.items():
            with self.subTest(user=user.login):
                sla = self.env["helpdesk.ticket.sla"].with_user(user)
                if user.share:
                    # Customers are told their promised answer time on their
                    # complaint; the desk's SLA lines are internal.
                    with self.assertRaises(AccessError):
                        sla.search([])
                    continue
                visible = sla.search([("ticket_id", "in", self.all_tickets.ids)])
                for ticket in tickets:
                    self.assertIn(ticket, visible.sudo().ticket_id)
                self.assertNotIn(t["company2"], visible.sudo().ticket_id)

    def test_other_companies_stay_hidden(self):
        t2 = self.tickets["company2"]
        for model in CHILD_MODELS:
            with self.subTest(model=model, companies="first"):
                readable = self._assert_follows_complaints(
                    self.supervisor_both, model, [self.env.company.id]
                )
                self.assertNotIn(t2, readable)
            with self.subTest(model=model, companies="both"):
                readable = self._assert_follows_complaints(
                    self.supervisor_both,
                    model,
                    [self.env.company.id, self.company2.id],
                )
                self.assertIn(t2, readable)

    def test_wizards_are_their_creator_s_and_follow_the_complaint(self):
        ticket = self.tickets["handler"]
        answer = (
            self.env["complaint.customer.response"]
            .with_user(self.handler)
            .create({"ticket_id": ticket.id})
        )
        # Another user of the same team does not read it.
        with self.assertRaises(AccessError):
            answer.with_user(self.handler2).read(["solution"])
        self.assertFalse(
            self.env["complaint.customer.response"]
            .with_user(self.handler2)
            .search([("id", "=", answer.id)])
        )
        # A user who may not read the complaint opens no wizard on it (its
        # fields would show the complaint's solution).
        for model in ("complaint.customer.response", "complaint.close"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.handler_other).create(
                    {
                        "ticket_id": ticket.id,
                        "resolution": "<p>x</p>",
                        "root_cause_type": "supplier",
                    }
                    if model == "complaint.close"
                    else {"ticket_id": ticket.id}
                )
        action = ticket.with_user(self.supervisor).action_complaint_reveal()
        reveal = self.env["complaint.reveal"].browse(action["res_id"])
        other_supervisor = new_test_user(
            self.env,
            "cc_rules_supervisor2",
            groups="consumer_complaint.group_complaint_supervisor",
        )
        with self.assertRaises(AccessError):
            reveal.with_user(other_supervisor).read(["partner_phone"])
