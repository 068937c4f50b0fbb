# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import hashlib
import json
from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

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
                "We expect to send you a solution by 08:30 on 11/25.",
            )
            self.customer.lang = "zh_CN"
            self.assertIn("08:30", ticket._complaint_promise_text())
            self.assertIn("11", ticket._complaint_promise_text())
