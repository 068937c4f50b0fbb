# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Erasure of one customer's personal data (PIPL arts. 19 and 47), proven by
reading back every text column of every table, and the filestore.

One customer is seeded across the four addons: complaints through the public
form (as a guest) and the portal (logged in), an e-mail with attachments,
compensation, a survey answer, a follow-up call, a legal-check override and
the event entries these write. The deletion request (and, in a second test,
the retention cron) must leave none of their name, phone, e-mail, ID number
or address anywhere, keep the statistics and keep the event chain intact.
"""

import base64
import os
from datetime import timedelta
from email.header import Header
from email.utils import formataddr

from odoo import fields
from odoo.addons.consumer_complaint.intake import (
    catalogue,
    files as intake_files,
    form,
)
from odoo.tests import freeze_time
from odoo.tests.common import new_test_user
from odoo.tools import SQL

from .suite_case import SuiteCase

NAME = "司马晓雯"
PHONE = "13912345678"
EMAIL = "sima.xiaowen@example.com"
ID_NUMBER = "110105198807154326"
ADDRESS = "北京市朝阳区幸福路8号"
CARD = "6222020200112233446"
PERSONAL = {
    "name": NAME,
    "phone": PHONE,
    "email": EMAIL,
    "id_number": ID_NUMBER,
    "address": ADDRESS,
    "bank card": CARD,
}
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2O"
    "UAAAAABJRU5ErkJggg=="
)
MAIL = """Return-Path: <{email}>
To: {to}
Message-ID: <erasure-test-1@example.com>
Date: Tue, 29 Nov 2026 12:43:21 +0800
From: {sender}
MIME-Version: 1.0
Subject: {subject}
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{body}

--BOUNDARY
Content-Type: text/plain; charset=UTF-8; name="id-card.txt"
Content-Disposition: attachment; filename="id-card.txt"
Content-Transfer-Encoding: base64

