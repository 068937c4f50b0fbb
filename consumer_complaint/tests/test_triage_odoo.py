# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase

COLDCHAIN = "冷链配送的三文鱼到手冰袋全化了，鱼都软了"
LATE = "快递超时三天才送到，物流一直不更新"


@tagged("post_install", "-at_install")
class TestTriageOdoo(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Model = cls.env["complaint.triage.model"]
        cls.model = cls.Model._train_synthetic(2000)
        cls.company.complaint_triage_precision = 0.95
        cls.coldchain = cls.env.ref("consumer_complaint.category_delivery_coldchain")
        cls.late = cls.env.ref("consumer_complaint.category_delivery_late")

    def _intake(self, text, **vals):
        values = {"name": text[:20], "description": f"<p>{text}</p>"}
        values.update(vals)
        return (
            self.env["helpdesk.ticket"].with_context(complaint_mode=True).create(values)
        )

    # Proposal at intake -------------------------------------------------

    def test_model_stored_with_its_figures(self):
        self.assertTrue(self.model.current)
        self.assertEqual(self.model.source, "synthetic")
        self.assertEqual(self.model.training_size + self.model.test_size, 2000)
        self.assertGreater(self.model.accuracy, 0.8)
        self.assertTrue(self.model.blob)
        self.assertIn("accuracy=", self.model.report)
        self.assertIn("coverage at 95% precision", self.model.report)
        self.assertFalse(self.model.load_error)
        self.assertEqual(len(self.model.blob_sha256), 64)

    def test_coverage_follows_the_company_target(self):
        """The screen shows the share categorised automatically at the
        company's target precision, measured on held-out complaints."""
        model = self.model
        self.assertEqual(model.target_precision, 0.95)
        self.assertGreater(model.auto_coverage, 0.5)
        self.assertGreaterEqual(model.auto_precision, 0.95)
        easy_coverage = model.auto_coverage
        self.company.complaint_triage_precision = 0.995
        model.invalidate_recordset(["auto_coverage", "auto_threshold"])
        self.assertLessEqual(model.auto_coverage, easy_coverage)
        self.assertGreaterEqual(model.auto_threshold, 0.0)
        self.company.complaint_triage_precision = 1.01
        model.invalidate_recordset(["auto_coverage", "auto_threshold"])
        self.assertEqual(model.auto_coverage, 0.0)
        self.assertEqual(model._auto_threshold(1.01), 1.01)

    def test_changed_model_file_is_refused(self):
        """A model file that no longer matches the hash recorded at training
        is not loaded: complaints come in without automatic category."""
        from ..models import complaint_triage_model

        self.model.sudo()._complaint_write_decision({"blob_sha256": "0" * 64})
        self.assertIn("SHA-256", self.model.load_error)
        complaint_triage_model._CACHE.clear()
        with self.assertLogs(complaint_triage_model._logger, "WARNING") as logs:
            self.assertIsNone(self.Model._current_model())
        self.assertIn("SHA-256", logs.output[0])
        ticket = self._intake(COLDCHAIN, team_id=self.team.id)
        self.assertFalse(ticket.triage_category_id)
        self.assertFalse(ticket.category_id)
        complaint_triage_model._CACHE.clear()

    def test_proposal_applied_above_threshold(self):
        ticket = self._intake(COLDCHAIN)
        self.assertEqual(ticket.triage_category_id, self.coldchain)
        self.assertEqual(ticket.category_id, self.coldchain)
        self.assertTrue(ticket.triage_applied)
        self.assertFalse(ticket.category_confirmed)
        self.assertGreaterEqual(ticket.triage_confidence, 0.5)
        self.assertEqual(ticket.triage_model_id, self.model)
        # The category brings its team and severity.
        self.assertTrue(ticket.is_complaint)
        self.assertEqual(ticket.team_id, self.coldchain._complaint_team())

    def test_intake_team_hands_over_and_other_tickets_untouched(self):
        self.env["ir.config_parameter"].set_param(
            "consumer_complaint.intake_team_id", str(self.team.id)
        )
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Salmon", "description": COLDCHAIN, "team_id": self.team.id}
        )
        self.assertEqual(ticket.category_id, self.coldchain)
        self.assertEqual(ticket.team_id, self.coldchain._complaint_team())
        # A team chosen by its channel (e-mail alias, hotline) is kept.
        kept = self._intake(COLDCHAIN, team_id=self.team_other.id)
        self.assertEqual(kept.category_id, self.coldchain)
        self.assertEqual(kept.team_id, self.team_other)
        # Tickets of ordinary helpdesk teams, or without team outside the
        # complaint screens, are not triaged.
        for vals in ({"team_id": self.plain_team.id}, {}):
            plain = self.env["helpdesk.ticket"].create(
                dict(vals, name="Printer", description=COLDCHAIN)
            )
            self.assertFalse(plain.triage_category_id)
            self.assertFalse(plain.is_complaint)

    def test_model_read_back_from_the_database(self):
        """Another worker (or a restarted server) loads the stored model, also
        from a web request, whose context asks for binary sizes only."""
        from ..models import complaint_triage_model

        complaint_triage_model._CACHE.clear()
        model = self.Model.with_context(bin_size=True)._current_model()
        self.assertEqual(model.predict(COLDCHAIN)[0], "delivery_coldchain")

    def test_low_confidence_left_for_a_human(self):
        # a target precision no model can reach: nothing is applied
        self.company.complaint_triage_precision = 1.01
        ticket = self._intake(COLDCHAIN, team_id=self.team.id)
        self.assertEqual(ticket.triage_category_id, self.coldchain)
        self.assertFalse(ticket.category_id)
        self.assertFalse(ticket.triage_applied)

    def test_category_chosen_at_intake_is_kept(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.handler)
            .create(
                {
                    "name": "Salmon",
                    "description": COLDCHAIN,
                    "team_id": self.team.id,
                    "category_id": self.late.id,
                }
            )
        )
        self.assertTrue(ticket.category_confirmed)
        self.assertEqual(ticket.category_id, self.late)
        self.assertEqual(ticket.triage_category_id, self.coldchain)

    def test_severity_rules_raise_the_severity(self):
        ticket = self._intake("吃了饺子后全家食物中毒住院了", team_id=self.team.id)
        self.assertEqual(ticket.severity_id, self.major)
        self.assertIn("住院", ticket.triage_severity_rules)
        calm = self._intake(
            "饺子有点酸，没有住院也没有不舒服",
            team_id=self.team.id,
            severity_id=self.normal.id,
        )
        self.assertEqual(calm.severity_id, self.normal)
        # An edited rule applies to the next complaint.
        self.env["complaint.severity.rule"].create(
            {"pattern": "酸味刺鼻", "severity_id": self.urgent.id}
        )
        sour = self._intake(
            "饺子酸味刺鼻", team_id=self.team.id, severity_id=self.normal.id
        )
        self.assertEqual(sour.severity_id, self.urgent)

    def test_severities_of_the_complaints_company(self):
        """A company's own severity of a level takes over the shared one for
        its complaints, at intake and on escalation; others keep the shared."""
        company = self.env["res.company"].create({"name": "Second shop (sev)"})
        Severity = self.env["complaint.severity"]
        own = {
            level: Severity.create(
                {
                    "name": f"Level {level} (second shop)",
                    "code": f"second_{level}",
                    "level": level,
                    "response_hours": 1,
                    "resolution_hours": 24,
                    "company_id": company.id,
                }
            )
            for level in (self.major.level, self.normal.level)
        }
        team = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Second shop team (sev)",
                "is_complaint_team": True,
                "company_id": company.id,
            }
        )
        text = "吃了饺子后全家食物中毒住院了"
        raised = self._intake(text, team_id=team.id, company_id=company.id)
        self.assertEqual(raised.severity_id, own[self.major.level])
        # No severity from a category: the mildest the company can take.
        category = self.env["helpdesk.ticket.category"].create(
            {"name": "Other (second shop)", "company_id": company.id}
        )
        plain = self._intake(
            "饺子有点酸",
            team_id=team.id,
            company_id=company.id,
            category_id=category.id,
        )
        self.assertEqual(plain.severity_id, own[self.normal.level])
        shared = self._intake(text, team_id=self.team.id)
        self.assertEqual(shared.severity_id, self.major)
        by_level = Severity._complaint_by_level(company)
        self.assertEqual(by_level[self.urgent.level], self.urgent)
        self.assertEqual(by_level[self.major.level], own[self.major.level])

    # Corrections and training ------------------------------------------

    def test_correction_is_recorded(self):
        ticket = self._intake(COLDCHAIN)
        ticket.with_user(self.supervisor).write({"category_id": self.late.id})
        self.assertTrue(ticket.triage_corrected)
        self.assertTrue(ticket.category_confirmed)
        event = (
            self.env["complaint.event"]
            .sudo()
            .search(
                [
                    ("ticket_id", "=", ticket.id),
                    ("summary", "like", "Category corrected"),
                ]
            )
        )
        self.assertEqual(len(event), 1)
        self.assertIn('"proposed":"delivery_coldchain"', event.payload.replace(" ", ""))
        rows = self.Model._training_rows()
        self.assertIn(
            "delivery_late", [label for text, label in rows if "三文鱼" in text]
        )

    def test_confirm_button_and_closing_confirm(self):
        ticket = self._intake(COLDCHAIN, team_id=self.team.id)
        ticket.with_user(self.handler).action_complaint_confirm_category()
        self.assertTrue(ticket.category_confirmed)

    def test_training_from_confirmed_complaints(self):
        with self.assertRaisesRegex(UserError, "Not enough confirmed complaints"):
            self.Model.action_train()
        with self.assertRaises(AccessError):
            self.Model.with_user(self.supervisor).action_train()
        texts = {
            self.coldchain: [f"{COLDCHAIN} 第{i}次" for i in range(8)],
            self.late: [f"{LATE} 订单{i}" for i in range(8)],
        }
        vals = [
            {
                "name": text[:20],
                "description": text,
                "team_id": self.team.id,
                "category_id": category.id,
            }
            for category, category_texts in texts.items()
            for text in category_texts
        ]
        self.env["helpdesk.ticket"].with_user(self.handler).create(vals)
        action = self.Model.with_user(self.manager).action_train()
        new = self.Model.browse(action["res_id"])
        self.assertTrue(new.current)
        self.assertFalse(self.model.current)
        self.assertEqual(new.version, self.model.version + 1)
        self.assertEqual(new.source, "history")
        self.assertEqual(new.training_size + new.test_size, 16)
        self.assertTrue(0.0 <= new.accuracy <= 1.0)
        with self.assertRaises(AccessError):
            self.Model.with_user(self.handler).browse(new.id).write({"current": False})

    def test_weekly_cron_keeps_model_without_new_data(self):
        self.Model._cron_train()
        self.assertTrue(self.model.current)

    def test_dictionary_and_rules_are_validated(self):
        with self.assertRaises(ValidationError):
            self.env["complaint.severity.rule"].create(
                {"pattern": "re:(unclosed", "severity_id": self.major.id}
            )
        with self.assertRaises(ValidationError):
            self.env["complaint.triage.word"].create({"name": "two words"})
        self.env["complaint.triage.word"].create({"name": "鲜丰到家"})
        self.assertIn("鲜丰到家", self.env["complaint.triage.word"]._words())

    # Professional-claimant risk ------------------------------------------

    def test_claimant_risk_for_supervisors_only(self):
        products = self.env["product.product"].create(
            [{"name": f"Product {i}"} for i in range(4)]
        )
        tickets = self.env["helpdesk.ticket"]
        for product in products:
            tickets |= self._complaint(
                description="<p>要求假一赔十，否则起诉</p>", product_id=product.id
            )
        last = tickets[-1]
        self.assertEqual(last.complaint_state, "accepted", "never blocks intake")
        score = last.with_user(self.supervisor).claimant_risk_score
        signals = last.with_user(self.supervisor).claimant_risk_signals
        self.assertGreater(score, 50)
        self.assertIn("4 complaints", signals)
        self.assertIn("punitive", signals)
        with self.assertRaises(AccessError):
            last.with_user(self.handler).read(["claimant_risk_score"])
        fresh = self._complaint(
            partner_id=self.env["res.partner"].create({"name": "Once"}).id
        )
        self.assertEqual(fresh.with_user(self.supervisor).claimant_risk_score, 0)

    # Similar cases ------------------------------------------------------

    def test_similar_closed_complaints_and_knowledge(self):
        archived = self.stage["archived"]
        closed = self.env["helpdesk.ticket"]
        for text in (COLDCHAIN, "冷链车坏了，冻品全部化冻变软", LATE, "客服态度很差"):
            ticket = self._intake(text, team_id=self.team_other.id)
            ticket.with_context(complaint_skip_checks=True).write(
                {"stage_id": archived.id, "resolution": "<p>Refunded</p>"}
            )
            closed |= ticket
        # The similar-case index is written by the intake job after commit.
        self.env.cr.flush()
        knowledge = self.env["complaint.knowledge"].create(
            {"name": "Cold chain failures", "category_id": self.coldchain.id}
        )
        new = self._intake("三文鱼冷链送到时冰袋化了", team_id=self.team.id)
        similar = new.with_user(self.supervisor).similar_ticket_ids
        self.assertTrue(similar)
        self.assertIn(similar[0], closed[:2])
        self.assertNotIn(new, similar)
        self.assertIn(knowledge, new.similar_knowledge_ids)
        # A handler of another team only sees what the record rules allow.
        new.invalidate_recordset(["similar_ticket_ids"])
        self.assertFalse(new.with_user(self.handler).similar_ticket_ids)

    def test_complaints_before_any_model_are_indexed_later(self):
        """Complaints registered before any model are indexed by the cron."""
        self.model.current = False
        ticket = self._intake(COLDCHAIN, team_id=self.team.id)
        self.model.current = True
        self.env["helpdesk.ticket"]._cron_complaint_index_terms()
        self.env.cr.execute(
            "SELECT complaint_terms FROM helpdesk_ticket WHERE id = %s", [ticket.id]
        )
        self.assertTrue(self.env.cr.fetchone()[0])
