# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hostile input against the public form, the portal and the e-mail gateway.

Every case is one row of a table and runs as a subTest named after it. Each
checks that the server does not fail (status < 500), that nothing typed is
executed (no raw markup in the pages, the chatter or the e-mails), that a
refusal leaves no record behind and says why, keeping what was typed.
"""

import struct
import zlib
from email.header import Header
from email.message import EmailMessage
from email.utils import formataddr

from markupsafe import escape
from odoo.tests import tagged

from .test_public_form import PDF, PNG, ComplaintIntakeHttpCase

SCRIPT = '<script>alert("cc-xss")</script>'
ATTR_BREAK = '"><img src=x onerror=alert("cc-xss")>'
SVG = '<svg onload=alert("cc-xss")>'
SQL_TEXT = "'; DROP TABLE helpdesk_ticket; --"
# What must never appear unescaped in a page, a message or an e-mail.
RAW_MARKERS = ("<script>alert(", "<img src=x onerror", "<svg onload")
EMOJI = "饺子坏了 😡🥟👎🏽 真的很生气"
RTL = "שלום مرحبا \u202eevil.exe\u202c"
INVALID_UTF8 = b"caf\xe9 \xff\xfe \xc3\x28 broken"
BINARY_JUNK = bytes(range(256)) * 4
HUGE = "投" * 1_000_000
KEEP = "KEEP-ME-42"


def png_bomb(side):
    """A PNG of side × side black pixels: a few kilobytes that decode to
    side² bytes. Built row by row so that the test itself stays small."""

    def chunk(kind, data):
        body = kind + data
        return (
            struct.pack(">I", len(data))
            + body
            + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
        )

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte + 1-bit pixels
    idat = b"".join(compressor.compress(row) for _i in range(side))
    idat += compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )


BOMB = png_bomb(20000)

# Public form: (case, posted values replacing the valid ones, files, expected)
# expected is "ok" (a complaint is registered) or (status, message shown).
PUBLIC_CASES = [
    ("missing name", {"name": ""}, None, (400, "Please enter your name.")),
    ("missing description", {"description": ""}, None, (400, "Please describe")),
    ("missing demand", {"demand": None}, None, (400, "what you would like us")),
    ("missing consent", {"privacy_consent": None}, None, (400, "personal data")),
    (
        "missing phone and e-mail",
        {"phone": "", "email": ""},
        None,
        (400, "Please give a phone number or an e-mail address"),
    ),
    (
        "missing category",
        {"category_parent_id": "", "category_id": ""},
        None,
        (400, "Please choose a category."),
    ),
    (
        "whitespace only",
        {"name": " \t ", "description": "\n \n"},
        None,
        (400, "Please enter your name."),
    ),
    ("script in name", {"name": SCRIPT}, None, "ok"),
    ("script in description", {"description": f"{SCRIPT}\n{SVG}"}, None, "ok"),
    ("script in order number", {"order_ref": SCRIPT}, None, "ok"),
    ("attribute break in name", {"name": ATTR_BREAK[:60]}, None, "ok"),
    (
        "script in e-mail",
        {"email": f"a{SCRIPT}@example.com"},
        None,
        (400, "valid e-mail address"),
    ),
    ("script in phone", {"phone": SCRIPT}, None, (400, "mainland mobile number")),
    (
        "script in amount",
        {"amount_paid": SCRIPT},
        None,
        (400, "amount paid as a number"),
    ),
    (
        "script in purchase date",
        {"purchase_date": SCRIPT},
        None,
        (400, "Purchase date is not a valid date"),
    ),
    (
        "script in delivery date",
        {"delivery_date": ATTR_BREAK},
        None,
        (400, "Delivery date is not a valid date"),
    ),
    (
        "script in category",
        {"category_id": SCRIPT},
        None,
        (400, "category from the list"),
    ),
    (
        "script in product",
        {"product_id": ATTR_BREAK},
        None,
        (400, "product from the list"),
    ),
    ("script in demand", {"demand": SCRIPT}, None, (400, "what you would like us")),
    ("script in store code", {"store": SCRIPT}, None, (400, "This store is unknown")),
    (
        "attribute break echoed in a refused form",
        {"order_ref": ATTR_BREAK[:60], "demand": None},
        None,
        (400, "what you would like us"),
    ),
    (
        "closing textarea echoed in a refused form",
        {"description": f"</textarea>{SCRIPT}", "demand": None},
        None,
        (400, "what you would like us"),
    ),
    ("SQL in name", {"name": SQL_TEXT}, None, "ok"),
    ("SQL in description", {"description": f"x {SQL_TEXT} OR 1=1"}, None, "ok"),
    (
        "SQL in category",
        {"category_id": "1 OR 1=1"},
        None,
        (400, "category from the list"),
    ),
    (
        "SQL in product",
        {"product_id": "1; DELETE FROM product_product"},
        None,
        (400, "product from the list"),
    ),
    (
        "SQL in amount",
        {"amount_paid": "1; SELECT pg_sleep(5)"},
        None,
        (400, "amount paid as a number"),
    ),
    (
        "SQL in date",
        {"purchase_date": "1' OR '1'='1"},
        None,
        (400, "Purchase date is not a valid date"),
    ),
    (
        "text after the date",
        {"purchase_date": "2024-01-01'; --"},
        None,
        (400, "Purchase date is not a valid date"),
    ),
    ("huge description", {"description": HUGE}, None, (400, "Description is too long")),
    ("huge name", {"name": HUGE[:100_000]}, None, (400, "Your name is too long")),
    (
        "huge order number",
        {"order_ref": "9" * 10_000},
        None,
        (400, "Order number is too long"),
    ),
    ("huge amount", {"amount_paid": "9" * 400}, None, (400, "amount paid as a number")),
    ("infinite amount", {"amount_paid": "inf"}, None, (400, "amount paid as a number")),
    ("invalid UTF-8 in name", {"name": INVALID_UTF8}, None, "ok"),
    ("invalid UTF-8 in description", {"description": INVALID_UTF8}, None, "ok"),
    ("binary junk in description", {"description": BINARY_JUNK}, None, "ok"),
    (
        "NUL and control characters",
        {"name": "Zhang\x00\x07San", "description": "a\x00b\x1bc"},
        None,
        "ok",
    ),
    ("emoji", {"name": "张三 😡", "description": EMOJI}, None, "ok"),
    ("right-to-left text", {"name": RTL[:60], "description": RTL}, None, "ok"),
    ("list instead of a value", {"demand": ["refund", "free_car"]}, None, "ok"),
    (
        "HTML file named .png",
        {},
        [("photo.png", b"<html><script>alert(1)</script></html>", "image/png")],
        (400, "photo.png is not an accepted file"),
    ),
    (
        "program named .pdf",
        {},
        [("receipt.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "application/pdf")],
        (400, "receipt.pdf is not an accepted file"),
    ),
    (
        "SVG with script",
        {},
        [
            (
                "logo.svg",
                f"<svg xmlns='http://www.w3.org/2000/svg'>{SCRIPT}</svg>".encode(),
                "image/svg+xml",
            )
        ],
        (400, "logo.svg is not an accepted file"),
    ),
    (
        "PDF named .png (renamed after its content)",
        {},
        [("scan.png", PDF, "image/png")],
        "ok",
    ),
    ("empty file", {}, [("empty.png", b"", "image/png")], (400, "empty.png is empty")),
    (
        "binary junk file",
        {},
        [("junk.jpg", BINARY_JUNK, "image/jpeg")],
        (400, "junk.jpg is not an accepted file"),
    ),
    (
        "path in the file name",
        {},
        [("../../etc/passwd.png", PNG, "image/png")],
        "ok",
    ),
    ("script in the file name", {}, [(f"{SCRIPT}.png", PNG, "image/png")], "ok"),
    (
        "image decompression bomb",
        {},
        [("bomb.png", BOMB, "image/png")],
        (400, "bomb.png is too large an image"),
    ),
    (
        "forged CSRF token",
        {"csrf_token": "0" * 40 + "o9999999999"},
        None,
        (400, "This form has expired"),
    ),
    ("no CSRF token", {"csrf_token": ""}, None, (400, "This form has expired")),
    (
        "honeypot filled",
        {"homepage": "http://spam.example.com"},
        None,
        (400, "could not be sent"),
    ),
]


@tagged("post_install", "-at_install")
class TestHardeningInput(ComplaintIntakeHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": "hostile.example.com"})
        cls.env.company.alias_domain_id = domain
        cls.team.write({"alias_name": "cc-hostile", "alias_domain_id": domain.id})
        cls.normal = cls.env.ref("consumer_complaint.severity_normal")
        cls.other_complaint = cls._new_complaint(cls.portal_user2.partner_id)
        cls.other_attachment = cls.env["ir.attachment"].create(
            {
                "name": "other.png",
                "raw": PNG,
                "res_model": "helpdesk.ticket",
                "res_id": cls.other_complaint.id,
            }
        )

    @classmethod
    def _new_complaint(cls, partner, feedback=False):
        ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Sour dumplings",
                "description": "<p>The dumplings smell sour.</p>",
                "team_id": cls.team.id,
                "category_id": cls.category.id,
                "partner_id": partner.id,
                "severity_id": cls.normal.id,
            }
        )
        if feedback:
            ticket.solution = "<p>Full refund.</p>"
            ticket._complaint_move_to("investigating")
            ticket._complaint_move_to("solution")
            ticket.action_complaint_submit()
        return ticket

    # Helpers -------------------------------------------------------------

    def _counts(self):
        # Pending work (acknowledgements waiting for the commit) first.
        self.env.cr.flush()
        self.env.invalidate_all()
        env = self.env
        return {
            "tickets": env["helpdesk.ticket"].search_count([]),
            "partners": env["res.partner"]
            .with_context(active_test=False)
            .search_count([]),
            "attachments": env["ir.attachment"].search_count(
                [("res_model", "=", "helpdesk.ticket")]
            ),
            "messages": env["mail.message"].search_count(
                [("model", "=", "helpdesk.ticket")]
            ),
            "events": env["complaint.event"].search_count([]),
        }

    def assertInert(self, text, where):
        for marker in RAW_MARKERS:
            self.assertNotIn(marker, text or "", f"{marker!r} unescaped in {where}")

    def _ack_mails(self, ticket):
        return self.env["mail.mail"].search(
            [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )

    def _check_registered(self, response, before):
        self.assertEqual(response.status_code, 303, response.text[-1500:])
        ticket = self._tickets() - before
        self.assertEqual(len(ticket), 1)
        self.assertInert(ticket.description, "the stored description")
        # The customer's pages and e-mails show the typed text as text.
        for url in (
            response.headers["Location"],
            f"/my/complaints/{ticket.id}?access_token={ticket.access_token}",
        ):
            page = self.url_open(url)
            self.assertEqual(page.status_code, 200, url)
            self.assertInert(page.text, url)
        # E-mail subjects are plain text: only bodies are checked.
        for mail in self._ack_mails(ticket):
            self.assertInert(mail.body_html, "an e-mail")
        for message in ticket.message_ids:
            self.assertInert(message.body, "the chatter")
        return ticket

    # Public form ---------------------------------------------------------

    def test_public_form_hostile_input(self):
        csrf = self._csrf()
        for case, values, files, expected in PUBLIC_CASES:
            with self.subTest(case=case):
                before, counts = self._tickets(), self._counts()
                data = self._form_data(csrf=csrf, order_ref=KEEP)
                data.update(values)
                data = {k: v for k, v in data.items() if v is not None}
                upload = [
                    ("attachments", (name, content, mimetype))
                    for name, content, mimetype in files or []
                ]
                response = self._post("/complaint/new", data, files=upload or None)
                self.assertLess(response.status_code, 500)
                self.assertInert(response.text, "the answer")
                if expected == "ok":
                    self._check_registered(response, before)
                    continue
                status, message = expected
                self._assert_refused(response, message, status)
                self.assertEqual(self._counts(), counts, "nothing is left behind")
                # What was typed is kept (escaped) and a fresh token is given.
                typed = data.get("order_ref")
                if isinstance(typed, str) and len(typed) < 1000:
                    self.assertIn(f'value="{escape(typed)}"', response.text)
                self.assertIn('name="csrf_token" value="', response.text)

    def test_public_form_stored_values(self):
        """What is registered is what was typed, without markup or controls."""
        csrf = self._csrf()
        cases = [
            ("SQL kept as text", {"name": SQL_TEXT}, "partner_name", SQL_TEXT),
            ("emoji kept", {"name": "张三 😡"}, "partner_name", "张三 😡"),
            ("RTL kept", {"name": RTL[:60]}, "partner_name", RTL[:60].strip()),
            (
                "controls removed",
                {"name": "Zhang\x00\x07San"},
                "partner_name",
                "ZhangSan",
            ),
            ("invalid UTF-8 replaced", {"name": INVALID_UTF8}, "partner_name", None),
            ("first line as title", {"description": f"{SCRIPT}\nmore"}, "name", SCRIPT),
        ]
        for case, values, field, stored in cases:
            with self.subTest(case=case):
                before = self._tickets()
                data = dict(self._form_data(csrf=csrf), **values)
                ticket = self._check_registered(
                    self._post("/complaint/new", data), before
                )
                if stored is None:
                    self.assertIn("\ufffd", ticket[field])
                else:
                    self.assertEqual(ticket[field], stored)
        scan = self._tickets()[:1]
        self.assertTrue(scan)

    def test_public_form_get_hostile_parameters(self):
        for case, url in (
            ("script in store code", f"/complaint/new?store={SCRIPT}"),
            ("attribute break in store code", f"/complaint/new?store={ATTR_BREAK}"),
            ("huge store code", "/complaint/new?store=" + "A" * 5000),
            ("store code as a list", "/complaint/new?store=A&store=B"),
            ("invalid UTF-8 in store code", "/complaint/new?store=%ff%fe"),
        ):
            with self.subTest(case=case):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertInert(response.text, url)
                self.assertIn("This store code is unknown", response.text)

    def test_csrf_token_of_another_session(self):
        csrf = self._csrf()
        self.authenticate(None, None)
        counts = self._counts()
        response = self._post(
            "/complaint/new", self._form_data(csrf=csrf, order_ref=KEEP)
        )
        self._assert_refused(response, "This form has expired")
        self.assertIn(f'value="{KEEP}"', response.text)
        self.assertEqual(self._counts(), counts)

    # Portal --------------------------------------------------------------

    def _page_csrf(self, ticket, token=None):
        url = f"/my/complaints/{ticket.id}"
        if token:
            url += f"?access_token={token}"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, response.text[-1000:])
        return self._csrf(url)

    def test_portal_hostile_input(self):
        own = self._new_complaint(self.portal_user.partner_id)
        other = self.other_complaint
        # (case, who, complaint, action, posted values, files, expected)
        # who: "owner" logged in, "token" guest with the tracking link,
        # "guest" without it; expected "ok" or (status, message or None).
        cases = [
            (
                "script in message",
                "owner",
                own,
                "message",
                {"message": f"{SCRIPT}\n{SVG}"},
                None,
                "ok",
            ),
            (
                "attribute break in message",
                "token",
                own,
                "message",
                {"message": ATTR_BREAK},
                None,
                "ok",
            ),
            (
                "SQL in message",
                "owner",
                own,
                "message",
                {"message": SQL_TEXT},
                None,
                "ok",
            ),
            (
                "emoji and RTL message",
                "owner",
                own,
                "message",
                {"message": f"{EMOJI}\n{RTL}"},
                None,
                "ok",
            ),
            (
                "invalid UTF-8 message",
                "owner",
                own,
                "message",
                {"message": INVALID_UTF8},
                None,
                "ok",
            ),
            (
                "binary junk message",
                "owner",
                own,
                "message",
                {"message": BINARY_JUNK},
                None,
                "ok",
            ),
            (
                "huge message",
                "owner",
                own,
                "message",
                {"message": HUGE},
                None,
                (400, "Your message is too long"),
            ),
            (
                "empty message",
                "owner",
                own,
                "message",
                {"message": "\x00 \n"},
                None,
                (400, "Write a message or attach a file."),
            ),
            (
                "HTML file named .png in a message",
                "owner",
                own,
                "message",
                {"message": "see file"},
                [("x.png", b"<html><script>alert(1)</script>", "image/png")],
                (400, "x.png is not an accepted file"),
            ),
            (
                "decompression bomb in a message",
                "owner",
                own,
                "message",
                {"message": "see file"},
                [("bomb.png", BOMB, "image/png")],
                (400, "bomb.png is too large an image"),
            ),
            (
                "forged CSRF on message",
                "owner",
                own,
                "message",
                {"message": KEEP, "csrf_token": "forged"},
                None,
                (400, "This form has expired"),
            ),
            (
                "forged CSRF on accept",
                "owner",
                own,
                "accept",
                {"csrf_token": "forged"},
                None,
                (400, "This form has expired"),
            ),
            (
                "forged CSRF on withdraw",
                "owner",
                own,
                "withdraw",
                {"withdraw_reason": KEEP, "csrf_token": ""},
                None,
                (400, "This form has expired"),
            ),
            (
                "huge withdraw reason",
                "owner",
                own,
                "withdraw",
                {"withdraw_reason": HUGE[:50_000]},
                None,
                (400, "Your reason is too long"),
            ),
            (
                "accept without a solution",
                "owner",
                own,
                "accept",
                {},
                None,
                (400, "no solution waiting"),
            ),
            (
                "script in reject reason without a solution",
                "owner",
                own,
                "reject",
                {"reason": SCRIPT},
                None,
                (400, "no solution waiting"),
            ),
            (
                "forged access token",
                "guest",
                own,
                "message",
                {"message": "x", "access_token": "forged"},
                None,
                (403, None),
            ),
            (
                "truncated access token",
                "guest",
                own,
                "message",
                {"message": "x", "access_token": "TRUNCATE"},
                None,
                (403, None),
            ),
            ("no access token", "guest", own, "withdraw", {}, None, (403, None)),
            (
                "other customer's complaint: message",
                "owner",
                other,
                "message",
                {"message": "hi"},
                None,
                (403, None),
            ),
            (
                "other customer's complaint: accept",
                "owner",
                other,
                "accept",
                {},
                None,
                (403, None),
            ),
            (
                "other customer's complaint: reject",
                "owner",
                other,
                "reject",
                {"reason": "no"},
                None,
                (403, None),
            ),
            (
                "other customer's complaint: withdraw",
                "owner",
                other,
                "withdraw",
                {},
                None,
                (403, None),
            ),
            (
                "own token on the other's complaint",
                "token",
                other,
                "withdraw",
                {},
                None,
                (403, None),
            ),
        ]
        token = own._portal_ensure_token()
        for case, who, ticket, action, values, files, expected in cases:
            with self.subTest(case=case):
                if who == "owner":
                    self.authenticate(self.portal_user.login, self.portal_user.login)
                    csrf = self._page_csrf(own)
                else:
                    self.authenticate(None, None)
                    csrf = self._page_csrf(own, token)
                data = {"csrf_token": csrf}
                if who == "token":
                    data["access_token"] = token
                data.update(values)
                if data.get("access_token") == "TRUNCATE":
                    data["access_token"] = token[:-1]
                upload = [
                    ("attachments", (name, content, mimetype))
                    for name, content, mimetype in files or []
                ]
                state = ticket.complaint_state
                counts = self._counts()
                response = self._post(
                    f"/my/complaints/{ticket.id}/{action}", data, files=upload or None
                )
                self.assertLess(response.status_code, 500)
                self.assertInert(response.text, "the answer")
                if expected == "ok":
                    self.assertEqual(response.status_code, 303, response.text[-1500:])
                    self.env.invalidate_all()
                    body = ticket.message_ids[0].body
                    self.assertInert(body, "the chatter")
                    page = self.url_open(
                        f"/my/complaints/{ticket.id}?access_token={token}"
                    )
                    self.assertEqual(page.status_code, 200)
                    self.assertInert(page.text, "the complaint page")
                    continue
                status, message = expected
                self.assertEqual(response.status_code, status, response.text[-1500:])
                if message:
                    self.assertIn(message, response.text)
                self.assertEqual(self._counts(), counts, "nothing is left behind")
                self.env.invalidate_all()
                self.assertEqual(ticket.complaint_state, state)
                if status == 400 and isinstance(values.get("message"), str):
                    self.assertIn(escape(values["message"]), response.text)
                if status == 400 and values.get("withdraw_reason") == KEEP:
                    self.assertIn(KEEP, response.text)

    def test_portal_reject_reason_is_text(self):
        ticket = self._new_complaint(self.portal_user.partner_id, feedback=True)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        csrf = self._page_csrf(ticket)
        url = f"/my/complaints/{ticket.id}/reject"
        for case, reason, expected in (
            ("huge reason", HUGE[:50_000], 400),
            ("blank reason", "\x00\n ", 400),
            ("script in reason", f"{SCRIPT} {ATTR_BREAK}", 303),
        ):
            with self.subTest(case=case):
                counts = self._counts()
                response = self._post(url, {"csrf_token": csrf, "reason": reason})
                self.assertEqual(response.status_code, expected, response.text[-800:])
                self.assertInert(response.text, "the answer")
                if expected == 400:
                    self.assertEqual(self._counts(), counts)
        self.env.invalidate_all()
        self.assertEqual(ticket.complaint_state, "solution")
        self.assertEqual(ticket.customer_response_reason, f"{SCRIPT} {ATTR_BREAK}")
        page = self.url_open(f"/my/complaints/{ticket.id}")
        self.assertInert(page.text, "the complaint page")
        for message in ticket.message_ids:
            self.assertInert(message.body, "the chatter")

    def test_portal_hostile_urls(self):
        own = self._new_complaint(self.portal_user.partner_id)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        for case, url, status in (
            ("id beyond integers", "/my/complaints/99999999999999999999", 404),
            ("negative id", "/my/complaints/-1", 404),
            ("id as text", "/my/complaints/1%20OR%201=1", 404),
            (
                "other customer's file through one's own complaint",
                f"/my/complaints/{own.id}/attachment/{self.other_attachment.id}",
                404,
            ),
            (
                "other customer's file through theirs",
                f"/my/complaints/{self.other_complaint.id}"
                f"/attachment/{self.other_attachment.id}",
                403,
            ),
            (
                "other customer's file by id",
                f"/web/content/{self.other_attachment.id}",
                404,
            ),
            ("script in the sort order", f"/my/complaints?sortby={SCRIPT}", 200),
            ("SQL in the filter", f"/my/complaints?filterby={SQL_TEXT}", 200),
            ("page beyond the end", "/my/complaints/page/99999", 200),
            ("script in the done flag", f"/my/complaints/{own.id}?done={SCRIPT}", 200),
            ("ticket close with text ids", "/ticket/close?ticket_id=x&stage_id=y", 404),
            (
                "ticket close with SQL",
                f"/ticket/close?ticket_id={SQL_TEXT}&stage_id=1",
                404,
            ),
        ):
            with self.subTest(case=case):
                response = self.url_open(url)
                self.assertEqual(response.status_code, status, response.text[-800:])
                self.assertNotIn("/web/login", response.url)
                self.assertInert(response.text, url)

    # E-mail gateway ------------------------------------------------------

    def _mail(self, subject="Dumplings", body="They smell sour.", **kw):
        message = EmailMessage()
        message["From"] = kw.get("email_from") or "wang.fang@example.com"
        message["To"] = "cc-hostile@hostile.example.com"
        message["Subject"] = subject
        message["Message-ID"] = kw.get("msg_id") or f"<{abs(hash(subject + body))}@ex>"
        if kw.get("html"):
            message.set_content(body, subtype="html")
        else:
            message.set_content(body)
        for name, content, mimetype in kw.get("files") or []:
            maintype, subtype = mimetype.split("/")
            message.add_attachment(
                content, maintype=maintype, subtype=subtype, filename=name
            )
        return message.as_bytes()

    def test_mail_gateway_hostile_input(self):
        invalid_utf8 = (
            b"From: wang.fang@example.com\r\n"
            b"To: cc-hostile@hostile.example.com\r\n"
            b"Subject: =?utf-8?q?=FF=FE_broken?=\r\n"
            b"Message-ID: <invalid-utf8@example.com>\r\n"
            b"MIME-Version: 1.0\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\n"
            b"Content-Transfer-Encoding: 8bit\r\n\r\n" + INVALID_UTF8 + b"\r\n"
        )
        cases = [
            ("script in subject", self._mail(subject=SCRIPT)),
            ("script in plain body", self._mail(body=f"{SCRIPT}\n{ATTR_BREAK}")),
            (
                "script and handlers in HTML body",
                self._mail(
                    body=f"<p>hi</p>{SCRIPT}<img src=x onerror=alert(1)>{SVG}"
                    '<a href="javascript:alert(1)">x</a>',
                    html=True,
                ),
            ),
            (
                "script in sender name",
                self._mail(
                    email_from=formataddr((SCRIPT, "evil@example.com")),
                    msg_id="<sender@example.com>",
                ),
            ),
            ("SQL in subject and body", self._mail(subject=SQL_TEXT, body=SQL_TEXT)),
            ("huge body", self._mail(subject="Huge", body="投诉" * 500_000)),
            ("invalid UTF-8", invalid_utf8),
            (
                "emoji and RTL subject",
                self._mail(subject=str(Header(f"{EMOJI} {RTL}", "utf-8")), body=RTL),
            ),
            (
                "HTML file named .png",
                self._mail(
                    subject="File",
                    files=[
                        ("photo.png", b"<html><script>alert(1)</script>", "image/png")
                    ],
                ),
            ),
            ("empty body", self._mail(subject="Only a subject", body="")),
        ]
        for case, raw in cases:
            with self.subTest(case=case):
                before = self._tickets()
                self.env["mail.thread"].message_process(None, raw)
                ticket = self._tickets() - before
                self.assertEqual(len(ticket), 1)
                self.assertTrue(ticket.is_complaint)
                self.assertInert(ticket.description, "the description")
                self.assertNotIn("javascript:", ticket.description)
                for message in ticket.message_ids:
                    self.assertInert(message.body, "the chatter")
                for mail in self._ack_mails(ticket):
                    self.assertInert(mail.body_html, "the acknowledgement e-mail")
                page = self.url_open(ticket._complaint_tracking_url())
                self.assertEqual(page.status_code, 200)
                self.assertInert(page.text, "the complaint page")
                for attachment in ticket.attachment_ids:
                    # Files of e-mails are downloaded, never shown as pages.
                    url = (
                        f"/my/complaints/{ticket.id}/attachment/{attachment.id}"
                        f"?access_token={ticket.access_token}"
                    )
                    response = self.url_open(url)
                    self.assertEqual(response.status_code, 200)
                    if not attachment.mimetype.startswith("image/"):
                        self.assertIn(
                            "attachment", response.headers["Content-Disposition"]
                        )
                    self.assertIn(
                        "default-src 'none'",
                        response.headers.get("Content-Security-Policy", ""),
                    )

    def test_mail_gateway_decompression_bomb(self):
        """A mail with an image bomb registers the complaint; the image is
        stored as plain data, never decoded (no resize, no preview)."""
        raw = self._mail(subject="Bomb", files=[("bomb.png", BOMB, "image/png")])
        self.env["mail.thread"].message_process(None, raw)
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Bomb")])
        self.assertEqual(len(ticket), 1)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(attachment.mimetype, "application/octet-stream")
        self.assertEqual(attachment.raw, BOMB)
