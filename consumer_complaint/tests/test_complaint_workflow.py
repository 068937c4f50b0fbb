# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintWorkflow(ComplaintCase):
    def _to_solution(self, ticket):
        ticket.action_complaint_investigate()
        ticket.action_complaint_propose()
        ticket.solution = "<p>Full refund and a 20 yuan coupon.</p>"

    def test_cannot_skip_steps(self):
        ticket = self._complaint()
        with self.assertRaisesRegex(UserError, "cannot jump"):
            ticket.stage_id = self.stage["execution"]
        with self.assertRaisesRegex(UserError, "cannot jump"):
            ticket.stage_id = self.stage["archived"]
        # Withdrawal is always possible.
        ticket.action_complaint_withdraw()
        self.assertEqual(ticket.complaint_state, "withdrawn")
        self.assertTrue(ticket.closed)

    def test_feedback_needs_solution(self):
        ticket = self._complaint()
        ticket.action_complaint_investigate()
        ticket.action_complaint_propose()
        with self.assertRaisesRegex(UserError, "missing a solution text"):
            ticket.action_complaint_submit()
        ticket.solution = "<p>Refund</p>"
        ticket.action_complaint_submit()
        self.assertEqual(ticket.complaint_state, "feedback")
        self.assertTrue(
            ticket.event_ids.filtered(lambda e: e.event_type == "solution"),
            "sending the solution is logged",
        )

    def test_major_needs_approval(self):
        ticket = self._complaint(severity_id=self.major.id)
        self._to_solution(ticket)
        self.assertTrue(ticket.approval_required)
        with self.assertRaisesRegex(UserError, "approval of a supervisor"):
            ticket.stage_id = self.stage["feedback"]
        ticket.action_complaint_submit()
        self.assertEqual(ticket.complaint_state, "review")
        approval = ticket.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("consumer_complaint.mail_activity_complaint_approval")
            )
        )
        self.assertEqual(approval.user_id, self.supervisor)
        with self.assertRaises(AccessError):
            ticket.with_user(self.handler).action_complaint_approve()
        ticket.with_user(self.supervisor).action_complaint_approve()
        self.assertFalse(approval.exists(), "approving closes the approval activity")
        self.assertEqual(ticket.approved_by_id, self.supervisor)
        self.assertEqual(ticket.complaint_state, "feedback")
        self.assertTrue(
            ticket.event_ids.filtered(
                lambda e: e.event_type == "approval" and "approved" in e.payload
            )
        )

    def test_refused_solution_goes_back(self):
        ticket = self._complaint(severity_id=self.major.id)
        self._to_solution(ticket)
        ticket.action_complaint_submit()
        ticket.with_user(self.supervisor).action_complaint_refuse()
        self.assertEqual(ticket.complaint_state, "solution")
        self.assertFalse(ticket.approved_by_id)

    def test_customer_rejection_escalates(self):
        ticket = self._complaint(severity_id=self.normal.id, user_id=self.handler.id)
        self._to_solution(ticket)
        ticket.action_complaint_submit()
        wizard = self.env["complaint.customer.response"].create(
            {"ticket_id": ticket.id, "decision": "reject", "reason": "Refund too small"}
        )
        wizard.action_confirm()
        self.assertEqual(ticket.complaint_state, "solution")
        self.assertEqual(ticket.severity_id, self.urgent, "severity raised one level")
        self.assertEqual(ticket.user_id, self.supervisor, "supervisor assigned")
        self.assertEqual(ticket.escalation_count, 1)
        self.assertEqual(ticket.customer_response, "rejected")
        self.assertEqual(ticket.customer_response_reason, "Refund too small")
        kinds = ticket.event_ids.mapped("event_type")
        self.assertIn("customer", kinds)
        self.assertIn("escalation", kinds)

    def test_rejection_modes(self):
        self.company.complaint_escalation_mode = "severity"
        ticket = self._complaint(severity_id=self.urgent.id, user_id=self.handler.id)
        self._to_solution(ticket)
        ticket.action_complaint_submit()
        with self.assertRaisesRegex(UserError, "say why"):
            ticket._complaint_customer_reject("  ")
        ticket._complaint_customer_reject("Not enough")
        self.assertEqual(ticket.severity_id, self.major)
        self.assertEqual(
            ticket.user_id, self.handler, "severity mode keeps the handler"
        )

    def test_accept_then_close_with_root_cause(self):
        ticket = self._complaint()
        self._to_solution(ticket)
        ticket.action_complaint_submit()
        self.env["complaint.customer.response"].create(
            {"ticket_id": ticket.id, "decision": "accept"}
        ).action_confirm()
        self.assertEqual(ticket.complaint_state, "execution")
        ticket.action_complaint_done()
        self.assertEqual(ticket.complaint_state, "followup")
        with self.assertRaisesRegex(UserError, "the resolution, the root-cause type"):
            ticket.stage_id = self.stage["archived"]
        wizard = (
            self.env["complaint.close"]
            .with_context(default_ticket_id=ticket.id)
            .create(
                {
                    "resolution": "<p>Refunded</p>",
                    "root_cause_type": "logistics",
                    "root_cause_notes": "Why 1: box crushed",
                    "corrective_action": "Corner protectors",
                    "create_knowledge": True,
                }
            )
        )
        action = wizard.action_close()
        self.assertEqual(ticket.complaint_state, "archived")
        self.assertTrue(ticket.closed_date)
        self.assertEqual(action["res_model"], "complaint.knowledge")
        knowledge = ticket.knowledge_id
        self.assertEqual(knowledge.root_cause_type, "logistics")
        self.assertEqual(knowledge.category_id, ticket.category_id)
        # One click again opens the same entry.
        self.assertEqual(
            ticket.action_complaint_create_knowledge()["res_id"], knowledge.id
        )

    def test_knowledge_only_from_archived(self):
        ticket = self._complaint()
        with self.assertRaises(UserError):
            ticket.action_complaint_create_knowledge()

    def test_transitions_in_chatter(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_context(tracking_disable=False)
            .create(
                {"name": "Tracked", "description": "<p>x</p>", "team_id": self.team.id}
            )
        )
        # Mail discards tracking of records created in the same transaction
        # until the pre-commit hooks ran, as at the end of a real request.
        self.env.flush_all()
        self.env.cr.precommit.run()
        ticket.action_complaint_investigate()
        self.env.flush_all()
        self.env.cr.precommit.run()
        ticket.invalidate_recordset(["message_ids"])
        tracked = ticket.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "stage_id"
        )
        self.assertTrue(tracked)
        self.assertEqual(tracked[0].mail_message_id.author_id, self.env.user.partner_id)

    def test_reopen_counts(self):
        ticket = self._complaint()
        ticket.action_complaint_withdraw()
        with self.assertRaisesRegex(UserError, "is closed"):
            ticket.stage_id = self.stage["investigating"]
        ticket.action_complaint_reopen()
        self.assertEqual(ticket.complaint_state, "accepted")
        self.assertEqual(ticket.reopen_count, 1)
