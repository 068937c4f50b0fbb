# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.consumer_complaint.tests.test_decision_guard import (
    GUARD_MESSAGE,
    DecisionGuardChecks,
)
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestComplianceDecisionGuard(DecisionGuardChecks, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        groups = "consumer_complaint.group_complaint_{}".format
        # The floors of the clauses are in yuan: a CNY company compares them
        # as they are (non-CNY companies are covered by the legal vectors).
        cny = cls.env.ref("base.CNY")
        cny.active = True
        cls.env.company.currency_id = cny
        cls.handler = new_test_user(cls.env, "cpd_handler", groups=groups("handler"))
        cls.supervisor = new_test_user(
            cls.env, "cpd_supervisor", groups=groups("supervisor")
        )
        cls.compliance = new_test_user(
            cls.env,
            "cpd_compliance",
            groups=f"{groups('handler')},complaint_compliance.group_compliance_manager",
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Compliance guard team",
                "is_complaint_team": True,
                "complaint_assign_method": "manual",
                "user_ids": [(6, 0, [cls.handler.id, cls.compliance.id])],
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Sausages",
                "description": "<p>Swollen pack</p>",
                "team_id": cls.team.id,
                "user_id": cls.handler.id,
                "severity_id": cls.env.ref("consumer_complaint.severity_normal").id,
                "amount_paid": 100,
                "item_price": 100,
                "fraud_confirmed": True,
                "proposed_extra_compensation": 300,
                "solution": "<p>Refund and 300 yuan</p>",
            }
        )

    def test_override_fields_refused(self):
        fnames = {"compliance_override_by_id"}
        self.assertLessEqual(fnames, self.ticket._complaint_decision_fields())
        users = self.handler | self.supervisor | self.compliance
        self._assert_write_refused(self.ticket, users, fnames)
        self._assert_create_refused(
            "helpdesk.ticket",
            {"name": "Forged", "team_id": self.team.id},
            self.handler,
            fnames,
        )

    def test_override_through_the_button_only(self):
        ticket = self.ticket.with_user(self.handler)
        ticket.action_complaint_investigate()
        ticket.action_complaint_propose()
        ticket.compliance_override_reason = "Customer agreed in writing to 300 yuan"
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            ticket.write({"compliance_override_by_id": self.supervisor.id})
        self.assertFalse(self._stored(ticket, "compliance_override_by_id"))
        with self.assertRaisesRegex(UserError, "500.00"):
            ticket.action_complaint_submit()
        ticket.with_user(self.supervisor).action_compliance_override()
        self.assertEqual(ticket.compliance_override_by_id, self.supervisor)
        events = ticket.sudo().event_ids.filtered(lambda e: e.event_type == "override")
        self.assertEqual(len(events), 1)
        # The reason is the supervisor's, as logged.
        with self.assertRaisesRegex(AccessError, "cannot be changed"):
            ticket.write({"compliance_override_reason": "Anything"})
        self.assertIn(
            "agreed in writing", self._stored(ticket, "compliance_override_reason")
        )
        ticket.action_complaint_submit()
        self.assertEqual(ticket.complaint_state, "feedback")
        # A reworked solution is checked again.
        ticket._complaint_customer_reject("Not enough")
        self.assertEqual(ticket.complaint_state, "solution")
        self.assertFalse(ticket.compliance_override_by_id)
        with self.assertRaisesRegex(UserError, "500.00"):
            ticket.action_complaint_submit()