{card}
--BOUNDARY--
"""


class TestPrivacyErasure(SuiteCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.supervisor = new_test_user(
            cls.env,
            "erasure_supervisor",
            groups="consumer_complaint.group_complaint_supervisor",
            name="Erasure Supervisor",
            email="erasure.supervisor@example.com",
        )
        cls.company = cls.env.company
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Quality (erasure test)",
                "is_complaint_team": True,
                "use_sla": True,
                "user_id": cls.supervisor.id,
                "company_id": cls.company.id,
            }
        )
        cls.portal_user = new_test_user(
            cls.env,
            EMAIL,
            groups="base.group_portal",
            name=NAME,
            email=EMAIL,
        )
        cls.customer = cls.portal_user.partner_id
        cls.customer.write(
            {"phone": PHONE, "street": ADDRESS, "comment": f"VIP, ID {ID_NUMBER}"}
        )

    # ------------------------------------------------------------------
    # Seeding one customer everywhere
    # ------------------------------------------------------------------

    def _move(self, tickets, state):
        tickets.with_context(complaint_skip_checks=True).write(
            {"stage_id": self.env["helpdesk.ticket.stage"]._complaint_stage(state).id}
        )

    def _form_post(self, **values):
        Ticket = self.env["helpdesk.ticket"].sudo()
        category = catalogue.portal_categories(Ticket.env).filtered("parent_id")[:1]
        post = {
            "name": NAME,
            "phone": PHONE,
            "email": EMAIL,
            "category_parent_id": str(category.parent_id.id),
            "category_id": str(category.id),
            "order_ref": f"JD-{PHONE}",
            "description": f"{NAME}: 饺子有酸味。请寄到{ADDRESS}，电话{PHONE}。",
            "amount_paid": "129.90",
            "demand": "refund",
            "privacy_consent": "1",
        }
        post.update(values)
        return post

    def _intake(self, post, partner=None):
        Ticket = self.env["helpdesk.ticket"].sudo()
        values, contact, errors = form.validate(Ticket.env, post, partner=partner)
        self.assertFalse(errors)
        files, error = intake_files.check_files(Ticket.env, [(f"{NAME}.png", PNG)])
        self.assertFalse(error)
        channel = self.env.ref(
            "consumer_complaint.channel_portal"
            if partner
            else "consumer_complaint.channel_web_form"
        )
        return Ticket._complaint_intake_create(
            values, contact, files, channel, partner=partner, address="127.0.0.1"
        )

    def _seed(self):
        Ticket = self.env["helpdesk.ticket"]
        # 1. Public form, as a guest: a guest partner and a confirmation
        #    link mailed to the known customer.
        guest = self._intake(self._form_post())
        # 2. Portal, logged in.
        portal = self._intake(
            self._form_post(description=f"再次投诉：身份证{ID_NUMBER}，卡号{CARD}。"),
            partner=self.customer,
        )
        # 3. E-mail with an attachment (the original kept too).
        domain = self.env["mail.alias.domain"].create({"name": "erasure.example.com"})
        self.company.alias_domain_id = domain
        self.team.write({"alias_name": "erasure-quality", "alias_domain_id": domain.id})
        before = Ticket.search([])
        self.env["mail.thread"].message_process(
            None,
            MAIL.format(
                email=EMAIL,
                to="erasure-quality@erasure.example.com",
                sender=formataddr((NAME, EMAIL), "utf-8"),
                subject=Header(f"{NAME}的投诉 {PHONE}", "utf-8").encode(),
                body=f"我是{NAME}，住{ADDRESS}，电话{PHONE}，邮箱{EMAIL}。",
                card=base64.b64encode(f"{NAME} {ID_NUMBER}".encode()).decode(),
            ),
            save_original=True,
        )
        mailed = Ticket.search([]) - before
        self.assertEqual(len(mailed), 1)
        mailed.write({"partner_id": self.customer.id, "id_number": ID_NUMBER})
        tickets = guest | portal | mailed
        self.assertTrue(mailed.attachment_ids)
        # 4. Free texts about the customer, a message, tracked changes.
        portal.write(
            {
                "resolution": f"<p>Refunded 20 yuan to {NAME} at {ADDRESS}</p>",
                "notes": f"<p>Called {PHONE}; ID {ID_NUMBER}</p>",
                "contact_address": ADDRESS,
                "id_number": ID_NUMBER,
            }
        )
        portal.message_post(
            body=f"{NAME} called from {PHONE}",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        # 5. Compensation: proposed, approved, carried out.
        line = self.env["complaint.compensation.line"].create(
            {
                "ticket_id": portal.id,
                "type_id": self.env.ref(
                    "consumer_complaint.compensation_type_full_refund"
                ).id,
                "amount": 20.0,
                "reason": f"{NAME} ({PHONE}) bought sour dumplings",
            }
        )
        if line.state == "proposed" and line.required_level:
            line.with_user(self.supervisor).action_approve()
        line.with_user(self.supervisor)._mark_done(f"RF-{PHONE}")
        # 6. Legal-check override.
        portal.compliance_override_reason = f"{NAME} agreed by phone {PHONE}"
        portal.with_user(self.supervisor).action_compliance_override()
        # 7. Survey answer with a comment, and a follow-up call.
        rule = self.env["complaint.survey.rule"].create(
            {
                "survey_id": self.env.ref(
                    "complaint_survey.survey_complaint_satisfaction"
                ).id,
                "company_id": False,
                "trigger_state": "followup",
                "delay_hours": 0,
                "answer_days": 30,
            }
        )
        self._move(portal, "followup")
        portal._complaint_survey_ensure_inputs()
        answer = portal.survey_user_input_id.sudo()
        self.assertTrue(answer, rule)
        answer.write({"nickname": NAME, "email": EMAIL})
        answer._mark_in_progress()
        for xmlid, value in (
            ("survey_question_csat", "4"),
            ("survey_question_nps", "9"),
            ("survey_question_speed", "4"),
            ("survey_question_attitude", "5"),
            ("survey_question_comment", f"{NAME} here, call me on {PHONE}"),
        ):
            answer._save_lines(self.env.ref(f"complaint_survey.{xmlid}"), value)
        answer._save_lines(
            self.env.ref("complaint_survey.survey_question_solved"),
            str(self.env.ref("complaint_survey.survey_answer_solved_yes").id),
        )
        answer._mark_done()
        portal.write(
            {
                "followup_call_outcome": "reached",
                "followup_call_notes": f"{NAME} satisfied, lives at {ADDRESS}",
            }
        )
        # 8. Event entries quoting the customer: a withdrawal reason.
        guest._complaint_portal_withdraw(
            f"Resolved by phone {PHONE}, ID {ID_NUMBER}", guest.partner_id
        )
        self._move(mailed, "withdrawn")
        self._move(portal, "archived")
        self.assertTrue(all(tickets.mapped("closed")))
        return tickets

    # ------------------------------------------------------------------
    # Reading everything back
    # ------------------------------------------------------------------

    def _scan_database(self):
        """(table, column, value kind) of every text, varchar, html (stored
        as text) and jsonb cell holding a personal value."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            """
            SELECT c.table_name, c.column_name
              FROM information_schema.columns c
              JOIN information_schema.tables t
                ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('text', 'character varying', 'jsonb', 'json',
                                   'character')
             ORDER BY c.table_name, c.column_name
            """
        )
        columns = {}
        for table, column in cr.fetchall():
            columns.setdefault(table, []).append(column)
        patterns = {kind: f"%{value}%" for kind, value in PERSONAL.items()}
        hits = []
        for table, names in columns.items():
            checks = SQL(", ").join(
                SQL(
                    "bool_or(%s::text ILIKE %s)",
                    SQL.identifier(column),
                    pattern,
                )
                for column in names
                for pattern in patterns.values()
            )
            cr.execute(SQL("SELECT %s FROM %s", checks, SQL.identifier(table)))
            row = cr.fetchone()
            index = 0
            for column in names:
                for kind in patterns:
                    if row[index]:
                        hits.append((table, column, kind))
                    index += 1
        return hits

    def _scan_filestore(self):
        root = self.env["ir.attachment"]._filestore()
        needles = [value.encode() for value in PERSONAL.values()]
        hits = []
        for dirpath, _dirs, filenames in os.walk(root):
            for filename in filenames:
                path = os.path.join(dirpath, filename)
                with open(path, "rb") as handle:
                    content = handle.read()
                if any(needle in content for needle in needles):
                    hits.append(os.path.relpath(path, root))
        return hits

    def _statistics(self):
        Report = self.env["complaint.report"].sudo()
        figures = {}
        for groupby in (
            "category_id",
            "category_parent_id",
            "severity_id",
            "create_date:month",
            "region_id",
            "channel_id",
            "complaint_state",
        ):
            figures[groupby] = Report._read_group(
                [], [groupby], ["__count", "compensation_amount:sum"]
            )
        figures["rates"] = Report._read_group(
            [],
            [],
            [
                "response_sla_rate:avg",
                "resolution_sla_rate:avg",
                "resolved_rate:avg",
                "first_response_hours:avg",
                "resolution_hours:avg",
            ],
        )
        figures["csat"] = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [("is_complaint", "=", True)],
                ["csat_satisfied"],
                ["__count", "csat_score:avg"],
            )
        )
        return figures

    def _attachment_files(self, tickets):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL"
                " AND ((res_model = 'helpdesk.ticket' AND res_id = ANY(%s))"
                " OR name ILIKE %s)",
                tickets.ids,
                f"%{NAME}%",
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def _assert_erased(self, tickets, result, stats_before, files):
        # The files of the erased attachments go from the filestore once the
        # erasure is committed; here the purge runs in the test transaction.
        self.assertTrue(files <= result.files, "every file of the customer purged")
        self.env["ir.attachment"]._complaint_purge_files(result.files)
        self.assertEqual(self._scan_database(), [])
        self.assertEqual(self._scan_filestore(), [])
        self.assertEqual(self._statistics(), stats_before, "statistics unchanged")
        ok, broken = self.env["complaint.event"].sudo()._verify_chain(self.company)
        self.assertTrue(ok, f"event chain broken at {broken}")
        self.assertTrue(all(tickets.mapped("anonymized_date")))
        # No stored link to the person is left either (ids are not text).
        self.assertFalse(tickets.partner_id | tickets.commercial_partner_id)
        lines = self.env["complaint.compensation.line"].search(
            [("ticket_id", "in", tickets.ids)]
        )
        self.assertTrue(lines)
        self.assertFalse(lines.partner_id)
        answers = self.env["survey.user_input"].search(
            [("complaint_id", "in", tickets.ids)]
        )
        self.assertTrue(answers)
        self.assertFalse(answers.partner_id)
        self.assertFalse(tickets.filtered("access_token"), "tracking links revoked")
        self.assertFalse(self.customer.active)
        self.assertFalse(self.portal_user.active)

    def _seed_and_scan(self):
        tickets = self._seed()
        hits = self._scan_database()
        # The scan finds what it looks for, everywhere it should.
        found = {table for table, _column, _kind in hits}
        for table in (
            "helpdesk_ticket",
            "res_partner",
            "mail_message",
            "complaint_compensation_line",
            "survey_user_input",
            "survey_user_input_line",
            "complaint_event",
            "ir_attachment",
        ):
            self.assertIn(table, found)
        self.assertTrue(self._scan_filestore(), "the files hold the data too")
        return tickets, self._attachment_files(tickets)

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------

    def test_deletion_request_leaves_nothing(self):
        tickets, files = self._seed_and_scan()
        stats = self._statistics()
        request = (
            self.env["complaint.privacy.request"]
            .with_user(self.supervisor)
            .create(
                {
                    "partner_id": self.customer.id,
                    "email": EMAIL,
                    "phone": PHONE,
                    "request_type": "delete",
                    "note": f"Phoned in, ID {ID_NUMBER}, phone {PHONE}",
                }
            )
        )
        self.assertEqual(request.ticket_ids, tickets)
        Ticket = type(self.env["helpdesk.ticket"])
        results = []
        original = Ticket._complaint_anonymize

        def spy(records, reason):
            result = original(records, reason)
            results.append(result)
            return result

        Ticket._complaint_anonymize = spy
        try:
            request.action_execute()
        finally:
            Ticket._complaint_anonymize = original
        self.assertEqual(request.state, "done")
        self.assertIn("Kept, and why", request.result_html)
        self.assertIn("E-Commerce Law art. 31", request.result_html)
        event = tickets[0].event_ids.filtered(
            lambda e: e.summary == "Personal data deleted on request"
        )
        self.assertIn('"result"', event.payload)
        self.assertIn("note_sha256", event.payload)
        self._assert_erased(tickets, results[0], stats, files)

    def test_retention_cron_leaves_nothing(self):
        tickets, files = self._seed_and_scan()
        stats = self._statistics()
        self.company.complaint_retention_months = 1
        Ticket = type(self.env["helpdesk.ticket"])
        results = []
        original = Ticket._complaint_anonymize

        def spy(records, reason):
            result = original(records, reason)
            results.append(result)
            return result

        Ticket._complaint_anonymize = spy
        try:
            with freeze_time(fields.Datetime.now() + timedelta(days=62)):
                self.env["helpdesk.ticket"]._cron_complaint_retention()
        finally:
            Ticket._complaint_anonymize = original
        merged = results[0]
        for result in results[1:]:
            merged.files |= result.files
        self._assert_erased(tickets, merged, stats, files)

    def test_partner_needed_elsewhere_is_detached(self):
        tickets = self._intake(self._form_post(), partner=self.customer)
        other = self.env["helpdesk.ticket"].create(
            {
                "name": "Printer",
                "description": "<p>Out of toner</p>",
                "partner_id": self.customer.id,
            }
        )
        self._move(tickets, "withdrawn")
        result = tickets._complaint_anonymize("test")
        self.assertTrue(self.customer.active, "kept for the other ticket")
        self.assertEqual(self.customer.name, NAME)
        self.assertFalse(tickets.partner_id)
        self.assertEqual(other.partner_id, self.customer)
        self.assertTrue(result.detached)
        self.assertIn("other complaints or tickets", result.detached[0]["reason"])
