# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each role against each HTTP route of consumer_complaint.

ROUTES below is the access matrix: one row per route, one expected outcome
per role. The same table is published in docs/ACCESS_MATRIX.md; the test
checks that the document shows exactly this table.
"""

import contextlib
import json
import os
import re

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .test_public_form import PNG, ComplaintIntakeHttpCase

ROLES = (
    ("public", "Public visitor"),
    ("portal_a", "Portal customer A (owner)"),
    ("portal_b", "Portal customer B"),
    ("receptionist", "Receptionist"),
    ("handler_x", "Handler, team X"),
    ("handler_y", "Handler, team Y"),
    ("supervisor", "Supervisor"),
    ("analyst", "Analyst"),
    ("compliance", "Compliance manager"),
)

# Outcomes: an HTTP status of the final answer (GET requests follow
# redirects, POST requests do not: 303 is a done action), "login" when sent to
# the login page; JSON-RPC calls answer "ok", "denied" (AccessError),
# "refused" (UserError) or "login" (no session).
OUTCOMES = {
    "200": "page shown",
    "303": "done, redirected to the result",
    "400": "refused with a message on the page",
    "403": "forbidden",
    "404": "not found (existence not disclosed)",
    "login": "sent to the login page",
    "ok": "JSON-RPC call succeeds",
    "denied": "JSON-RPC AccessError",
    "refused": "JSON-RPC UserError (append-only log)",
}

# (key, route as documented, expected outcome of each role in ROLES order)
# A = customer A's complaint (team X, waiting for the customer's answer),
# att = one of its files, event = one of its event log entries.
ROUTES = [
    ("form_get", "GET /complaint/new", "200 200 200 200 200 200 200 200 200"),
    ("form_post", "POST /complaint/new", "303 303 303 303 303 303 303 303 303"),
    (
        "portal_form_get",
        "GET /my/complaints/new",
        "login 200 200 200 200 200 200 200 200",
    ),
    ("list", "GET /my/complaints", "login 200 200 200 200 200 200 200 200"),
    ("detail", "GET /my/complaints/A", "login 200 403 403 200 403 200 200 200"),
    (
        "detail_token",
        "GET /my/complaints/A?access_token=…",
        "200 200 200 200 200 200 200 200 200",
    ),
    (
        "detail_bad_token",
        "GET /my/complaints/A?access_token=forged",
        "403 200 403 403 200 403 200 200 200",
    ),
    ("thanks", "GET /complaint/thanks/A", "403 200 403 403 200 403 200 200 200"),
    (
        "thanks_token",
        "GET /complaint/thanks/A?access_token=…",
        "200 200 200 200 200 200 200 200 200",
    ),
    (
        "attachment",
        "GET /my/complaints/A/attachment/att",
        "403 200 403 403 200 403 200 200 200",
    ),
    (
        "attachment_token",
        "GET /my/complaints/A/attachment/att?access_token=…",
        "200 200 200 200 200 200 200 200 200",
    ),
    ("content", "GET /web/content/att", "404 404 404 404 200 404 200 200 200"),
    (
        "content_token",
        "GET /web/content/att?access_token=…",
        "200 200 200 200 200 200 200 200 200",
    ),
    (
        "poster",
        "GET /report/html/consumer_complaint.complaint_store_poster/store",
        "login 403 403 200 200 200 200 200 200",
    ),
    (
        "message",
        "POST /my/complaints/A/message",
        "403 303 403 403 303 403 303 403 303",
    ),
    (
        "message_token",
        "POST /my/complaints/A/message with access_token",
        "303 303 303 403 303 403 303 403 303",
    ),
    ("accept", "POST /my/complaints/A/accept", "403 303 403 403 303 403 303 403 303"),
    (
        "accept_token",
        "POST /my/complaints/A/accept with access_token",
        "303 303 303 403 303 403 303 403 303",
    ),
    ("reject", "POST /my/complaints/A/reject", "403 303 403 403 303 403 303 403 303"),
    (
        "withdraw",
        "POST /my/complaints/A/withdraw",
        "403 303 403 403 303 403 303 403 303",
    ),
    (
        "close",
        "GET /ticket/close?ticket_id=A&stage_id=done",
        "login 403 403 403 403 403 403 403 403",
    ),
    (
        "rpc_ticket_read",
        "JSON-RPC helpdesk.ticket read A",
        "login ok denied denied ok denied ok ok ok",
    ),
    (
        "rpc_ticket_write",
        "JSON-RPC helpdesk.ticket write A",
        "login denied denied denied ok denied ok denied ok",
    ),
    (
        "rpc_ticket_unlink",
        "JSON-RPC helpdesk.ticket unlink A",
        "login denied denied denied denied denied denied denied denied",
    ),
    (
        "rpc_event_read",
        "JSON-RPC complaint.event read event",
        "login denied denied denied denied denied ok ok ok",
    ),
    (
        "rpc_event_write",
        "JSON-RPC complaint.event write event",
        "login refused refused refused refused refused refused refused refused",
    ),
    (
        "rpc_event_unlink",
        "JSON-RPC complaint.event unlink event",
        "login refused refused refused refused refused refused refused refused",
    ),
]

# Routes of the other addons: (route, where it is tested or "not yet covered").
OTHER_ROUTES = [
    (
        "complaint_survey: GET /survey/start/<survey>?answer_token=… "
        "(satisfaction survey of a complaint)",
        "complaint_survey/tests/test_survey_portal.py (owner, other customer, "
        "phone agent, other agent)",
    ),
    (
        "complaint_reports: GET /report/xlsx|pdf/… (monthly health report)",
        "complaint_reports/tests/test_health_report_http.py (analyst and manager "
        "download; handler and portal 403; guest sent to login)",
    ),
]

MATRIX_BEGIN = (
    "<!-- access-matrix:begin (generated from tests/test_hardening_routes.py) -->"
)
MATRIX_END = "<!-- access-matrix:end -->"


def matrix_markdown():
    """The access matrix as the Markdown table of docs/ACCESS_MATRIX.md."""
    header = "| Route | " + " | ".join(label for _key, label in ROLES) + " |"
    rule = "|---|" + "---|" * len(ROLES)
    rows = [
        f"| `{route}` | " + " | ".join(expected.split()) + " |"
        for _key, route, expected in ROUTES
    ]
    legend = [f"- `{code}`: {meaning}" for code, meaning in OUTCOMES.items()]
    others = ["| Route | Test |", "|---|---|"] + [
        f"| {route} | {where} |" for route, where in OTHER_ROUTES
    ]
    return "\n".join(
        [MATRIX_BEGIN, header, rule, *rows, "", *legend, "", *others, MATRIX_END]
    )


class _Rollback(Exception):
    """Undoes what a cell of the matrix changed."""


@tagged("post_install", "-at_install")
class TestHardeningRoutes(ComplaintIntakeHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "consumer_complaint.group_complaint_{}".format
        compliance = cls.env.ref(
            "complaint_compliance.group_compliance_manager", raise_if_not_found=False
        )

        def user(login, group):
            return new_test_user(
                cls.env, login, groups=group, name=login, email=f"{login}@example.com"
            )

        cls.handler_y = user("cc_route_handler_y", groups("handler"))
        cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Team Y (routes)",
                "is_complaint_team": True,
                "user_ids": [(6, 0, cls.handler_y.ids)],
            }
        )
        # Without complaint_compliance installed the compliance manager has
        # what the group implies: the supervisor's rights.
        cls.users = {
            "portal_a": cls.portal_user,
            "portal_b": cls.portal_user2,
            "receptionist": user("cc_route_reception", groups("receptionist")),
            "handler_x": cls.handler,
            "handler_y": cls.handler_y,
            "supervisor": user("cc_route_supervisor", groups("supervisor")),
            "analyst": user("cc_route_analyst", groups("analyst")),
            "compliance": user(
                "cc_route_compliance",
                "complaint_compliance.group_compliance_manager"
                if compliance
                else groups("supervisor"),
            ),
        }
        cls.complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Sour dumplings (routes)",
                "description": "<p>The dumplings smell sour.</p>",
                "team_id": cls.team.id,
                "category_id": cls.category.id,
                "partner_id": cls.portal_user.partner_id.id,
                "severity_id": cls.env.ref("consumer_complaint.severity_normal").id,
            }
        )
        cls.complaint.solution = "<p>Full refund.</p>"
        cls.complaint._complaint_move_to("investigating")
        cls.complaint._complaint_move_to("solution")
        cls.complaint.action_complaint_submit()
        cls.token = cls.complaint._portal_ensure_token()
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "evidence.png",
                "raw": PNG,
                "res_model": "helpdesk.ticket",
                "res_id": cls.complaint.id,
            }
        )
        cls.attachment_token = cls.attachment.generate_access_token()[0]
        cls.event = cls.complaint.event_ids[:1]
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    def url_open(self, url, *args, **kwargs):
        # The session's language decides: no language redirects on the way.
        return super(ComplaintIntakeHttpCase, self).url_open(url, *args, **kwargs)

    # Cells ---------------------------------------------------------------

    def _http(self, method, url, data=None):
        if method == "GET":
            response = self.url_open(url)
            self.assertLess(response.status_code, 500, url)
            if "/web/login" in response.url and "/web/login" not in url:
                return "login"
            return str(response.status_code)
        response = self.url_open(url, data=data, allow_redirects=False)
        self.assertLess(response.status_code, 500, url)
        if "/web/login" in response.headers.get("Location", ""):
            return "login"
        return str(response.status_code)

    def _rpc(self, model, method, args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": {}},
        }
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertLess(response.status_code, 500)
        body = response.json()
        if "result" in body:
            return "ok"
        name = body["error"]["data"]["name"]
        return {
            "odoo.http.SessionExpiredException": "login",
            "odoo.exceptions.AccessError": "denied",
            "odoo.exceptions.UserError": "refused",
        }.get(name, name)

    def _cell(self, key, csrf):
        ticket, att = self.complaint, self.attachment
        page = f"/my/complaints/{ticket.id}"
        token = self.token
        form = self._form_data(csrf=csrf)
        posted = {"csrf_token": csrf}
        cells = {
            "form_get": lambda: self._http("GET", "/complaint/new"),
            "form_post": lambda: self._http("POST", "/complaint/new", form),
            "portal_form_get": lambda: self._http("GET", "/my/complaints/new"),
            "list": lambda: self._http("GET", "/my/complaints"),
            "detail": lambda: self._http("GET", page),
            "detail_token": lambda: self._http("GET", f"{page}?access_token={token}"),
            "detail_bad_token": lambda: self._http(
                "GET", f"{page}?access_token=forged"
            ),
            "thanks": lambda: self._http("GET", f"/complaint/thanks/{ticket.id}"),
            "thanks_token": lambda: self._http(
                "GET", f"/complaint/thanks/{ticket.id}?access_token={token}"
            ),
            "attachment": lambda: self._http("GET", f"{page}/attachment/{att.id}"),
            "attachment_token": lambda: self._http(
                "GET", f"{page}/attachment/{att.id}?access_token={token}"
            ),
            "content": lambda: self._http("GET", f"/web/content/{att.id}"),
            "content_token": lambda: self._http(
                "GET",
                f"/web/content/{att.id}?access_token={self.attachment_token}",
            ),
            "poster": lambda: self._http(
                "GET",
                "/report/html/consumer_complaint.complaint_store_poster/"
                f"{self.store.id}",
            ),
            "message": lambda: self._http(
                "POST", f"{page}/message", dict(posted, message="Matrix")
            ),
            "message_token": lambda: self._http(
                "POST",
                f"{page}/message",
                dict(posted, message="Matrix", access_token=token),
            ),
            "accept": lambda: self._http("POST", f"{page}/accept", posted),
            "accept_token": lambda: self._http(
                "POST", f"{page}/accept", dict(posted, access_token=token)
            ),
            "reject": lambda: self._http(
                "POST", f"{page}/reject", dict(posted, reason="Not enough")
            ),
            "withdraw": lambda: self._http("POST", f"{page}/withdraw", posted),
            "close": lambda: self._http(
                "GET", f"/ticket/close?ticket_id={ticket.id}&stage_id={self.done.id}"
            ),
            "rpc_ticket_read": lambda: self._rpc(
                "helpdesk.ticket", "read", [ticket.ids, ["name"]]
            ),
            "rpc_ticket_write": lambda: self._rpc(
                "helpdesk.ticket", "write", [ticket.ids, {"name": "Matrix"}]
            ),
            "rpc_ticket_unlink": lambda: self._rpc(
                "helpdesk.ticket", "unlink", [ticket.ids]
            ),
            "rpc_event_read": lambda: self._rpc(
                "complaint.event", "read", [self.event.ids, ["summary"]]
            ),
            "rpc_event_write": lambda: self._rpc(
                "complaint.event", "write", [self.event.ids, {"summary": "Matrix"}]
            ),
            "rpc_event_unlink": lambda: self._rpc(
                "complaint.event", "unlink", [self.event.ids]
            ),
        }
        self.assertEqual(set(cells), {key for key, _route, _expected in ROUTES})
        outcome = None
        with contextlib.suppress(_Rollback), self.env.cr.savepoint():
            outcome = cells[key]()
            raise _Rollback()
        self.env.invalidate_all()
        return outcome

    # Tests ---------------------------------------------------------------

    def test_access_matrix(self):
        for index, (role, _label) in enumerate(ROLES):
            user = self.users.get(role)
            self.authenticate(
                user.login if user else None, user.login if user else None
            )
            csrf = self._csrf()
            # Refusals are logged by odoo.http (AccessError, UserError).
            with mute_logger("odoo.http"):
                for key, route, expected in ROUTES:
                    with self.subTest(role=role, route=route):
                        self.assertEqual(self._cell(key, csrf), expected.split()[index])

    def test_matrix_document_is_up_to_date(self):
        path = os.path.join(
            os.path.dirname(__file__), "..", "..", "docs", "ACCESS_MATRIX.md"
        )
        # The document lives in the repository, not in the installed addon.
        if os.path.exists(path):
            with open(path, encoding="utf-8") as document:
                text = document.read()
            found = re.search(
                re.escape(MATRIX_BEGIN) + ".*?" + re.escape(MATRIX_END),
                text,
                re.DOTALL,
            )
            self.assertTrue(found, "docs/ACCESS_MATRIX.md has no matrix block")
            self.assertEqual(
                found.group(0),
                matrix_markdown(),
                "docs/ACCESS_MATRIX.md differs from ROUTES: paste matrix_markdown()",
            )
        self.assertEqual(len(ROUTES[0][2].split()), len(ROLES))
        for _key, route, expected in ROUTES:
            self.assertEqual(len(expected.split()), len(ROLES), route)
            self.assertLessEqual(set(expected.split()), set(OUTCOMES), route)
