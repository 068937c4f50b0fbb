# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestCompensation(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = "consumer_complaint.compensation_type_{}".format
        cls.full_refund = cls.env.ref(ref("full_refund"))
        cls.partial_refund = cls.env.ref(ref("partial_refund"))
        cls.coupon = cls.env.ref(ref("coupon"))
        cls.cash = cls.env.ref(ref("cash"))
        cls.repair = cls.env.ref(ref("repair"))
        cls.custom = cls.env.ref(ref("custom"))
        # Limits the tests rely on, whatever the catalogue says later.
        cls.cash.write({"handler_limit": 100, "supervisor_limit": 1000})
        cls.full_refund.write({"handler_limit": 300, "supervisor_limit": 3000})
        cls.ticket = cls._complaint(amount_paid=200.0, user_id=cls.handler.id)
        cls.ticket.write({"stage_id": cls.stage["investigating"].id})
        cls.ticket.write(
            {
                "stage_id": cls.stage["solution"].id,
                "solution": "<p>We refund and apologise.</p>",
            }
        )

    def _line(self, user, ctype, ticket=None, **vals):
        values = {
            "ticket_id": (ticket or self.ticket).id,
            "type_id": ctype.id,
            "reason": "Sour dumplings, batch 2026-11",
        }
        values.update(vals)
        return self.env["complaint.compensation.line"].with_user(user).create(values)

    def _events(self, ticket=None):
        return (
            self.env["complaint.event"]
            .sudo()
            .search([("ticket_id", "=", (ticket or self.ticket).id)])
        )

    # Catalogue ----------------------------------------------------------

    def test_catalogue_seeded_in_both_languages(self):
        kinds = set(self.env["complaint.compensation.type"].search([]).mapped("kind"))
        self.assertLessEqual(
            {
                "refund_full",
                "refund_partial",
                "coupon",
                "cash",
                "replacement",
                "repair",
                "redelivery",
                "gift",
                "apology",
                "custom",
            },
            kinds,
        )
        self.env["res.lang"]._activate_lang("zh_CN")
        self.assertEqual(self.full_refund.with_context(lang="zh_CN").name, "全额退款")
        self.assertEqual(
            self.full_refund.with_context(lang="en_US").name, "Full refund"
        )

    def test_default_amount_rules(self):
        self.assertEqual(self._line(self.handler, self.full_refund).amount, 200.0)
        self.assertEqual(self._line(self.handler, self.coupon).amount, 20.0)
        partial = self._line(
            self.handler, self.partial_refund, ticket=self._complaint(amount_paid=50.0)
        )
        self.assertEqual(partial.amount, 15.0)
        edited = self._line(self.handler, self.cash, amount=80.0)
        self.assertEqual(edited.amount, 80.0, "the proposed amount stays editable")

    def test_only_managers_edit_the_catalogue(self):
        with self.assertRaises(AccessError):
            self.cash.with_user(self.supervisor).write({"handler_limit": 5000})
        self.cash.with_user(self.manager).write({"handler_limit": 150})
        with self.assertRaises(ValidationError):
            self.cash.with_user(self.manager).write({"supervisor_limit": 10})

    # Limits per role ----------------------------------------------------

    def test_handler_grants_within_own_limit(self):
        line = self._line(self.handler, self.cash, amount=100.0)
        self.assertEqual(line.state, "approved")
        self.assertEqual(line.approved_by_id, self.handler)
        self.assertEqual(line.required_level, "handler")
        self.assertEqual(self.ticket.compensation_amount, 100.0)

    def test_above_handler_limit_needs_supervisor(self):
        line = self._line(self.handler, self.cash, amount=100.01)
        self.assertEqual(line.state, "proposed")
        self.assertEqual(line.required_level, "supervisor")
        self.assertIn("handler", line.approval_reason)
        self.assertEqual(self.ticket.compensation_amount, 0.0)
        with self.assertRaises(AccessError):
            line.with_user(self.handler).action_approve()
        line.with_user(self.supervisor).action_approve()
        self.assertEqual(line.state, "approved")
        self.assertEqual(line.approved_by_id, self.supervisor)
        self.assertTrue(line.approved_date)

    def test_above_supervisor_limit_needs_manager(self):
        line = self._line(self.handler, self.cash, amount=1500.0)
        self.assertEqual(line.required_level, "manager")
        with self.assertRaises(AccessError):
            line.with_user(self.supervisor).action_approve()
        line.with_user(self.manager).action_approve()
        self.assertEqual(line.state, "approved")
        # A supervisor's own line within the supervisor limit needs nobody.
        own = self._line(self.supervisor, self.cash, amount=900.0)
        self.assertEqual(own.state, "approved")

    def test_outside_catalogue_and_major_need_supervisor(self):
        custom = self._line(self.handler, self.custom, amount=10.0)
        self.assertEqual(custom.state, "proposed")
        self.assertIn("catalogue", custom.approval_reason)
        major = self._complaint(severity_id=self.major.id, amount_paid=30.0)
        line = self._line(self.handler, self.coupon, ticket=major, amount=5.0)
        self.assertEqual(line.state, "proposed")
        self.assertEqual(line.required_level, "supervisor")

    def test_proposer_cannot_be_forged(self):
        Line = self.env["complaint.compensation.line"]
        count = Line.search_count([])
        for forged in ({"proposed_by_id": self.manager.id}, {"state": "approved"}):
            with self.assertRaisesRegex(AccessError, "can only be changed through"):
                self._line(self.handler, self.cash, amount=500.0, **forged)
        self.assertEqual(Line.search_count([]), count)
        line = self._line(self.handler, self.cash, amount=500.0)
        self.assertEqual(line.proposed_by_id, self.handler)
        self.assertEqual(line.state, "proposed")

    # Approval path ------------------------------------------------------

    def test_pending_line_blocks_feedback_and_notifies(self):
        line = self._line(self.handler, self.cash, amount=500.0)
        activity = self.ticket.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref(
                    "consumer_complaint.mail_activity_complaint_compensation"
                )
            )
        )
        self.assertEqual(activity.user_id, self.supervisor)
        self.assertTrue(self.ticket.approval_required)
        with self.assertRaisesRegex(UserError, "waits for approval"):
            self.ticket.with_user(self.handler).write(
                {"stage_id": self.stage["feedback"].id}
            )
        # Submitting routes to review; the supervisor's approval covers the line.
        self.ticket.with_user(self.handler).action_complaint_submit()
        self.assertEqual(self.ticket.complaint_state, "review")
        self.ticket.with_user(self.supervisor).action_complaint_approve()
        self.assertEqual(line.state, "approved")
        self.assertEqual(self.ticket.complaint_state, "feedback")
        self.assertFalse(self.ticket.activity_ids.filtered(lambda a: a == activity))

    def test_reject_with_reason_and_event_log(self):
        line = self._line(self.handler, self.cash, amount=500.0)
        wizard = Form(
            self.env["complaint.compensation.reject"]
            .with_user(self.supervisor)
            .with_context(default_line_ids=line.ids)
        )
        wizard.reason = "Not justified by the facts"
        wizard.save().action_reject()
        self.assertEqual(line.state, "rejected")
        self.assertEqual(line.rejected_by_id, self.supervisor)
        self.assertEqual(line.reject_reason, "Not justified by the facts")
        with self.assertRaisesRegex(UserError, "why"):
            self._line(self.handler, self.cash, amount=500.0).with_user(
                self.supervisor
            )._reject(" ")
        approvals = self._events().filtered(lambda e: e.event_type == "approval")
        self.assertTrue(
            any("Not justified" in (e.payload or "") for e in approvals),
            approvals.mapped("summary"),
        )
        # A rejected line no longer blocks the solution.
        self.ticket.with_user(self.handler).action_complaint_submit()
        self.assertEqual(self.ticket.complaint_state, "review")

    def test_every_step_is_logged(self):
        line = self._line(self.handler, self.cash, amount=500.0)
        line.with_user(self.supervisor).action_approve()
        line.with_user(self.handler)._mark_done("PAY-001")
        summaries = (
            self._events()
            .filtered(lambda e: e.event_type in ("compensation", "approval"))
            .mapped("summary")
        )
        self.assertEqual(len(summaries), 3, summaries)
        self.assertEqual(
            self.env["complaint.event"].sudo()._verify_chain(), (True, None)
        )

    # Execution ----------------------------------------------------------

    def test_execution_records_reference_and_tells_customer(self):
        line = self._line(self.handler, self.full_refund, amount=200.0)
        with self.assertRaisesRegex(UserError, "proof of execution"):
            line.with_user(self.handler)._mark_done("")
        wizard = Form(
            self.env["complaint.compensation.done"]
            .with_user(self.handler)
            .with_context(default_line_ids=line.ids)
        )
        wizard.reference = "RF-2026-0042"
        wizard.save().action_done()
        self.assertEqual(line.state, "done")
        self.assertEqual(line.reference, "RF-2026-0042")
        self.assertEqual(line.done_by_id, self.handler)
        self.assertTrue(line.done_date)
        message = self.ticket.message_ids[:1]
        self.assertIn("RF-2026-0042", message.body)
        self.assertIn(self.customer, message.partner_ids)
        self.assertEqual(self.ticket.compensation_amount, 200.0)

    def test_only_approved_lines_are_carried_out(self):
        line = self._line(self.handler, self.cash, amount=500.0)
        with self.assertRaisesRegex(UserError, "not approved"):
            line.with_user(self.handler)._mark_done("X")

    def test_remedy_without_amount_needs_no_reference(self):
        line = self._line(self.handler, self.repair)
        self.assertEqual((line.amount, line.state), (0.0, "approved"))
        line.with_user(self.handler)._mark_done("")
        self.assertEqual(line.state, "done")

    def test_coupon_from_loyalty_when_installed(self):
        line = self._line(self.handler, self.coupon)
        if "loyalty.card" in self.env:
            program = self.env["loyalty.program"].create(
                {"name": "Apology coupon", "program_type": "coupons"}
            )
            line.with_user(self.handler)._mark_done("")
            card = self.env["loyalty.card"].search([("program_id", "=", program.id)])
            self.assertEqual(line.reference, card.code)
        else:
            # Without the Loyalty app the agent types the code.
            with self.assertRaisesRegex(UserError, "coupon code"):
                line.with_user(self.handler)._mark_done("")
            line.with_user(self.handler)._mark_done("CP-88")
            self.assertEqual(line.reference, "CP-88")

    # Totals -------------------------------------------------------------

    def test_totals_per_complaint_and_customer(self):
        self._line(self.handler, self.cash, amount=60.0)
        self._line(self.handler, self.cash, amount=400.0)  # pending: not counted
        other = self._complaint(amount_paid=10.0)
        self._line(self.handler, self.coupon, ticket=other, amount=15.0)
        self.assertEqual(self.ticket.compensation_amount, 60.0)
        self.assertEqual(self.ticket.compensation_pending_count, 1)
        self.assertEqual(self.ticket.partner_compensation_total, 75.0)

    # Bad input ----------------------------------------------------------

    def test_zero_and_negative_amounts_refused(self):
        with self.assertRaisesRegex(ValidationError, "above zero"):
            self._line(self.handler, self.cash, amount=0.0)
        with self.assertRaisesRegex(ValidationError, "negative"):
            self._line(self.handler, self.cash, amount=-5.0)
        with self.assertRaisesRegex(ValidationError, "above zero"):
            self._line(self.handler, self.custom)

    def test_refund_above_amount_paid_refused(self):
        self._line(self.handler, self.partial_refund, amount=150.0)
        with self.assertRaisesRegex(ValidationError, "exceed"):
            self._line(self.handler, self.partial_refund, amount=60.0)
        unknown = self._complaint()
        with self.assertRaisesRegex(ValidationError, "amount the customer paid"):
            self._line(self.handler, self.full_refund, ticket=unknown, amount=10.0)

    def test_foreign_currency_needs_a_rate(self):
        foreign = self.env["res.currency"].create(
            {"name": "XTS", "symbol": "¤", "rounding": 0.01}
        )
        with self.assertRaisesRegex(ValidationError, "no exchange rate"):
            self._line(self.handler, self.cash, amount=10.0, currency_id=foreign.id)
        # Half the company currency's own stored rate (not 1 when the demo
        # data made the company's currency CNY): one XTS is worth two of it.
        own = self.company.currency_id
        own_rate = own._get_rates(self.company, fields.Date.today())[own.id]
        self.env["res.currency.rate"].create(
            {"currency_id": foreign.id, "rate": 0.5 * own_rate, "name": "2020-01-01"}
        )
        line = self._line(self.handler, self.cash, amount=10.0, currency_id=foreign.id)
        self.assertAlmostEqual(line.amount_company, 20.0)

    def test_exchange_rate_of_the_companys_day(self):
        """A line proposed at 01:30 in Beijing on 1 December takes the rate
        of 1 December, not of 30 November (the date in UTC)."""
        self.company.partner_id.tz = "Asia/Shanghai"
        foreign = self.env["res.currency"].create(
            {"name": "XTS", "symbol": "¤", "rounding": 0.01}
        )
        own = self.company.currency_id
        own_rate = own._get_rates(self.company, fields.Date.to_date("2026-12-01"))[
            own.id
        ]
        self.env["res.currency.rate"].create(
            [
                {"currency_id": foreign.id, "rate": 0.5 * own_rate, "name": day}
                for day in ("2026-11-29", "2026-11-30")
            ]
            + [
                {
                    "currency_id": foreign.id,
                    "rate": 0.25 * own_rate,
                    "name": "2026-12-01",
                }
            ]
        )
        with freeze_time("2026-11-30 17:30:00"):
            line = self._line(
                self.handler, self.cash, amount=10.0, currency_id=foreign.id
            )
        self.assertAlmostEqual(line.amount_company, 40.0)

    def test_approved_line_cannot_be_edited_or_deleted(self):
        line = self._line(self.handler, self.cash, amount=50.0)
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            line.with_user(self.handler).write({"amount": 5000.0})
        with self.assertRaisesRegex(UserError, "kept as evidence"):
            line.with_user(self.handler).unlink()
        proposed = self._line(self.handler, self.cash, amount=500.0)
        proposed.with_user(self.handler).write({"amount": 450.0})
        proposed.with_user(self.handler).unlink()

    def test_closed_complaint_refuses_new_lines(self):
        closed = self._complaint()
        closed.write({"stage_id": self.stage["withdrawn"].id})
        with self.assertRaisesRegex(UserError, "reopen"):
            self._line(self.handler, self.coupon, ticket=closed)

    # Access -------------------------------------------------------------

    def test_lines_follow_complaint_access(self):
        line = self._line(self.handler, self.cash, amount=50.0)
        Line = self.env["complaint.compensation.line"]
        self.assertIn(line, Line.with_user(self.handler2).search([]))
        self.assertNotIn(line, Line.with_user(self.handler_other).search([]))
        self.assertIn(line, Line.with_user(self.analyst).search([]))
        with self.assertRaises(AccessError):
            line.with_user(self.analyst).write({"name": "x"})
        with self.assertRaises(AccessError):
            Line.with_user(self.receptionist).search([])

    def test_portal_shows_granted_lines_after_feedback(self):
        self._line(self.handler, self.cash, amount=50.0, name="Apology money")
        self.assertEqual(self.ticket._complaint_portal_compensation_lines(), [])
        self.ticket.with_user(self.handler).action_complaint_submit()
        self.assertEqual(self.ticket.complaint_state, "feedback")
        shown = self.ticket._complaint_portal_compensation()
        self.assertEqual(shown[0]["name"], "Apology money")
        self.assertEqual(shown[0]["amount"], 50.0)
