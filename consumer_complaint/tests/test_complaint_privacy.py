# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import hashlib
import json
from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from ..models.complaint_erasure import Scrubber
from ..models.helpdesk_ticket_privacy import mask_value
from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintPrivacy(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._complaint(
            user_id=cls.handler.id,
            partner_phone="13812345678",
            partner_email="zhang.wei@example.com",
            id_number="110101199003071234",
            contact_address="上海市徐汇区漕溪北路88号",
        )
        cls.privileged = cls.env.ref("consumer_complaint.group_complaint_personal_data")

    def test_mask_value(self):
        self.assertEqual(mask_value("partner_phone", "138 1234 5678"), "138****5678")
        self.assertEqual(
            mask_value("partner_email", "zhang.wei@example.com"), "z***@example.com"
        )
        self.assertEqual(
            mask_value("id_number", "110101199003071234"), "110101********1234"
        )
        self.assertEqual(
            mask_value("contact_address", "上海市徐汇区漕溪北路88号"),
            "上海市徐汇区****",
        )
        self.assertFalse(mask_value("partner_phone", False))

    def test_form_read_is_masked_for_handler(self):
        values = self.ticket.with_user(self.handler).web_read(
            {
                "partner_phone": {},
                "partner_email": {},
                "id_number": {},
                "contact_address": {},
            }
        )[0]
        self.assertEqual(values["partner_phone"], "138****5678")
        self.assertEqual(values["partner_email"], "z***@example.com")
        self.assertEqual(values["id_number"], "110101********1234")
        self.assertNotIn("漕溪北路", values["contact_address"])
        # Logic still works on the real value.
        self.assertEqual(
            self.ticket.with_user(self.handler).partner_phone, "13812345678"
        )

    def test_list_and_export_are_masked(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.handler)
        rows = Ticket.search_read([("id", "=", self.ticket.id)], ["partner_phone"])
        self.assertEqual(rows[0]["partner_phone"], "138****5678")
        self.handler.groups_id += self.env.ref("base.group_allow_export")
        data = self.ticket.with_user(self.handler).export_data(
            ["number", "partner_phone", "partner_email"]
        )["datas"]
        self.assertEqual(data[0][1:], ["138****5678", "z***@example.com"])

    def test_personal_data_group_sees_full_values(self):
        self.handler.groups_id += self.privileged
        values = self.ticket.with_user(self.handler).read(["partner_phone"])[0]
        self.assertEqual(values["partner_phone"], "13812345678")

    def test_reveal_is_logged_and_restricted(self):
        with self.assertRaises(UserError):
            self.ticket.with_user(self.handler).action_complaint_reveal()
        action = self.ticket.with_user(self.supervisor).action_complaint_reveal()
        reveal = self.env["complaint.reveal"].browse(action["res_id"])
        self.assertEqual(reveal.partner_phone, "13812345678")
        event = self.ticket.event_ids.filtered(lambda e: e.event_type == "reveal")
        self.assertEqual(event.user_id, self.supervisor)
        self.assertIn("cc_supervisor", event.payload)

    def test_retention_cron(self):
        self.company.complaint_retention_months = 12
        with freeze_time("2025-01-10 00:00:00"):
            self._reset_now()
            old = self._complaint(partner_phone="13900001111")
            old.action_complaint_withdraw()
            old.message_post(body="My phone is 13900001111", message_type="comment")
        with freeze_time("2025-12-01 00:00:00"):
            self._reset_now()
            recent = self._complaint(partner_phone="13900002222")
            recent.action_complaint_withdraw()
        open_one = self._complaint(partner_phone="13900003333")
        with freeze_time("2026-02-01 00:00:00"):
            self._reset_now()
            done = self.env["helpdesk.ticket"]._cron_complaint_retention()
        self.assertGreaterEqual(done, 1)
        self.assertTrue(old.anonymized_date)
        self.assertFalse(old.partner_phone)
        self.assertFalse(old.partner_id)
        self.assertFalse(
            old.message_ids.filtered(lambda m: "13900001111" in (m.body or ""))
        )
        # Statistics stay.
        self.assertEqual(old.severity_id, self.normal)
        self.assertEqual(old.complaint_state, "withdrawn")
        self.assertFalse(recent.anonymized_date, "closed less than 12 months ago")
        self.assertFalse(open_one.anonymized_date, "open complaints are kept")
        self.assertTrue(old.event_ids.filtered(lambda e: e.event_type == "privacy"))
        ok, _broken = self.env["complaint.event"]._verify_chain()
        self.assertTrue(ok)

    def test_data_subject_export_and_delete(self):
        Request = self.env["complaint.privacy.request"]
        request = Request.with_user(self.supervisor).create(
            {
                "partner_id": self.customer.id,
                "request_type": "export",
                "note": "By phone",
            }
        )
        self.assertIn(self.ticket, request.ticket_ids)
        request.action_execute()
        data = json.loads(base64.b64decode(request.export_file))
        self.assertIn("13812345678", [row["partner_phone"] for row in data])
        with self.assertRaises(AccessError):
            Request.with_user(self.handler).create(
                {"partner_id": self.customer.id, "note": "x"}
            ).action_execute()
        delete = Request.with_user(self.supervisor).create(
            {"partner_id": self.customer.id, "request_type": "delete", "note": "E-mail"}
        )
        with self.assertRaisesRegex(UserError, "still open"):
            delete.action_execute()
        self.ticket.action_complaint_withdraw()
        (delete.ticket_ids - self.ticket)._complaint_move_to("withdrawn")
        delete.action_execute()
        self.assertTrue(self.ticket.anonymized_date)
        kinds = self.ticket.event_ids.mapped("summary")
        self.assertIn("Personal data deleted on request", kinds)

    def test_scrubber_removes_known_values_and_patterns(self):
        scrub = Scrubber(
            names=["司马晓雯", "Sima Xiaowen"],
            phones=["+86 139 1234 5678"],
            emails=["sima@example.com"],
            id_numbers=["110105198807154326"],
            addresses=["北京市朝阳区幸福路8号"],
        ).text
        text = scrub(
            "司马晓雯 (Mr Xiaowen) 139-1234-5678 sima@example.com "
            "住北京市朝阳区幸福路8号3号楼1201室 110105198807154326"
        )
        for value in ("司马", "Xiaowen", "1234", "sima@", "幸福路", "1201", "1101"):
            self.assertNotIn(value, text)
        # Patterns, whoever they belong to.
        text = scrub("卡号 6222 0202 0011 2233 446，寄到上海市徐汇区漕溪北路88号")
        self.assertTrue(text.startswith("卡号 ***，"), text)
        for value in ("6222", "漕溪", "88号"):
            self.assertNotIn(value, text)
        self.assertEqual(scrub("Refunded at 1 Secret Road"), "Refunded at ***")
        self.assertEqual(scrub("ID 110101199003078515"), "ID ***")
        # Not personal: wrong check digits, references, dates, amounts.
        kept = "ID 110101199003078514 order SO-2026-0001 LOT20261101 129.90 2026-11-03"
        self.assertEqual(scrub(kept), kept)

    def test_erasure_scrubs_the_event_log_and_keeps_the_chain(self):
        ticket = self._complaint(
            partner_phone="13900005555", id_number="110105198807154326"
        )
        ticket._complaint_portal_withdraw(
            "Settled by phone, ID 110105198807154326", ticket.partner_id
        )
        withdrawal = ticket.event_ids.filtered(lambda e: "withdrew" in e.summary)
        self.assertIn("110105198807154326", withdrawal.payload)
        self.env["complaint.event"]._seal()
        result = ticket._complaint_anonymize("request")
        self.assertNotIn("110105198807154326", withdrawal.payload or "")
        self.assertNotIn("reason", withdrawal.payload or "")
        self.assertTrue(withdrawal.erased_date)
        self.assertGreaterEqual(result.erased["event log entries scrubbed"], 1)
        self.assertEqual(self.env["complaint.event"]._verify_chain(), (True, None))
        # Passing an entry off as erased needs a logged erasure after it.
        other = self._complaint(partner_phone="13900007777")
        entry = other.event_ids[:1]
        self.env["complaint.event"]._seal()
        self.env.cr.execute(
            "SELECT content_salt, summary FROM complaint_event WHERE id = %s",
            [entry.id],
        )
        salt, summary = self.env.cr.fetchone()
        self.env.cr.execute(
            "UPDATE complaint_event SET content_salt = NULL, erased_date = now(),"
            " summary = 'forged' WHERE id = %s",
            [entry.id],
        )
        self.env["complaint.event"].invalidate_model()
        self.assertEqual(self.env["complaint.event"]._verify_chain(), (False, entry.id))
        self.env.cr.execute(
            "UPDATE complaint_event SET content_salt = %s, erased_date = NULL,"
            " summary = %s WHERE id = %s",
            [salt, summary, entry.id],
        )
        self.assertEqual(self.env["complaint.event"]._verify_chain(), (True, None))
        # A changed wording of an entry that still has its salt is caught.
        intake = ticket.event_ids.filtered(lambda e: e.event_type == "privacy")[:1]
        self.env.cr.execute(
            "UPDATE complaint_event SET summary = 'forged' WHERE id = %s",
            [intake.id],
        )
        self.env["complaint.event"].invalidate_model()
        self.assertEqual(
            self.env["complaint.event"]._verify_chain(), (False, intake.id)
        )

    def test_legacy_entries_are_converted_then_erasable(self):
        """Entries sealed before wording digests existed are kept by an
        erasure (changing them would break the chain) until the conversion
        re-seals the chain with digests."""
        Event = self.env["complaint.event"]
        ticket = self._complaint(partner_phone="13900006666")
        ticket._complaint_portal_withdraw(
            "Settled, ID 110105198807154326", ticket.partner_id
        )
        # Entries as the previous version sealed them: no digest.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE complaint_event SET content_salt = NULL, content_digest = NULL,"
            " chain_seq = NULL, previous_hash = NULL, hash = NULL"
            " WHERE company_id = %s",
            [self.company.id],
        )
        Event.invalidate_model()
        Event._seal(self.company)
        self.assertEqual(Event._verify_chain(), (True, None))
        first = ticket._complaint_anonymize("request")
        self.assertTrue(
            [kept for kept in first.kept if "sealed before" in kept["what"]]
        )
        withdrawal = ticket.event_ids.filtered(lambda e: "withdrew" in e.summary)
        self.assertIn("110105198807154326", withdrawal.payload)
        self.assertEqual(Event._verify_chain(), (True, None))
        count = Event._convert_legacy_entries(self.company)
        self.assertGreaterEqual(count, 2)
        self.assertEqual(Event._verify_chain(), (True, None))
        converted = Event.search(
            [("summary", "=", "Event log converted to wording digests")]
        )
        self.assertIn("previous_head", converted.payload)
        # A second erasure (the retention cron, say) now scrubs them.
        result = ticket._complaint_anonymize("retention")
        self.assertFalse(
            [kept for kept in result.kept if "sealed before" in kept["what"]]
        )
        withdrawal.invalidate_recordset()
        self.assertNotIn("110105198807154326", withdrawal.payload or "")
        self.assertEqual(Event._verify_chain(), (True, None))

    def test_evidence_is_hashed(self):
        self.env["ir.attachment"].create(
            {
                "name": "photo.png",
                "raw": b"\x89PNG\r\n\x1a\nfake",
                "res_model": "helpdesk.ticket",
                "res_id": self.ticket.id,
            }
        )
        event = self.ticket.event_ids.filtered(lambda e: e.event_type == "evidence")
        self.assertEqual(len(event), 1)
        self.assertEqual(
            json.loads(event.payload)["sha256"],
            hashlib.sha256(b"\x89PNG\r\n\x1a\nfake").hexdigest(),
        )

    def test_customer_history(self):
        second = self._complaint(partner_id=self.customer.id)
        self.assertGreaterEqual(second.customer_complaint_count, 1)
        self.assertIn(self.ticket, second.customer_recent_ids)
        self.assertLessEqual(len(second.customer_recent_ids), 5)

    def test_promise_text_both_languages(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        with freeze_time(datetime(2026, 11, 23, 0, 30)):
            self._reset_now()
            ticket = self._complaint(
                team_id=self.team_other.id, severity_id=self.urgent.id
            )
            self.customer.tz = "Asia/Shanghai"
            self.customer.lang = "en_US"
            # 48 calendar hours later, 08:30 Shanghai on 25 Nov.
            self.assertEqual(
                ticket._complaint_promise_text(),
                "We expect to send you a solution by Nov 25, 2026 08:30.",
            )
            self.customer.lang = "zh_CN"
            self.assertIn("08:30", ticket._complaint_promise_text())
            self.assertIn("11", ticket._complaint_promise_text())

    def test_contact_as_typed_in_the_back_office_is_matched(self):
        """A phone or address stored as typed (not normalized) still makes
        two complaints the same complainant's."""
        first = self._complaint(
            partner_id=False,
            partner_phone="+86 138 0013 8000",
            partner_email="Wang.Li@Example.com",
        )
        second = self._complaint(partner_id=False, partner_phone="+86 138 0013 8000")
        third = self._complaint(partner_id=False, partner_email="wang.li@example.com")
        Ticket = self.env["helpdesk.ticket"].sudo()
        found = Ticket.search(first.sudo()._complaint_customer_domain())
        self.assertLessEqual(first | second | third, found)
