# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The REST API over the real Odoo route: each endpoint, each scope, keys,
another integration's complaints, hostile input, and a round trip through
the back office."""

import hashlib
import hmac
import json
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.addons.consumer_complaint.tests.test_hardening_input import (
    PUBLIC_CASES,
    RAW_MARKERS,
    SCRIPT,
)
from odoo.addons.consumer_complaint.tests.test_public_form import PDF, PNG
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import SQL, mute_logger

from .common import ComplaintApiCase

DELIVERY = "odoo.addons.complaint_api.models.complaint_api_delivery"

# Rows of the web form's hostile table that test the web page itself (its
# CSRF token, its honeypot, its store QR code), not the submitted values:
# the API has none of them (keys authenticate, stores are not chosen).
WEB_ONLY_FIELDS = {"csrf_token", "homepage", "store"}
# Where the API answers otherwise, and why: a repeated form field is read as
# its last value by FastAPI (the web form takes the first), here an unknown
# demand, refused by the same check.
API_EXPECTED = {
    "list instead of a value": (400, "Please tell us what you would like us to do."),
}


@tagged("post_install", "-at_install")
class TestComplaintApi(ComplaintApiCase):
    # Register and follow ------------------------------------------------

    def test_create_and_follow(self):
        before = self._tickets()
        created = self._create(
            files=[
                ("attachments", ("receipt.pdf", PDF, "application/pdf")),
                ("attachments", ("photo.png", PNG, "image/png")),
            ]
        )
        ticket = self._tickets() - before
        self.assertEqual(len(ticket), 1)
        self.assertEqual(created["number"], ticket.number)
        self.assertEqual(created["token"], ticket.access_token)
        self.assertEqual(created["status"]["code"], "accepted")
        self.assertEqual(created["status"]["label"], "Received")
        self.assertIn(f"/my/complaints/{ticket.id}", created["tracking_url"])
        # Same pipeline as the web form: routing, channel, partner, files,
        # consent and intake in the event log, the integration recorded.
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.category_id, self.category)
        self.assertEqual(ticket.channel_id.code, "miniprogram")
        self.assertEqual(ticket.api_key_id, self.key_app)
        self.assertEqual(ticket.partner_id.name, "张三")
        self.assertEqual(ticket.order_ref, "JD-2024-0001")
        self.assertTrue(ticket.privacy_consent_date)
        self.assertTrue(ticket.sudo().complaint_intake_ip_hash)
        files = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(sorted(files.mapped("name")), ["photo.png", "receipt.pdf"])
        events = ticket.event_ids.mapped("event_type")
        self.assertIn("privacy", events)
        self.assertIn("other", events)
        if ticket._complaint_portal_deadline():
            self.assertTrue(created["promise"])
        # Follow it with the token.
        response = self._api(
            "GET", f"/complaints/{ticket.number}", self.raw_app, created["token"]
        )
        self.assertEqual(response.status_code, 200, response.text)
        detail = response.json()
        self.assertEqual(detail["number"], ticket.number)
        self.assertEqual(detail["status"]["code"], "accepted")
        self.assertFalse(detail["can_answer"])
        self.assertTrue(detail["can_withdraw"])
        self.assertIsNone(detail["solution"])
        self.assertEqual(detail["compensation"], [])
        self.assertTrue(detail["timeline"])
        # Only what the portal shows: no contact data, no internal fields.
        text = response.text
        for secret in ("13800138000", "zhang.san@example.com", "ip_hash", "team"):
            self.assertNotIn(secret, text)
        # Without the token, with another one: as if it did not exist.
        for token in (None, "forged", ticket.access_token[:-1]):
            with self.subTest(token=token):
                response = self._api(
                    "GET", f"/complaints/{ticket.number}", self.raw_app, token
                )
                self.assertApiError(response, 404, "not_found")
        response = self._api("GET", "/complaints/NOPE-1", self.raw_app, "x")
        self.assertApiError(response, 404, "not_found")

    def test_errors_in_the_request_language(self):
        response = self._api(
            "POST",
            "/complaints",
            self.raw_app,
            data=self._api_data(description=""),
        )
        detail = self.assertApiError(response, 400, "invalid_input")
        self.assertEqual(
            detail["errors"]["description"], "Please describe what happened."
        )
        response = self._api(
            "POST",
            "/complaints",
            self.raw_app,
            lang="zh-CN,zh;q=0.9",
            data=self._api_data(description=""),
        )
        detail = self.assertApiError(response, 400, "invalid_input")
        self.assertEqual(detail["errors"]["description"], "请描述发生了什么。")
        # A parameter of the wrong type: a JSON error too, with a code.
        response = self._api("GET", "/complaints?since=yesterday", self.raw_app)
        self.assertApiError(response, 422, "invalid_request")

    def test_rate_limit(self):
        """An integration sends for many customers from one address: it is
        limited by its key's hourly quota and the web form's per-contact
        limits, not by the network limit of the web form."""
        self.env["ir.config_parameter"].sudo().set_param(
            "consumer_complaint.intake_rate_ip_hour", 1
        )
        self.key_app.rate_limit_hour = 3
        self._create()
        self._create(phone="13900139000")
        self._create(phone="13700137000")
        before = self._tickets()
        response = self._api(
            "POST",
            "/complaints",
            self.raw_app,
            data=self._api_data(phone="13600136000"),
        )
        self.assertApiError(response, 429, "rate_limited", "quota of 3 complaints")
        self.assertEqual(self._tickets(), before)
        # Another key has its own quota.
        self._create(raw=self.raw_erp, phone="13500135000")

    def test_contact_limit_counts_the_app_with_the_web_form(self):
        """A consumer filing through the app is held to the per-contact limit
        of the web form, counted together with the web form."""
        self.env["ir.config_parameter"].sudo().set_param(
            "consumer_complaint.intake_rate_contact_day", 2
        )
        self._create(phone="13400134000")
        self._create(phone="13400134000")
        before = self._tickets()
        response = self._api(
            "POST",
            "/complaints",
            self.raw_app,
            data=self._api_data(phone="13400134000"),
        )
        self.assertApiError(response, 429, "rate_limited", "several complaints today")
        self.assertEqual(self._tickets(), before)
        # An order system files for many customers: not a consumer's channel.
        self._create(raw=self.raw_erp, phone="13400134000")

    def test_intake_refusal_is_invalid_input(self):
        """A check of the intake that refuses (ValidationError, UserError) is
        the caller's input, not an outage."""
        with patch.object(
            self.registry["helpdesk.ticket"],
            "_complaint_intake_create",
            side_effect=ValidationError("The order reference is not valid."),
        ):
            response = self._api(
                "POST", "/complaints", self.raw_app, data=self._api_data()
            )
        self.assertApiError(response, 400, "invalid_input", "order reference")

    def test_erased_complaint_has_no_token(self):
        created = self._create()
        ticket = self._ticket(created["number"])
        ticket.sudo().access_token = False
        for token in (None, ""):
            with self.subTest(token=token):
                response = self._api(
                    "GET", f"/complaints/{created['number']}", self.raw_app, token
                )
                self.assertApiError(response, 404, "not_found")

    def test_merged_into_survivor(self):
        """The key follows the survivor of its merged complaint, with the
        survivor's token; the duplicate says where it went."""
        created = self._create()
        duplicate = self._ticket(created["number"])
        survivor = self.env["helpdesk.ticket"].create(
            {
                "name": "Same complaint by phone",
                "description": "<p>x</p>",
                "team_id": self.team.id,
                "category_id": self.category.id,
                "partner_id": duplicate.partner_id.id,
            }
        )
        # The survivor is the oldest of the two.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET create_date = create_date - "
                "interval '1 hour' WHERE id = %s",
                survivor.id,
            )
        )
        self.env.invalidate_all()
        path = f"/complaints/{survivor.number}"
        survivor_token = survivor._portal_ensure_token()
        self.assertApiError(
            self._api("GET", path, self.raw_app, survivor_token), 404, "not_found"
        )
        (survivor | duplicate).with_user(self.supervisor)._complaint_merge()
        self.assertEqual(duplicate.merged_into_id, survivor)
        response = self._api("GET", path, self.raw_app, survivor_token)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIsNone(response.json()["merged_into"])
        # Not with the duplicate's old token, nor for another integration.
        for raw, token in (
            (self.raw_app, created["token"]),
            (self.raw_erp, survivor_token),
        ):
            self.assertApiError(self._api("GET", path, raw, token), 404, "not_found")
        response = self._api(
            "GET",
            f"/complaints/{duplicate.number}",
            self.raw_app,
            duplicate.sudo().access_token,
        )
        self.assertEqual(response.json()["merged_into"], survivor.number)
        response = self._api(
            "GET", "/complaints?since=2000-01-01T00:00:00Z", self.raw_app
        )
        items = {item["number"]: item for item in response.json()["items"]}
        self.assertEqual(items[duplicate.number]["merged_into"], survivor.number)

    def test_portal_refused_over_json_rpc(self):
        """Portal users reach neither keys nor deliveries over JSON-RPC."""
        new_test_user(self.env, "cc_api_portal", groups="base.group_portal")
        self.authenticate("cc_api_portal", "cc_api_portal")
        for model in ("complaint.api.key", "complaint.api.delivery"):
            with self.subTest(model=model), mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException) as caught:
                    self.make_jsonrpc_request(
                        f"/web/dataset/call_kw/{model}/search_read",
                        {
                            "model": model,
                            "method": "search_read",
                            "args": [[]],
                            "kwargs": {"fields": ["id"]},
                        },
                    )
                self.assertEqual(
                    caught.exception.args[0], "odoo.exceptions.AccessError"
                )

    # Keys and scopes ------------------------------------------------------

    def test_wrong_expired_revoked_keys(self):
        expired, raw_expired = self._new_key("Expired (test)")
        expired.expiry_date = fields.Datetime.now() - timedelta(minutes=1)
        revoked, raw_revoked = self._new_key("Revoked (test)")
        revoked.with_user(self.manager).action_revoke()
        archived, raw_archived = self._new_key("Archived (test)")
        archived.active = False
        renewed, raw_old = self._new_key("Renewed (test)")
        renewed.with_user(self.manager).action_generate_key()
        cases = {
            "no key": None,
            "unknown key": "cck_" + "A" * 43,
            "not a key": "' OR 1=1 --",
            "expired": raw_expired,
            "revoked": raw_revoked,
            "archived": raw_archived,
            "replaced by a new one": raw_old,
        }
        before = self._tickets()
        for case, raw in cases.items():
            with self.subTest(case=case):
                response = self._api("POST", "/complaints", raw, data=self._api_data())
                self.assertApiError(response, 401, "unauthorized")
                response = self._api("GET", "/complaints/X", raw, "token")
                self.assertApiError(response, 401, "unauthorized")
        self.assertEqual(self._tickets(), before)

    def test_each_scope(self):
        created = self._create()
        number, token = created["number"], created["token"]
        calls = {
            "create": ("POST", "/complaints", {"data": self._api_data()}),
            "read": ("GET", f"/complaints/{number}", {}),
            "act": ("POST", f"/complaints/{number}/withdraw", {"data": {}}),
            "list": ("GET", "/complaints?since=2000-01-01T00:00:00Z", {}),
        }
        for scope, (method, path, kwargs) in calls.items():
            with self.subTest(scope=scope):
                values = {f"scope_{name}": name != scope for name in calls}
                self.key_app.write(values)
                response = self._api(method, path, self.raw_app, token, **kwargs)
                self.assertApiError(response, 403, "forbidden_scope")
                self.key_app.write({f"scope_{scope}": True})
                response = self._api(method, path, self.raw_app, token, **kwargs)
                self.assertLess(response.status_code, 300, response.text[:1000])
        self.assertEqual(self._ticket(number).complaint_state, "withdrawn")

    def test_another_integrations_complaint(self):
        created = self._create()
        number, token = created["number"], created["token"]
        ticket = self._ticket(number)
        for method, path in (
            ("GET", f"/complaints/{number}"),
            ("POST", f"/complaints/{number}/messages"),
            ("POST", f"/complaints/{number}/accept"),
            ("POST", f"/complaints/{number}/reject"),
            ("POST", f"/complaints/{number}/withdraw"),
        ):
            with self.subTest(path=path):
                response = self._api(
                    method, path, self.raw_erp, token, data={"message": "hi"}
                )
                self.assertApiError(response, 404, "not_found")
        response = self._api(
            "GET", "/complaints?since=2000-01-01T00:00:00Z", self.raw_erp
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertNotIn(number, [item["number"] for item in response.json()["items"]])
        # A complaint of another channel is nobody's through the API.
        web_number = self.env["helpdesk.ticket"].create(
            {
                "name": "Web complaint",
                "description": "<p>x</p>",
                "team_id": self.team.id,
                "category_id": self.category.id,
            }
        )
        response = self._api(
            "GET",
            f"/complaints/{web_number.number}",
            self.raw_app,
            web_number._portal_ensure_token(),
        )
        self.assertApiError(response, 404, "not_found")
        self.env.invalidate_all()
        self.assertEqual(ticket.complaint_state, "accepted")
        self.assertFalse(ticket.message_ids.filtered(lambda m: m.body == "<p>hi</p>"))

    def test_list_since(self):
        first = self._create()
        erp = self._create(raw=self.raw_erp, phone="13900139000")
        response = self._api(
            "GET", "/complaints?since=2000-01-01T00:00:00%2B08:00", self.raw_app
        )
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        numbers = [item["number"] for item in body["items"]]
        self.assertIn(first["number"], numbers)
        self.assertNotIn(erp["number"], numbers)
        self.assertTrue(body["next_since"])
        item = body["items"][numbers.index(first["number"])]
        self.assertEqual(item["order_ref"], "JD-2024-0001")
        self.assertEqual(item["status"]["code"], "accepted")
        later = fields.Datetime.now() + timedelta(days=1)
        response = self._api(
            "GET", f"/complaints?since={later.isoformat()}Z", self.raw_app
        )
        self.assertEqual(response.json()["items"], [])
        response = self._api(
            "GET", "/complaints?since=2000-01-01T00:00:00Z&limit=100000", self.raw_app
        )
        self.assertApiError(response, 422, "invalid_request")

    def test_list_pages_one_transaction(self):
        """More complaints changed in one transaction (one change moment)
        than a page holds: the cursor goes through them, each once."""
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .create(
                [
                    {
                        "name": f"Batch {index}",
                        "description": "<p>x</p>",
                        "team_id": self.team.id,
                        "category_id": self.category.id,
                        "api_key_id": self.key_erp.id,
                    }
                    for index in range(5)
                ]
            )
        )
        self.env.flush_all()
        self.assertEqual(len(set(tickets.mapped("write_date"))), 1)
        seen, query = [], "since=2000-01-01T00:00:00Z&limit=2"
        for _page in range(10):
            response = self._api("GET", f"/complaints?{query}", self.raw_erp)
            self.assertEqual(response.status_code, 200, response.text)
            body = response.json()
            if not body["items"]:
                self.assertIsNone(body["next_since"])
                break
            self.assertLessEqual(len(body["items"]), 2)
            seen += [item["number"] for item in body["items"]]
            query = (
                f"since={body['next_since'].replace('+', '%2B')}"
                f"&after_id={body['next_after_id']}&limit=2"
            )
        else:
            self.fail("The pages did not end.")
        self.assertEqual(sorted(seen), sorted(tickets.mapped("number")))

    # What the customer does -----------------------------------------------

    def test_messages(self):
        created = self._create()
        number, token = created["number"], created["token"]
        ticket = self._ticket(number)
        path = f"/complaints/{number}/messages"
        response = self._api(
            "POST",
            path,
            self.raw_app,
            token,
            data={"message": "<b>Still waiting</b>"},
            files=[("attachments", ("more.png", PNG, "image/png"))],
        )
        self.assertEqual(response.status_code, 200, response.text)
        messages = response.json()["messages"]
        self.assertEqual(messages[0]["text"], "<b>Still waiting</b>")
        self.assertEqual(messages[0]["files"][0]["name"], "more.png")
        self.assertEqual(messages[0]["author"], ticket.partner_id.name)
        self.env.invalidate_all()
        message = ticket.message_ids.filtered(lambda m: "Still waiting" in m.body)
        self.assertEqual(message.author_id, ticket.partner_id)
        self.assertNotIn("<b>", message.body)
        refused = {
            "empty": ({"message": " \n "}, None, "Write a message or attach a file."),
            "too long": ({"message": "x" * 5001}, None, "too long"),
            "program": (
                {},
                [("attachments", ("x.pdf", b"MZ\x90\x00", "application/pdf"))],
                "x.pdf is not an accepted file",
            ),
        }
        for case, (data, files, message_text) in refused.items():
            with self.subTest(case=case):
                count = len(ticket.message_ids)
                response = self._api(
                    "POST", path, self.raw_app, token, data=data, files=files
                )
                self.assertApiError(response, 400, "invalid_input", message_text)
                self.env.invalidate_all()
                self.assertEqual(len(ticket.message_ids), count)

    def test_reject_and_withdraw(self):
        created = self._create()
        number, token = created["number"], created["token"]
        ticket = self._ticket(number)
        # Nothing to answer yet.
        for action in ("accept", "reject"):
            response = self._api(
                "POST",
                f"/complaints/{number}/{action}",
                self.raw_app,
                token,
                data={"reason": "no"},
            )
            self.assertApiError(response, 409, "refused", "no solution waiting")
        self._to_feedback(ticket)
        response = self._api(
            "POST", f"/complaints/{number}/reject", self.raw_app, token, data={}
        )
        self.assertApiError(response, 400, "invalid_input", "why the solution")
        response = self._api(
            "POST",
            f"/complaints/{number}/reject",
            self.raw_app,
            token,
            data={"reason": f"Not enough {SCRIPT}"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.env.invalidate_all()
        self.assertEqual(ticket.customer_response, "rejected")
        self.assertEqual(ticket.customer_response_reason, f"Not enough {SCRIPT}")
        for marker in RAW_MARKERS:
            self.assertNotIn(marker, response.text)
            for message in ticket.message_ids:
                self.assertNotIn(marker, message.body)
        self.assertNotEqual(ticket.complaint_state, "feedback")
        # Withdraw: the tracking token stops working, as on the portal.
        response = self._api(
            "POST",
            f"/complaints/{number}/withdraw",
            self.raw_app,
            token,
            data={"reason": "Sorted out in the shop"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["status"]["code"], "withdrawn")
        self.env.invalidate_all()
        self.assertEqual(ticket.complaint_state, "withdrawn")
        self.assertNotEqual(ticket.access_token, token)
        response = self._api("GET", f"/complaints/{number}", self.raw_app, token)
        self.assertApiError(response, 404, "not_found")
        response = self._api(
            "POST",
            f"/complaints/{number}/withdraw",
            self.raw_app,
            ticket.access_token,
        )
        self.assertApiError(response, 409, "refused", "can no longer be withdrawn")
        response = self._api(
            "POST",
            f"/complaints/{number}/messages",
            self.raw_app,
            ticket.access_token,
            data={"message": "hello?"},
        )
        self.assertApiError(response, 409, "refused", "This complaint is closed")

    def _to_feedback(self, ticket):
        """The desk handles the complaint in the back office, as a handler."""
        ticket = ticket.with_user(self.handler)
        ticket.action_complaint_investigate()
        ticket.action_complaint_propose()
        ticket.solution = "<p>Full refund of 129.90 and a new box.</p>"
        ticket.action_complaint_submit()
        if ticket.complaint_state == "review":
            ticket.with_user(self.supervisor).action_complaint_approve()
        self.assertEqual(ticket.complaint_state, "feedback")

    def test_round_trip_with_webhook(self):
        self.key_app.webhook_url = "https://hooks.example.com/complaints"
        secret = self.key_app.webhook_secret
        created = self._create()
        number, token = created["number"], created["token"]
        ticket = self._ticket(number)
        self._to_feedback(ticket)
        response = self._api("GET", f"/complaints/{number}", self.raw_app, token)
        self.assertEqual(response.status_code, 200, response.text)
        detail = response.json()
        self.assertEqual(detail["status"]["code"], "feedback")
        self.assertEqual(detail["status"]["label"], "Waiting for your answer")
        self.assertTrue(detail["can_answer"])
        self.assertIn("Full refund", detail["solution"])
        response = self._api(
            "GET", f"/complaints/{number}", self.raw_app, token, lang="zh-CN"
        )
        self.assertEqual(response.json()["status"]["label"], "等待您的答复")
        self.assertTrue(any("solution" in t["title"] for t in detail["timeline"]))
        response = self._api(
            "POST", f"/complaints/{number}/accept", self.raw_app, token
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["status"]["code"], "execution")
        self.env.invalidate_all()
        self.assertEqual(ticket.customer_response, "accepted")
        self.assertEqual(ticket.complaint_state, "execution")
        # Each status change was queued for the webhook, and is sent signed.
        deliveries = self.env["complaint.api.delivery"].search(
            [("ticket_id", "=", ticket.id)], order="id"
        )
        codes = [json.loads(d.payload)["status"]["code"] for d in deliveries]
        self.assertEqual(codes[-1], "execution")
        self.assertIn("feedback", codes)
        self.assertNotIn("review", codes)
        with (
            patch(f"{DELIVERY}.post_pinned") as post,
            patch(
                f"{DELIVERY}.socket.getaddrinfo",
                return_value=[(2, 1, 6, "", ("93.184.216.34", 443))],
            ),
        ):
            post.return_value.status_code = 204
            self.env["complaint.api.delivery"]._cron_send()
        self.assertEqual(set(deliveries.mapped("state")), {"sent"})
        self.assertEqual(post.call_count, len(deliveries))
        body = post.call_args.kwargs["data"]
        signature = post.call_args.kwargs["headers"]["X-Complaint-Signature"]
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        self.assertEqual(signature, f"sha256={expected}")
        payload = json.loads(body)
        self.assertEqual(payload["number"], number)
        self.assertNotIn("13800138000", body.decode())

    # Hostile input ----------------------------------------------------------

    def test_hostile_input(self):
        """The web form's hostile table, through the API: the same checks
        refuse the same values with the same messages, and what is
        registered is stored inert."""
        for case, values, files, expected in PUBLIC_CASES:
            if WEB_ONLY_FIELDS & set(values):
                continue
            expected = API_EXPECTED.get(case, expected)
            with self.subTest(case=case):
                before = self._tickets()
                data = self._api_data(**values)
                upload = [
                    ("attachments", (name, content, mimetype))
                    for name, content, mimetype in files or []
                ]
                response = self._api(
                    "POST", "/complaints", self.raw_app, data=data, files=upload or None
                )
                self.assertLess(response.status_code, 500, response.text[:500])
                for marker in RAW_MARKERS:
                    self.assertNotIn(marker, response.text)
                if expected == "ok":
                    self.assertEqual(response.status_code, 201, response.text[:1000])
                    ticket = self._tickets() - before
                    self.assertEqual(len(ticket), 1)
                    for marker in RAW_MARKERS:
                        self.assertNotIn(marker, ticket.description or "")
                    detail = self._api(
                        "GET",
                        f"/complaints/{ticket.number}",
                        self.raw_app,
                        response.json()["token"],
                    )
                    self.assertEqual(detail.status_code, 200)
                    continue
                _status, message = expected
                self.assertEqual(self._tickets(), before, "nothing left behind")
                self.assertEqual(response.status_code, 400, response.text[:1000])
                detail = response.json()["detail"]
                if detail["code"] == "invalid_input":
                    self.assertIn(message, detail["message"])
                else:
                    # Too large for the multipart parser: refused before
                    # the checks read it.
                    self.assertEqual(detail["code"], "invalid_request", case)

    # Documentation -----------------------------------------------------------

    def test_openapi_documentation(self):
        response = self._api("GET", "/openapi.json")
        self.assertEqual(response.status_code, 200, response.text[:500])
        spec = response.json()
        for path in (
            "/complaints",
            "/complaints/{number}",
            "/complaints/{number}/messages",
            "/complaints/{number}/accept",
            "/complaints/{number}/reject",
            "/complaints/{number}/withdraw",
        ):
            self.assertIn(path, spec["paths"])
        self.assertIn("X-API-Key", json.dumps(spec["components"]["securitySchemes"]))
        response = self._api("GET", "/docs")
        self.assertEqual(response.status_code, 200)
        self.assertIn("swagger", response.text.lower())
