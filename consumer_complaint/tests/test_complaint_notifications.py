# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import tagged

from .common import ComplaintCase

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@tagged("post_install", "-at_install")
class TestComplaintNotifications(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env.company.name = "Fresh Foods Co (test)"
        cls.ticket = cls._complaint(solution="<p>Full refund</p>")

    def _render(self, xmlid, lang):
        self.customer.lang = lang
        template = self.env.ref(xmlid)
        subject = template._render_field("subject", self.ticket.ids, compute_lang=True)[
            self.ticket.id
        ]
        body = template._render_field("body_html", self.ticket.ids, compute_lang=True)[
            self.ticket.id
        ]
        return subject, str(body)

    def test_templates_render_in_both_languages(self):
        for xmlid in (
            "consumer_complaint.mail_template_complaint_ack",
            "consumer_complaint.mail_template_complaint_solution",
            "consumer_complaint.mail_template_complaint_closed",
        ):
            en_subject, en_body = self._render(xmlid, "en_US")
            zh_subject, zh_body = self._render(xmlid, "zh_CN")
            self.assertIn(self.ticket.number, en_subject)
            self.assertIn(self.ticket.number, zh_subject)
            self.assertFalse(CHINESE.search(en_body), xmlid)
            self.assertTrue(CHINESE.search(zh_body), f"{xmlid} is translated")
            self.assertTrue(
                CHINESE.search(zh_subject), f"{xmlid} subject is translated"
            )
            self.assertIn(
                "access_token", en_body, "the tracking link works without login"
            )

    def test_ack_promises_an_answer_time(self):
        _subject, body = self._render(
            "consumer_complaint.mail_template_complaint_ack", "en_US"
        )
        self.assertIn("We expect to send you a solution by", body)

    def test_user_text_is_escaped(self):
        self.ticket.partner_name = "<script>alert(1)</script>"
        self.ticket.partner_id = False
        _subject, body = self._render(
            "consumer_complaint.mail_template_complaint_ack", "en_US"
        )
        self.assertNotIn("<script>", body)
        self.assertIn("&lt;script&gt;", body)

    def test_stage_templates_are_linked(self):
        stages = self.stage
        self.assertEqual(
            stages["accepted"].mail_template_id,
            self.env.ref("consumer_complaint.mail_template_complaint_ack"),
        )
        self.assertEqual(
            stages["feedback"].mail_template_id,
            self.env.ref("consumer_complaint.mail_template_complaint_solution"),
        )
        self.assertEqual(
            stages["archived"].mail_template_id,
            self.env.ref("consumer_complaint.mail_template_complaint_closed"),
        )

    def test_internal_note_never_reaches_customer(self):
        ticket = self._complaint().with_context(tracking_disable=False)
        ticket.message_subscribe(partner_ids=self.customer.ids)
        message = ticket.with_user(self.handler).message_post(
            body="Supplier batch problem, do not tell the customer",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.assertNotIn(self.customer, message.notified_partner_ids)
        public = ticket.with_user(self.handler).message_post(
            body="We are checking the batch.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertIn(self.customer, public.notified_partner_ids)
