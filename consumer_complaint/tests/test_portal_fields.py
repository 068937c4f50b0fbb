# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a portal customer reads of complaints over JSON-RPC.

Customers read a whitelist of fields of their own complaints
(``helpdesk.ticket._complaint_portal_readable_fields``), the solution only
once it was sent to them, and nothing of the models around complaints.
"""

import json

from markupsafe import Markup
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_public_form import ComplaintIntakeHttpCase

DRAFT = "<p>DRAFT: refund 50%, supplier at fault.</p>"


@tagged("post_install", "-at_install")
class TestPortalFields(ComplaintIntakeHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Ticket = cls.env["helpdesk.ticket"]
        values = {
            "description": "<p>The dumplings smell sour.</p>",
            "team_id": cls.team.id,
            "category_id": cls.category.id,
            "severity_id": cls.env.ref("consumer_complaint.severity_normal").id,
            "user_id": cls.handler.id,
            "order_ref": "JD-PORTAL-1",
            "root_cause_notes": "SECRET root cause: cold chain",
            "corrective_action": "SECRET: retrain the driver",
        }
        cls.complaint = Ticket.create(
            dict(
                values,
                name="Sour dumplings (fields)",
                partner_id=cls.portal_user.partner_id.id,
            )
        )
        cls.other = Ticket.create(
            dict(
                values,
                name="Melted ice cream of B (fields)",
                partner_id=cls.portal_user2.partner_id.id,
            )
        )
        for ticket in cls.complaint | cls.other:
            ticket._complaint_move_to("investigating")
            ticket.solution = DRAFT
            ticket._complaint_move_to("solution")
        cls.other.message_post(
            body=Markup("<p>Message to customer B.</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.complaint.message_post(
            body=Markup("<p>SECRET internal note on A.</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.env["complaint.compensation.line"].create(
            {
                "ticket_id": cls.other.id,
                "type_id": cls.env.ref(
                    "consumer_complaint.compensation_type_coupon"
                ).id,
                "reason": "Melted on delivery",
            }
        )
        Ticket = Ticket.with_user(cls.portal_user)
        cls.readable = Ticket._complaint_portal_readable_fields()
        # What the customer gets: the whitelist, less the fields Odoo already
        # keeps for internal users (followers).
        cls.expected = {
            fname
            for fname in cls.readable
            if fname in Ticket._fields
            and Ticket._fields[fname].is_accessible(Ticket.env)
        }

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user.login, self.portal_user.login)

    def _rpc(self, model, method, *args, **kwargs):
        """Call a model method over JSON-RPC: ``("ok", result)`` or
        ``(error class name, message)``."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        self.assertEqual(response.status_code, 200)
        body = response.json()
        if "result" in body:
            return "ok", body["result"]
        error = body["error"]["data"]
        return error["name"].rsplit(".", 1)[-1], error["message"]

    def assertDenied(self, outcome, what):
        self.assertEqual(outcome[0], "AccessError", f"{what}: {outcome[1]!r}")

    # The whitelist --------------------------------------------------------

    def test_whitelist_covers_the_portal_pages(self):
        """The lead's table reads the whitelist from code: it holds what the
        complaint and ticket pages show, and none of the desk's fields."""
        for fname in (
            "number",
            "name",
            "description",
            "complaint_state",
            "stage_id",
            "category_id",
            "create_date",
            "last_stage_update",
            "closed_date",
            "partner_id",
            "order_ref",
            "complaint_portal_solution",
            "resolution_deadline",
        ):
            self.assertIn(fname, self.readable)
        for fname in (
            "solution",
            "root_cause_notes",
            "corrective_action",
            "user_ids",
            "user_id",
            "team_id",
            "severity_id",
            "partner_phone",
            "partner_email",
            "access_token",
            "event_ids",
            "compensation_line_ids",
            "ticket_sla_ids",
        ):
            self.assertNotIn(fname, self.readable)

    def test_fields_get_lists_the_whitelist_only(self):
        outcome, fields = self._rpc("helpdesk.ticket", "fields_get")
        self.assertEqual(outcome, "ok")
        self.assertEqual(set(fields), self.expected)

    def test_read_of_own_complaint(self):
        outcome, rows = self._rpc(
            "helpdesk.ticket", "read", self.complaint.ids, sorted(self.expected)
        )
        self.assertEqual(outcome, "ok", rows)
        self.assertEqual(rows[0]["number"], self.complaint.number)
        # Without a field list: the readable fields, nothing more.
        outcome, rows = self._rpc("helpdesk.ticket", "read", self.complaint.ids)
        self.assertEqual(outcome, "ok", rows)
        self.assertEqual(set(rows[0]), self.expected)

    def test_read_of_each_other_field_is_denied(self):
        others = sorted(set(self.env["helpdesk.ticket"]._fields) - self.readable)
        self.assertGreater(len(others), 100)
        for fname in others:
            with self.subTest(field=fname):
                self.assertDenied(
                    self._rpc("helpdesk.ticket", "read", self.complaint.ids, [fname]),
                    fname,
                )

    def test_search_group_and_order_on_other_fields_are_denied(self):
        calls = {
            "domain": ("search_read", [("root_cause_notes", "ilike", "SECRET")]),
            "draft solution": ("search_count", [("solution", "ilike", "DRAFT")]),
            "handler": ("search_count", [("user_id.login", "=", "cc_intake_handler")]),
            "internal notes": (
                "search_count",
                [("message_ids.body", "ilike", "SECRET")],
            ),
            "activities": ("search_count", [("activity_ids.note", "ilike", "x")]),
            "compensation": ("search_count", [("compensation_line_ids", "!=", False)]),
            "event log": ("search_count", [("event_ids.summary", "ilike", "x")]),
        }
        for what, (method, domain) in calls.items():
            with self.subTest(what=what):
                self.assertDenied(self._rpc("helpdesk.ticket", method, domain), what)
        with self.subTest(what="order"):
            self.assertDenied(
                self._rpc(
                    "helpdesk.ticket", "search_read", [], ["number"], order="priority"
                ),
                "order",
            )
        with self.subTest(what="group by"):
            self.assertDenied(
                self._rpc(
                    "helpdesk.ticket",
                    "read_group",
                    [],
                    ["user_id"],
                    ["user_id"],
                ),
                "group by",
            )
        with self.subTest(what="aggregate"):
            self.assertDenied(
                self._rpc(
                    "helpdesk.ticket",
                    "read_group",
                    [],
                    ["escalation_count:sum"],
                    ["stage_id"],
                ),
                "aggregate",
            )
        # The customer's own list still works: their complaint, not B's.
        outcome, rows = self._rpc(
            "helpdesk.ticket", "search_read", [], ["number", "name"]
        )
        self.assertEqual(outcome, "ok", rows)
        self.assertEqual([row["id"] for row in rows], self.complaint.ids)
        outcome, rows = self._rpc(
            "helpdesk.ticket", "read_group", [], ["stage_id"], ["stage_id"]
        )
        self.assertEqual(outcome, "ok", rows)
        self.assertEqual(sum(row["stage_id_count"] for row in rows), 1)

    def test_solution_only_once_sent(self):
        def portal_solution():
            outcome, rows = self._rpc(
                "helpdesk.ticket",
                "read",
                self.complaint.ids,
                ["complaint_state", "complaint_portal_solution"],
            )
            self.assertEqual(outcome, "ok", rows)
            return rows[0]["complaint_portal_solution"]

        self.assertFalse(portal_solution(), "the draft is not shown")
        self.assertDenied(
            self._rpc("helpdesk.ticket", "read", self.complaint.ids, ["solution"]),
            "solution",
        )
        self.complaint.action_complaint_submit()
        self.assertEqual(self.complaint.complaint_state, "feedback")
        self.assertIn("DRAFT: refund 50%", portal_solution())
        self.complaint._complaint_customer_accept()
        self.assertIn("DRAFT: refund 50%", portal_solution())

    # Around complaints ----------------------------------------------------

    def test_models_around_complaints(self):
        # What the customer must not list (SLA lines named every complaint).
        self.assertTrue(self.other.ticket_sla_ids)
        self.assertTrue(self.other.compensation_line_ids)
        self.assertTrue(self.other.event_ids)
        for model in (
            "helpdesk.ticket.sla",
            "complaint.compensation.line",
            "complaint.event",
            "ir.attachment",
        ):
            with self.subTest(model=model):
                self.assertDenied(
                    self._rpc(model, "search_read", [], ["display_name"]), model
                )
        with self.subTest(model="mail.message"):
            outcome, rows = self._rpc(
                "mail.message",
                "search_read",
                [("model", "=", "helpdesk.ticket")],
                ["res_id", "body"],
            )
            self.assertEqual(outcome, "ok", rows)
            self.assertEqual(
                {row["res_id"] for row in rows} - set(self.complaint.ids), set()
            )
            self.assertNotIn("SECRET", " ".join(row["body"] for row in rows))
        with self.subTest(model="name_search"):
            outcome, names = self._rpc("helpdesk.ticket", "name_search", "")
            self.assertEqual(outcome, "ok", names)
            self.assertEqual([name[0] for name in names], self.complaint.ids)

    # Pages ------------------------------------------------------------------

    def test_portal_pages_still_work(self):
        pages = {
            "/my": None,
            "/my/complaints": self.complaint.number,
            f"/my/complaints/{self.complaint.id}": self.complaint.number,
            # helpdesk_mgmt's list leaves complaints to /my/complaints.
            "/my/tickets": None,
        }
        for url, shown in pages.items():
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200, response.text[-500:])
                if shown:
                    self.assertIn(shown, response.text)
                self.assertNotIn(self.other.number, response.text)
                self.assertNotIn("DRAFT: refund", response.text)
                self.assertNotIn("SECRET", response.text)
