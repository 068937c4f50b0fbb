# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import freeze_time, tagged

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


@tagged("post_install", "-at_install")
class TestPromisedDates(ComplaintCase):
    """Every promise names a date and a time of the customer's zone; the
    internal digest dates deadlines in the recipient's zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["complaint.peak.period"].search([]).active = False
        cls.env.company.partner_id.tz = "Asia/Shanghai"
        cls.customer.tz = False

    def _thursday_night_complaint(self):
        # Thursday 3 December 2026, 01:00 Beijing; normal severity, calendar
        # hours: solution by Sunday 6 December, 01:00 Beijing.
        with freeze_time("2026-12-02 17:00:00"):
            self._reset_now()
            return self._complaint(severity_id=self.normal.id)

    def test_promise_in_both_languages_and_zones(self):
        ticket = self._thursday_night_complaint()
        with freeze_time("2026-12-02 17:00:00"):
            self.customer.lang = "en_US"
            self.assertEqual(
                ticket._complaint_promise_text(),
                "We expect to send you a solution by Dec 6, 2026 01:00.",
            )
            self.customer.lang = "zh_CN"
            text = ticket._complaint_promise_text()
            self.assertIn("2026年12月6日 01:00", text)
            # A customer in Paris (UTC+1 in December) reads their own time.
            self.customer.tz = "Europe/Paris"
            self.assertIn("2026年12月5日 18:00", ticket._complaint_promise_text())
            self.customer.lang = "en_US"
            self.assertEqual(
                ticket._complaint_promise_text(),
                "We expect to send you a solution by Dec 5, 2026 18:00.",
            )
            # No relative words that the reader would have to place.
            for word in ("today", "tomorrow", "Sunday", "Saturday"):
                self.assertNotIn(word, ticket._complaint_promise_text())

    def test_customer_without_zone_reads_company_time(self):
        ticket = self._thursday_night_complaint()
        self.env.company.partner_id.tz = "Asia/Tokyo"
        self.customer.lang = "en_US"
        with freeze_time("2026-12-02 17:00:00"):
            # The acting user's zone is not the customer's.
            text = ticket.with_context(tz="America/New_York")._complaint_promise_text()
        self.assertEqual(text, "We expect to send you a solution by Dec 6, 2026 02:00.")

    def test_portal_promise_states_the_year(self):
        ticket = self._thursday_night_complaint()
        with freeze_time("2026-12-02 17:00:00"):
            text = ticket.with_context(lang="en_US")._complaint_portal_deadline_text()
        self.assertEqual(text, "Expected solution by Dec 6, 2026 01:00")

    def test_ack_mail_states_date_and_time(self):
        ticket = self._thursday_night_complaint()
        self.customer.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        template = self.env.ref("consumer_complaint.mail_template_complaint_ack")
        with freeze_time("2026-12-02 17:00:00"):
            body = template._render_field("body_html", ticket.ids, compute_lang=True)[
                ticket.id
            ]
        self.assertIn("2026年12月6日 01:00", str(body))

    def test_digest_dates_in_recipient_zone(self):
        ticket = self._thursday_night_complaint()
        Mail = self.env["mail.mail"]
        self.handler.write({"tz": "Europe/Paris", "lang": "en_US"})
        self.handler2.write({"tz": False, "lang": "en_US"})
        before = Mail.search([])
        self.env["helpdesk.ticket"]._complaint_send_digest(
            {self.handler: [ticket], self.handler2: [ticket]}, "warning"
        )
        mails = Mail.search([]) - before
        body = {m.email_to: str(m.body_html) for m in mails}
        # The response deadline: Friday 4 December, 01:00 Beijing.
        self.assertIn("12/03/2026 18:00", body[self.handler.email_formatted])
        # Without a zone of their own: the company's.
        self.assertIn("12/04/2026 01:00", body[self.handler2.email_formatted])
