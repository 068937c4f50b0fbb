# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestCompensationExecution(ComplaintCase):
    """Granted compensation is carried out, or waived by a supervisor, before
    the complaint leaves the execution step; supervisors decide from the
    compensation queue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = "consumer_complaint.compensation_type_{}".format
        cls.cash = cls.env.ref(ref("cash"))
        cls.full_refund = cls.env.ref(ref("full_refund"))
        # Limits in the company's currency: the totals below need no rate.
        currency = cls.company.currency_id.id
        cls.cash.write(
            {"handler_limit": 100, "supervisor_limit": 1000, "currency_id": currency}
        )
        cls.full_refund.write(
            {"handler_limit": 300, "supervisor_limit": 3000, "currency_id": currency}
        )
        cls.ticket = cls._complaint(
            amount_paid=200.0, user_id=cls.handler.id, demand="refund"
        )
        cls.ticket.write({"stage_id": cls.stage["investigating"].id})
        cls.ticket.write(
            {
                "stage_id": cls.stage["solution"].id,
                "solution": "<p>We refund the dumplings and apologise.</p>",
            }
        )
        # Within the handler's limit: approved when proposed.
        cls.line = cls._line(cls.handler, cls.cash, amount=50.0, name="Apology money")
        cls.ticket.write({"stage_id": cls.stage["feedback"].id})
        cls.ticket.write({"stage_id": cls.stage["execution"].id})

    @classmethod
    def _line(cls, user, ctype, ticket=None, **vals):
        values = {
            "ticket_id": (ticket or cls.ticket).id,
            "type_id": ctype.id,
            "reason": "Sour dumplings, batch 2026-11",
        }
        values.update(vals)
        return cls.env["complaint.compensation.line"].with_user(user).create(values)

    def _waive(self, user, lines, reason):
        action = lines.with_user(user).action_waive()
        self.assertEqual(action["res_model"], "complaint.compensation.waive")
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(action["context"])
        )
        wizard.reason = reason
        return wizard.save().action_waive()

    def _mark_done(self, user, lines, reference):
        self.env["complaint.compensation.done"].with_user(user).create(
            {"line_ids": [Command.set(lines.ids)], "reference": reference}
        ).action_done()

    def _close(self, user, ticket=None):
        wizard = Form(
            self.env["complaint.close"]
            .with_user(user)
            .with_context(default_ticket_id=(ticket or self.ticket).id)
        )
        wizard.resolution = "<p>Refunded and apologised.</p>"
        wizard.root_cause_type = "supplier"
        return wizard.save().action_close()

    # Leaving the execution step ------------------------------------------

    def test_approved_line_blocks_leaving_execution(self):
        self.assertEqual(self.line.state, "approved")
        ticket = self.ticket.with_user(self.handler)
        with self.assertRaisesRegex(UserError, "Apology money") as caught:
            ticket.action_complaint_done()
        message = str(caught.exception)
        self.assertIn("mark it as done", message)
        self.assertIn("supervisor waive", message)
        # The stage written directly, as the client's JSON-RPC write does.
        with self.assertRaisesRegex(UserError, "not carried out"):
            ticket.write({"stage_id": self.stage["followup"].id})
        self.assertEqual(self.ticket.complaint_state, "execution")
        # Going back to rework the solution stays possible.
        ticket.write({"stage_id": self.stage["solution"].id})
        self.assertEqual(self.ticket.complaint_state, "solution")

    def test_done_line_lets_the_complaint_move_on(self):
        self._mark_done(self.handler, self.line, "PAY-2026-001")
        self.assertEqual(self.line.state, "done")
        self.ticket.with_user(self.handler).action_complaint_done()
        self.assertEqual(self.ticket.complaint_state, "followup")
        self._close(self.handler)
        self.assertEqual(self.ticket.complaint_state, "archived")

    def test_line_granted_later_blocks_archiving(self):
        self._mark_done(self.handler, self.line, "PAY-2026-001")
        self.ticket.with_user(self.handler).action_complaint_done()
        # Granted during the follow-up call: carried out before archiving too.
        late = self._line(self.handler, self.cash, amount=30.0, name="Goodwill money")
        self.assertEqual(late.state, "approved")
        with self.assertRaisesRegex(UserError, "Goodwill money"):
            self._close(self.handler)
        self.assertEqual(self.ticket.complaint_state, "followup")
        self._mark_done(self.handler, late, "PAY-2026-002")
        self._close(self.handler)
        self.assertEqual(self.ticket.complaint_state, "archived")

    def test_undecided_line_blocks_leaving_execution(self):
        self._mark_done(self.handler, self.line, "PAY-2026-001")
        pending = self._line(self.handler, self.cash, amount=500.0, name="Big money")
        self.assertEqual(pending.state, "proposed")
        with self.assertRaisesRegex(UserError, "approve or reject"):
            self.ticket.with_user(self.handler).action_complaint_done()
        pending.with_user(self.supervisor).action_approve()
        with self.assertRaisesRegex(UserError, "Big money"):
            self.ticket.with_user(self.handler).action_complaint_done()
        self._mark_done(self.handler, pending, "PAY-2026-003")
        self.ticket.with_user(self.handler).action_complaint_done()
        self.assertEqual(self.ticket.complaint_state, "followup")

    def test_done_still_needs_its_proof(self):
        refund = self._line(self.handler, self.full_refund, amount=100.0)
        with self.assertRaisesRegex(UserError, "proof of execution"):
            self._mark_done(self.handler, refund, "")
        self.assertEqual(refund.state, "approved")

    # Waiver -----------------------------------------------------------

    def test_supervisor_waives_with_reason(self):
        with self.assertRaisesRegex(UserError, "why"):
            self.line.with_user(self.supervisor)._waive("  ")
        self._waive(self.supervisor, self.line, "The customer declined the money")
        self.assertEqual(self.line.state, "waived")
        self.assertEqual(self.line.waived_by_id, self.supervisor)
        self.assertTrue(self.line.waived_date)
        self.assertEqual(self.line.waive_reason, "The customer declined the money")
        events = self.ticket.sudo().event_ids.filtered(lambda e: "waived" in e.summary)
        self.assertEqual(len(events), 1)
        payload = json.loads(events.payload)
        self.assertEqual(payload["reason"], "The customer declined the money")
        self.assertEqual(payload["state"], "waived")
        self.assertEqual(events.user_id, self.supervisor)
        # The handler can now move the complaint on.
        self.ticket.with_user(self.handler).action_complaint_done()
        self.assertEqual(self.ticket.complaint_state, "followup")
        # A waived line is kept as evidence and cannot be taken back.
        with self.assertRaisesRegex(UserError, "only approved compensation"):
            self.line.with_user(self.supervisor).action_waive()
        with self.assertRaisesRegex(UserError, "not approved"):
            self._mark_done(self.handler, self.line, "PAY-LATE")
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            self.line.with_user(self.handler).write({"amount": 10.0})
        with self.assertRaisesRegex(UserError, "kept as evidence"):
            self.line.with_user(self.handler).unlink()

    def test_handler_cannot_waive(self):
        Waive = self.env["complaint.compensation.waive"]
        with self.assertRaisesRegex(AccessError, "waived by"):
            self.line.with_user(self.handler).action_waive()
        with self.assertRaisesRegex(AccessError, "waived by"):
            self.line.with_user(self.handler)._waive("Not needed")
        with self.assertRaises(AccessError):
            Waive.with_user(self.handler).create(
                {"line_ids": [Command.set(self.line.ids)], "reason": "Not needed"}
            )
        for vals in (
            {"state": "waived"},
            {"waive_reason": "Not needed"},
            {"waived_by_id": self.supervisor.id},
        ):
            with self.assertRaisesRegex(AccessError, "can only be changed through"):
                self.line.with_user(self.handler).write(vals)
        self.line.invalidate_recordset()
        self.assertEqual(self.line.state, "approved")
        self.assertFalse(self.line.sudo().waive_reason)
        with self.assertRaises(UserError):
            self.ticket.with_user(self.handler).action_complaint_done()

    def test_waiver_above_supervisor_limit_needs_manager(self):
        big = self._line(self.handler, self.cash, amount=1500.0, name="Tenfold")
        big.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(AccessError, "Manager"):
            big.with_user(self.supervisor).action_waive()
        self._waive(self.manager, big, "Settled in court")
        self.assertEqual(big.state, "waived")

    def test_only_approved_lines_are_waived(self):
        pending = self._line(self.handler, self.cash, amount=500.0)
        with self.assertRaisesRegex(UserError, "only approved compensation"):
            pending.with_user(self.supervisor)._waive("Not needed")
        self._mark_done(self.handler, self.line, "PAY-2026-001")
        with self.assertRaisesRegex(UserError, "only approved compensation"):
            self.line.with_user(self.supervisor)._waive("Not needed")

    def test_waived_lines_are_not_granted(self):
        refund = self._line(self.handler, self.full_refund, amount=200.0)
        self.assertEqual(self.ticket.compensation_amount, 250.0)
        self.assertEqual(self.ticket.partner_compensation_total, 250.0)
        # assertRaises (unlike assertRaisesRegex) rolls the refused line back.
        with self.assertRaises(ValidationError) as caught:
            self._line(self.handler, self.full_refund, amount=200.0)
        self.assertIn("exceed", str(caught.exception))
        self._waive(self.supervisor, refund, "Replaced the goods instead")
        self.assertEqual(self.ticket.compensation_amount, 50.0)
        self.ticket.invalidate_recordset(["partner_compensation_total"])
        self.assertEqual(self.ticket.partner_compensation_total, 50.0)
        self.assertEqual(self.ticket._complaint_portal_compensation_lines(), self.line)
        # The waived refund no longer takes up what the customer paid.
        again = self._line(self.handler, self.full_refund, amount=150.0)
        self.assertEqual(again.state, "approved")

    # The supervisor's queue --------------------------------------------

    def _queue_arch(self, user, view_type):
        action = self.env.ref("consumer_complaint.complaint_compensation_line_action")
        views = (
            self.env["complaint.compensation.line"]
            .with_user(user)
            .get_views([(False, view_type)], {"action_id": action.id})
        )
        return views["views"][view_type]["arch"]

    def test_queue_rows_carry_the_decisions_for_supervisors(self):
        supervisor_list = self._queue_arch(self.supervisor, "list")
        handler_list = self._queue_arch(self.handler, "list")
        for method in ("action_approve", "action_reject", "action_waive"):
            self.assertIn(f'name="{method}"', supervisor_list)
            self.assertNotIn(f'name="{method}"', handler_list)
        for arch in (supervisor_list, handler_list):
            for fname in (
                "ticket_id",
                "ticket_demand",
                "reason",
                "type_id",
                "amount",
                "solution_summary",
                "action_open_ticket",
            ):
                self.assertIn(f'name="{fname}"', arch)

    def test_queue_opens_on_lines_to_approve_for_supervisors(self):
        action = self.env.ref("consumer_complaint.complaint_compensation_line_action")
        self.assertIn("search_default_to_approve", action.context)
        self.assertIn("search_default_to_execute", action.context)
        supervisor_search = self._queue_arch(self.supervisor, "search")
        handler_search = self._queue_arch(self.handler, "search")
        self.assertIn('name="to_approve"', supervisor_search)
        # A supervisor lacks the filter the other default names.
        self.assertNotIn('name="to_execute"', supervisor_search)
        self.assertIn('name="to_carry_out"', supervisor_search)
        self.assertIn('name="to_execute"', handler_search)
        self.assertNotIn('name="to_carry_out"', handler_search)

    def test_queue_shows_what_is_approved(self):
        pending = self._line(self.handler, self.cash, amount=500.0, name="Big money")
        row = pending.with_user(self.supervisor).read(
            ["ticket_id", "ticket_demand", "reason", "solution_summary", "amount"]
        )[0]
        self.assertIn(self.ticket.number, row["ticket_id"][1])
        self.assertIn("Dumplings smell sour", row["ticket_id"][1])
        self.assertEqual(row["ticket_demand"], "refund")
        self.assertEqual(row["reason"], "Sour dumplings, batch 2026-11")
        self.assertEqual(
            row["solution_summary"], "We refund the dumplings and apologise."
        )
        self.assertEqual(row["amount"], 500.0)
        action = pending.with_user(self.supervisor).action_open_ticket()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("helpdesk.ticket", self.ticket.id)
        )

    def test_queue_approve_and_reject(self):
        first = self._line(self.handler, self.cash, amount=500.0, name="First")
        second = self._line(self.handler, self.cash, amount=600.0, name="Second")
        for line in first | second:
            with self.assertRaises(AccessError):
                line.with_user(self.handler).action_approve()
            with self.assertRaises(AccessError):
                line.with_user(self.handler).action_reject()
        self.assertEqual(set((first | second).mapped("state")), {"proposed"})
        first.with_user(self.supervisor).action_approve()
        self.assertEqual(first.state, "approved")
        self.assertEqual(first.approved_by_id, self.supervisor)
        action = second.with_user(self.supervisor).action_reject()
        self.assertEqual(action["res_model"], "complaint.compensation.reject")
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.supervisor)
            .with_context(action["context"])
        )
        wizard.reason = "Not justified by the facts"
        wizard.save().action_reject()
        self.assertEqual(second.state, "rejected")
        self.assertEqual(second.reject_reason, "Not justified by the facts")
