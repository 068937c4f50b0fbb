# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo's own /mail/* routes and JSON-RPC message_post obey the complaint
rules: file kinds, closed complaints, write access for staff, and what the
customer's page shows."""

import json

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .test_public_form import PDF, PNG, ComplaintIntakeHttpCase

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@tagged("post_install", "-at_install")
class TestMailRoutes(ComplaintIntakeHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analyst = new_test_user(
            cls.env,
            "cc_mail_analyst",
            groups="consumer_complaint.group_complaint_analyst",
            email="cc_mail_analyst@example.com",
        )
        cls.complaint = cls._new_complaint()
        cls.closed = cls._new_complaint()
        cls.closed._complaint_move_to("withdrawn")
        cls.token = cls.complaint._portal_ensure_token()

    @classmethod
    def _new_complaint(cls):
        return cls.env["helpdesk.ticket"].create(
            {
                "name": "Sour dumplings (mail routes)",
                "description": "<p>The dumplings smell sour.</p>",
                "team_id": cls.team.id,
                "category_id": cls.category.id,
                "partner_id": cls.portal_user.partner_id.id,
                "severity_id": cls.env.ref("consumer_complaint.severity_normal").id,
            }
        )

    # Helpers -------------------------------------------------------------

    def _login(self, user=None):
        self.authenticate(user and user.login, user and user.login)

    def _upload(self, ticket, name, content, token=None, pending=False):
        data = {
            "csrf_token": self._csrf(),
            "thread_id": str(ticket.id),
            "thread_model": "helpdesk.ticket",
        }
        if token:
            data["token"] = token
        if pending:
            data["is_pending"] = "true"
        with mute_logger("odoo.http"):
            return self.url_open(
                "/mail/attachment/upload",
                data=data,
                files={"ufile": (name, content, "application/octet-stream")},
            )

    def _json(self, route, params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        with mute_logger("odoo.http"):
            response = self.url_open(
                route,
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        self.assertLess(response.status_code, 500)
        body = response.json()
        if "error" in body:
            return None, body["error"]["data"]["name"]
        return body["result"], None

    def _call(self, model, method, args, **kwargs):
        return self._json(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def _post_message(self, ticket, body, token=None, attachment_ids=()):
        params = {
            "thread_model": "helpdesk.ticket",
            "thread_id": ticket.id,
            "post_data": {
                "body": body,
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
                "attachment_ids": list(attachment_ids),
            },
        }
        if token:
            params["token"] = token
        return self._json("/mail/message/post", params)

    def _files(self, ticket):
        self.env.invalidate_all()
        return self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )

    def _messages(self, ticket):
        self.env.invalidate_all()
        return ticket.message_ids

    def _portal_page(self, ticket):
        return self.url_open(
            f"/my/complaints/{ticket.id}?access_token={ticket.access_token}"
        )

    # Files ---------------------------------------------------------------

    def test_upload_keeps_to_the_form_file_kinds(self):
        before = self._files(self.complaint)
        for who in ("guest with the link", "owner"):
            if who == "owner":
                self._login(self.portal_user)
            token = self.token if who != "owner" else None
            for name, content in (
                ("evil.exe", EXE),
                ("invoice.pdf", EXE),
                ("page.html", b"<html><script>alert(1)</script></html>"),
            ):
                with self.subTest(who=who, file=name):
                    response = self._upload(self.complaint, name, content, token)
                    self.assertEqual(response.status_code, 400)
                    self.assertIn("is not an accepted file", response.text)
                    self.assertEqual(self._files(self.complaint), before)
        response = self._upload(self.complaint, "photo", PNG)
        self.assertEqual(response.status_code, 200, response.text[-1000:])
        added = self._files(self.complaint) - before
        self.assertEqual(added.mapped("mimetype"), ["image/png"])
        self.assertEqual(added.name, "photo.png")
        self.assertIn("photo.png", self.complaint.event_ids.mapped("summary"))

    def test_pending_upload_cannot_smuggle_a_file_into_a_message(self):
        self._login(self.portal_user)
        response = self._upload(self.complaint, "evil.exe", EXE, pending=True)
        self.assertEqual(response.status_code, 200)
        pending = self.env["ir.attachment"].search(
            [("res_model", "=", "mail.compose.message"), ("name", "=", "evil.exe")]
        )
        self.assertEqual(len(pending), 1)
        messages = self._messages(self.complaint)
        result, error = self._post_message(
            self.complaint, "See the file", attachment_ids=pending.ids
        )
        self.assertEqual(error, "odoo.exceptions.UserError")
        self.assertEqual(self._messages(self.complaint), messages)
        self.assertEqual(pending.res_model, "mail.compose.message")

    def test_closed_complaint_refuses_customer_messages_and_files(self):
        self._login(self.portal_user)
        files, messages = self._files(self.closed), self._messages(self.closed)
        response = self._upload(self.closed, "photo.png", PNG)
        self.assertEqual(response.status_code, 400)
        self.assertIn("is closed", response.text)
        _result, error = self._post_message(self.closed, "Hello again")
        self.assertEqual(error, "odoo.exceptions.UserError")
        self.assertEqual(self._files(self.closed), files)
        self.assertEqual(self._messages(self.closed), messages)
        # An open complaint takes the customer's message, in their name.
        result, error = self._post_message(self.complaint, "Any news?")
        self.assertFalse(error)
        message = self._messages(self.complaint)[:1]
        self.assertIn("Any news?", message.body)
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        # Staff may still log a note on a closed complaint.
        self._login(self.handler)
        result, error = self._call(
            "helpdesk.ticket",
            "message_post",
            [self.closed.ids],
            body="Customer called back, nothing to add.",
            subtype_xmlid="mail.mt_note",
        )
        self.assertFalse(error)

    # Read-only staff -----------------------------------------------------

    def test_analyst_cannot_write_to_the_customer(self):
        self._login(self.analyst)
        messages = self._messages(self.complaint)
        self.assertFalse(self.complaint.first_response_date)
        attempts = {
            "message_post": lambda: self._call(
                "helpdesk.ticket",
                "message_post",
                [self.complaint.ids],
                body="We will refund you.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.portal_user.partner_id.ids,
            ),
            "note": lambda: self._call(
                "helpdesk.ticket",
                "message_post",
                [self.complaint.ids],
                body="A note",
                subtype_xmlid="mail.mt_note",
            ),
            "message_notify": lambda: self._call(
                "helpdesk.ticket",
                "message_notify",
                [self.complaint.ids],
                body="We will refund you.",
                partner_ids=self.portal_user.partner_id.ids,
            ),
            "mail.message create": lambda: self._call(
                "mail.message",
                "create",
                [
                    {
                        "model": "helpdesk.ticket",
                        "res_id": self.complaint.id,
                        "body": "We will refund you.",
                        "message_type": "comment",
                        "subtype_id": self.env.ref("mail.mt_comment").id,
                    }
                ],
            ),
            "/mail/message/post": lambda: self._post_message(
                self.complaint, "We will refund you."
            ),
            "/mail/message/post with the link": lambda: self._post_message(
                self.complaint, "We will refund you.", token=self.token
            ),
        }
        for name, attempt in attempts.items():
            with self.subTest(attempt=name):
                _result, error = attempt()
                self.assertEqual(error, "odoo.exceptions.AccessError")
        self.assertEqual(self._messages(self.complaint), messages)
        self.assertFalse(self.complaint.first_response_date)
        # The route answers its own refusal (an AccessError it catches).
        files = self._files(self.complaint)
        response = self._upload(self.complaint, "note.pdf", PDF)
        self.assertIn("error", response.json())
        self.assertEqual(self._files(self.complaint), files)
        # The handler may: the first response is recorded.
        self._login(self.handler)
        _result, error = self._call(
            "helpdesk.ticket",
            "message_post",
            [self.complaint.ids],
            body="We will refund you.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(error)
        self.env.invalidate_all()
        self.assertTrue(self.complaint.first_response_date)

    # What the customer sees ---------------------------------------------

    def test_staff_files_reach_the_customer_only_in_a_message(self):
        self._login(self.handler)
        response = self._upload(self.complaint, "supplier-audit.pdf", PDF)
        self.assertEqual(response.status_code, 200, response.text[-1000:])
        dropped = self.env["ir.attachment"].search(
            [("name", "=", "supplier-audit.pdf"), ("res_id", "=", self.complaint.id)]
        )
        self.assertEqual(len(dropped), 1)
        _result, error = self._call(
            "helpdesk.ticket",
            "message_post",
            [self.complaint.ids],
            body="Internal: audit attached.",
            subtype_xmlid="mail.mt_note",
            attachments=[["note-audit.pdf", PDF.decode()]],
        )
        self.assertFalse(error)
        self._login()
        page = self._portal_page(self.complaint)
        self.assertEqual(page.status_code, 200)
        for name in ("supplier-audit.pdf", "note-audit.pdf"):
            self.assertNotIn(name, page.text)
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}/attachment/{dropped.id}"
            f"?access_token={self.complaint.access_token}"
        )
        self.assertEqual(response.status_code, 404)
        # Sent in a message to the customer, the file is theirs to see.
        self._login(self.handler)
        _result, error = self._call(
            "helpdesk.ticket",
            "message_post",
            [self.complaint.ids],
            body="Here is the audit of the supplier.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=dropped.ids,
        )
        self.assertFalse(error)
        self._login()
        self.assertIn("supplier-audit.pdf", self._portal_page(self.complaint).text)
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}/attachment/{dropped.id}"
            f"?access_token={self.complaint.access_token}"
        )
        self.assertEqual(response.status_code, 200)
