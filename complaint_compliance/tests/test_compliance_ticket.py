# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestComplianceTicket(TransactionCase):
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
        cls.handler = new_test_user(cls.env, "cp_handler", groups=groups("handler"))
        cls.supervisor = new_test_user(
            cls.env, "cp_supervisor", groups=groups("supervisor")
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Compliance team",
                "is_complaint_team": True,
                "complaint_assign_method": "manual",
                "user_ids": [(6, 0, [cls.handler.id, cls.supervisor.id])],
            }
        )
        cls.normal = cls.env.ref("consumer_complaint.severity_normal")

    def _complaint(self, **vals):
        values = {
            "name": "Sausages",
            "description": "<p>Swollen pack</p>",
            "team_id": self.team.id,
            "severity_id": self.normal.id,
        }
        values.update(vals)
        return self.env["helpdesk.ticket"].create(values)

    def test_seeded_library(self):
        Clause = self.env["complaint.legal.clause"]
        self.assertGreaterEqual(Clause.search_count([]), 20)
        fraud = self.env.ref("complaint_compliance.clause_cpl_55_1")
        self.assertEqual((fraud.multiplier, fraud.floor_amount), (3, 500))
        self.assertEqual(
            self.env.ref("complaint_compliance.clause_samr_2026").verification,
            "unverified",
        )
        zh = fraud.with_context(lang="zh_CN")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.assertIn("第55条", zh._hint_text())
        self.assertIn("500", zh._hint_text())

    def test_hints_match_facts(self):
        food = self._complaint(is_food=True)
        self.assertIn(
            self.env.ref("complaint_compliance.clause_food_148"), food.legal_clause_ids
        )
        with freeze_time("2026-11-05 02:00:00"):
            self.env.cr._now = fields.Datetime.now()
            online = self._complaint(
                name="Return", sale_channel="online", delivery_date=date(2026, 11, 1)
            )
            online.invalidate_recordset(["legal_clause_ids"])
            self.assertIn(
                self.env.ref("complaint_compliance.clause_cpl_25"),
                online.legal_clause_ids,
            )
        late = self._complaint(
            name="Return", sale_channel="online", delivery_date=date(2025, 1, 1)
        )
        self.assertNotIn(
            self.env.ref("complaint_compliance.clause_cpl_25"), late.legal_clause_ids
        )
        fraud = self._complaint(name="涉嫌欺诈", description="<p>要求退一赔三</p>")
        self.assertIn(
            self.env.ref("complaint_compliance.clause_cpl_55_1"), fraud.legal_clause_ids
        )

    def test_missing_fact_is_never_a_pass(self):
        ticket = self._complaint(demand="refund", fraud_confirmed=True)
        checks = {c[0]: c for c in ticket._complaint_compliance_checks()}
        self.assertEqual(checks["7-day return without reason"][1], "cannot_check")
        self.assertIn("cannot check", checks["7-day return without reason"][3])
        self.assertEqual(checks["Punitive minimum (fraud)"][1], "cannot_check")

    def test_punitive_minimum_blocks_feedback_until_override(self):
        # The minimum is a multiple of the price of the item concerned, not of
        # the whole order (item_price), since the fix of issue 18.
        ticket = self._complaint(
            amount_paid=100,
            item_price=100,
            fraud_confirmed=True,
            proposed_extra_compensation=300,
            solution="<p>Refund and 300 yuan</p>",
        )
        self.assertTrue(ticket.compliance_blocking)
        ticket.action_complaint_investigate()
        ticket.action_complaint_propose()
        with self.assertRaisesRegex(UserError, "500.00"):
            ticket.action_complaint_submit()
        with self.assertRaises(AccessError):
            ticket.with_user(self.handler).action_compliance_override()
        with self.assertRaises(UserError):
            ticket.with_user(self.supervisor).action_compliance_override()
        ticket.compliance_override_reason = "Customer agreed in writing to 300 yuan"
        ticket.with_user(self.supervisor).action_compliance_override()
        event = ticket.event_ids.filtered(lambda e: e.event_type == "override")
        self.assertIn("Customer agreed", event.payload)
        ticket.action_complaint_submit()
        self.assertEqual(ticket.complaint_state, "feedback")

    def test_food_floor_passes_when_met(self):
        ticket = self._complaint(
            amount_paid=50,
            item_price=50,
            food_noncompliant_confirmed=True,
            food_flaw_kind="safety",
            food_seller_role="producer",
            loss_known=True,
            proposed_extra_compensation=1000,
        )
        self.assertFalse(ticket.compliance_blocking)

    def test_regulator_deadline_uses_holiday_calendar(self):
        Holiday = self.env["complaint.holiday"]
        Holiday.create(
            {"date": "2026-11-24", "name": "Test holiday", "kind": "holiday"}
        )
        with freeze_time("2026-11-20 02:00:00"):
            self.env.cr._now = fields.Datetime.now()
            ticket = self._complaint(
                channel_id=self.env.ref("consumer_complaint.channel_regulator").id,
                regulator_case_number="12315-1",
            )
            checks = {c[0]: c for c in ticket._complaint_compliance_checks()}
        # The company's deadline is the 12315 ODR clause (10 working days), no
        # longer the authority's own 7 days of 消法 art. 46.
        self.assertIn("2026-12-07", checks["Regulator deadline"][3])
        self.assertEqual(
            checks["Regulator deadline"].clause,
            self.env.ref("complaint_compliance.clause_odr_12315"),
        )

    def test_refund_after_return(self):
        with freeze_time("2026-11-20 02:00:00"):
            ticket = self._complaint(return_received_date=date(2026, 11, 10))
            checks = {c[0]: c for c in ticket._complaint_compliance_checks()}
        # No refund date entered and the due date passed: a warning, never a
        # pass judged by the stage alone.
        self.assertEqual(checks["Refund after the return"][1], "warning")
        self.assertIn("2026-11-17", checks["Refund after the return"][3])

    def test_only_compliance_managers_edit_clauses(self):
        clause = self.env.ref("complaint_compliance.clause_cpl_24")
        with self.assertRaises(AccessError):
            clause.with_user(self.supervisor).write({"summary": "x"})
        manager = new_test_user(
            self.env,
            "cp_compliance",
            groups="complaint_compliance.group_compliance_manager",
        )
        promise = (
            self.env["complaint.legal.clause"]
            .with_user(manager)
            .create(
                {
                    "law": "company",
                    "summary": "Refund within 48 hours",
                    "verification": "checked",
                }
            )
        )
        self.assertIn("Refund within 48 hours", promise._hint_text())

    def test_company_promise_deadline(self):
        promise = self.env["complaint.legal.clause"].create(
            {
                "law": "company",
                "summary": "Refund within 2 days",
                "verification": "checked",
                "category_ids": [
                    (6, 0, self.env.ref("consumer_complaint.category_refund").ids)
                ],
                "rule_type": "deadline",
                "deadline_days": 2,
                "deadline_unit": "calendar",
            }
        )
        with freeze_time("2026-11-20 02:00:00"):
            self.env.cr._now = fields.Datetime.now()
            ticket = self._complaint(
                category_id=self.env.ref("consumer_complaint.category_refund_slow").id
            )
            self.assertIn(promise, ticket.legal_clause_ids)
            checks = {c[0]: c for c in ticket._complaint_compliance_checks()}
            self.assertEqual(checks["Company promise"][1], "pass")
        with freeze_time("2026-11-23 02:00:00"):
            checks = {c[0]: c for c in ticket._complaint_compliance_checks()}
            self.assertEqual(checks["Company promise"][1], "warning")
            self.assertIn("2026-11-22", checks["Company promise"][3])

    def test_library_covers_the_legal_facts(self):
        Clause = self.env["complaint.legal.clause"]
        for law, article in (
            ("consumer_protection", "26"),
            ("consumer_protection", "53"),
            ("consumer_regulation", "22"),
            ("ecommerce", "39"),
            ("pipl", "24"),
            ("product_quality", "41"),
        ):
            self.assertTrue(
                Clause.search([("law", "=", law), ("article", "=", article)])
            )
        old = self.env.ref("complaint_compliance.clause_samr_2020")
        self.assertEqual(str(old.effective_to), "2026-04-14")
