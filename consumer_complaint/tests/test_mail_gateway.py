# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from email.header import Header
from email.utils import formataddr

from odoo.tests import tagged

from .common import ComplaintCase

PNG_B64 = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2O"
    "UAAAAABJRU5ErkJggg=="
)

NEW_COMPLAINT = """Return-Path: <{email_from}>
To: {to}
Received: by mail1.example.com (Postfix, from userid 10002)
    id 5DF9ABFB2A; Fri, 10 Aug 2012 16:16:39 +0200 (CEST)
Message-ID: {msg_id}
Date: Tue, 29 Nov 2011 12:43:21 +0800
From: {email_from}
MIME-Version: 1.0
Subject: {subject}
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{body}

--BOUNDARY
Content-Type: image/png; name="dumplings.png"
Content-Disposition: attachment; filename="dumplings.png"
Content-Transfer-Encoding: base64

{png}
--BOUNDARY--
"""

REPLY = """Return-Path: <{email_from}>
To: {to}
Message-ID: {msg_id}
In-Reply-To: {parent_id}
References: {parent_id}
Date: Wed, 30 Nov 2011 09:00:00 +0800
From: {email_from}
MIME-Version: 1.0
Subject: Re: {subject}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{body}
"""


@tagged("post_install", "-at_install")
class TestMailGateway(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": "complaints.example.com"})
        cls.company.alias_domain_id = domain
        cls.team.write({"alias_name": "ts-quality", "alias_domain_id": domain.id})
        cls.plain_team.write({"alias_name": "it-help", "alias_domain_id": domain.id})
        cls.email_channel = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")

    def _process(self, template, **values):
        values.setdefault("png", PNG_B64)
        return self.env["mail.thread"].message_process(
            None, template.format(**values), save_original=False
        )

    def test_alias_creates_complaint_and_threads_replies(self):
        before = self.env["helpdesk.ticket"].search([])
        self._process(
            NEW_COMPLAINT,
            to="ts-quality@complaints.example.com",
            email_from=formataddr(("王芳", "wang.fang@example.com"), "utf-8"),
            msg_id="<first-complaint@example.com>",
            subject=Header("饺子变质", "utf-8").encode(),
            body="买的饺子有酸味，要求退款。",
        )
        ticket = self.env["helpdesk.ticket"].search([]) - before
        self.assertEqual(len(ticket), 1)
        self.assertTrue(ticket.is_complaint)
        self.assertTrue(ticket.number.startswith("TS"))
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.channel_id, self.email_channel)
        self.assertEqual(ticket.channel_code, "email")
        self.assertEqual(ticket.complaint_state, "accepted")
        self.assertEqual(ticket.name, "饺子变质")
        self.assertIn("买的饺子有酸味", ticket.description)
        self.assertEqual(ticket.partner_email, "wang.fang@example.com")
        self.assertEqual(ticket.partner_name, "王芳")
        attachment = ticket.attachment_ids.filtered(lambda a: a.name == "dumplings.png")
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.raw, base64.b64decode(PNG_B64))
        self.assertEqual(ticket.access_url, f"/my/complaints/{ticket.id}")
        # The customer's reply goes to the same complaint.
        messages = len(ticket.message_ids)
        self._process(
            REPLY,
            to="ts-quality@complaints.example.com",
            email_from=formataddr(("王芳", "wang.fang@example.com"), "utf-8"),
            msg_id="<reply-1@example.com>",
            parent_id="<first-complaint@example.com>",
            subject=Header("饺子变质", "utf-8").encode(),
            body="补充：批次号 20241101。",
        )
        self.assertEqual(self.env["helpdesk.ticket"].search([]) - before, ticket)
        self.assertEqual(len(ticket.message_ids), messages + 1)
        self.assertIn("批次号 20241101", ticket.message_ids[0].body)

    def test_plain_team_alias_keeps_helpdesk_behaviour(self):
        before = self.env["helpdesk.ticket"].search([])
        self._process(
            NEW_COMPLAINT,
            to="it-help@complaints.example.com",
            email_from="bob@example.com",
            msg_id="<it-1@example.com>",
            subject="Printer",
            body="The printer is jammed.",
        )
        ticket = self.env["helpdesk.ticket"].search([]) - before
        self.assertEqual(len(ticket), 1)
        self.assertFalse(ticket.is_complaint)
        self.assertFalse(ticket.channel_id)
        self.assertEqual(ticket.access_url, f"/my/ticket/{ticket.id}")
