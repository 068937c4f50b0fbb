# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Masked personal data stays masked on every JSON-RPC way out.

A handler without the personal-data role calls what any session can call
(/web/dataset/call_kw): grouping, searching, counting, exporting, onchange,
copy_data, partner reads; none of them gives a full phone number or e-mail,
nor a way to infer hidden digits. The follow-up agent's click-to-call
reveals the number (logged). Only supervisors and compliance managers run
the verification of the event log.
"""

import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import CountedSubTests

PHONE = "13987654321"
MOBILE = "13911112222"
EMAIL = "lina.secret@example.com"
ID_NUMBER = "110101199003071234"
ADDRESS = "上海市徐汇区漕溪北路88号"
STREET = "漕溪北路88号"
CC_EMAIL = "cc.person@example.com"
PORTAL_EMAIL = "wang.portal@example.com"
PORTAL_PHONE = "13855556666"
ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"


@tagged("post_install", "-at_install")
class TestMaskingSurfaces(CountedSubTests, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "consumer_complaint.group_complaint_{}".format

        def user(login, group):
            return new_test_user(
                cls.env, login, groups=group, name=login, email=f"{login}@example.com"
            )

        cls.handler = user("cc_mask_handler", groups("handler"))
        cls.handler.groups_id += cls.env.ref("base.group_allow_export")
        cls.supervisor = user("cc_mask_supervisor", groups("supervisor"))
        cls.agent = user("cc_mask_agent", groups("followup"))
        cls.analyst = user("cc_mask_analyst", groups("analyst"))
        cls.portal = user("cc_mask_portal", "base.group_portal")
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Masking (test)",
                "is_complaint_team": True,
                "user_id": cls.supervisor.id,
                "user_ids": [(6, 0, cls.handler.ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Li Na (mask)",
                "email": EMAIL,
                "phone": PHONE,
                "mobile": MOBILE,
                "street": STREET,
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Sour dumplings (mask)",
                "description": "<p>Sour.</p>",
                "team_id": cls.team.id,
                "partner_id": cls.customer.id,
                "partner_phone": PHONE,
                "partner_email": EMAIL,
                "id_number": ID_NUMBER,
                "contact_address": ADDRESS,
                "severity_id": cls.env.ref("consumer_complaint.severity_normal").id,
            }
        )
        stage = cls.env["helpdesk.ticket.stage"]._complaint_stage("followup")
        cls.ticket.with_context(complaint_skip_checks=True).write(
            {"stage_id": stage.id}
        )
        cls.ticket._complaint_log(
            "customer",
            "Customer rejected the solution",
            {"reason": f"电话{PHONE}，邮件 {EMAIL}"},
        )
        cls.ticket.message_subscribe(partner_ids=cls.customer.ids)
        cls.ticket.email_cc = CC_EMAIL
        # A complainant with a portal account: its login is its e-mail.
        cls.portal_customer = new_test_user(
            cls.env,
            PORTAL_EMAIL,
            groups="base.group_portal",
            name="Wang Portal (mask)",
            email=PORTAL_EMAIL,
        )
        cls.portal_customer.partner_id.phone = PORTAL_PHONE

    # Helpers -------------------------------------------------------------

    def _call(self, model, method, *args, **kwargs):
        """(result, None) or (None, name of the exception) of a JSON-RPC call."""
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
        if "error" in body:
            return None, body["error"]["data"]["name"]
        return body["result"], None

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _assert_refused(self, model, method, *args, error=ACCESS_ERROR, **kwargs):
        result, name = self._call(model, method, *args, **kwargs)
        self.assertEqual(name, error, f"{model}.{method}{args} answered {result}")

    def _assert_no_clear_data(self, value):
        text = json.dumps(value, ensure_ascii=False)
        secrets = (PHONE, MOBILE, EMAIL, ID_NUMBER, STREET, "lina.secret")
        secrets += (CC_EMAIL, PORTAL_EMAIL, PORTAL_PHONE)
        for secret in secrets:
            self.assertNotIn(secret, text)

    def _events(self):
        return self.env["complaint.event"].search([("ticket_id", "=", self.ticket.id)])

    # Tests ---------------------------------------------------------------

    def test_masked_fields_are_exposed(self):
        self.assertEqual(
            self.env["helpdesk.ticket"]._complaint_masked_fields(),
            {"partner_phone", "partner_email", "id_number", "contact_address"}
            | {"email_cc"},
        )
        contact = {"email", "phone", "mobile", "street", "street2", "email_formatted"}
        self.assertLessEqual(
            contact, self.env["res.partner"]._complaint_masked_fields()
        )
        self.assertLessEqual(
            contact | {"login"}, self.env["res.users"]._complaint_masked_fields()
        )

    def test_grouping_by_masked_fields_is_refused(self):
        self._login(self.handler)
        calls = {
            "read_group by phone": (
                "read_group",
                [],
                ["partner_phone"],
                ["partner_phone"],
            ),
            "read_group by e-mail": (
                "read_group",
                [],
                ["partner_email"],
                ["partner_email"],
            ),
            "web_read_group by phone": (
                "web_read_group",
                [],
                ["partner_phone"],
                ["partner_phone"],
            ),
            "aggregate of phones": (
                "read_group",
                [],
                ["partner_phone:array_agg"],
                ["team_id"],
            ),
            "count of distinct e-mails": (
                "read_group",
                [],
                ["partner_email:count_distinct"],
                ["team_id"],
            ),
        }
        for label, (method, *args) in calls.items():
            with self.subTest(label):
                self._assert_refused("helpdesk.ticket", method, *args)
        with self.subTest("grouping by customer still works"):
            groups, error = self._call(
                "helpdesk.ticket",
                "web_read_group",
                [("id", "=", self.ticket.id)],
                ["partner_id"],
                ["partner_id"],
            )
            self.assertFalse(error)
            self.assertEqual(groups["length"], 1)
            self._assert_no_clear_data(groups)

    def test_searching_by_masked_fields_is_refused(self):
        self._login(self.handler)
        mine = [("id", "=", self.ticket.id)]
        for label, method, domain, kwargs in (
            ("=like prefix", "search", [("partner_phone", "=like", "139%")], {}),
            ("exact number", "search", [("partner_phone", "=", PHONE)], {}),
            ("count", "search_count", [("partner_phone", "like", "8765")], {}),
            ("e-mail", "search_read", [("partner_email", "ilike", "lina")], {}),
            ("ID number", "search", [("id_number", "=like", "1101%")], {}),
            ("negated", "search", ["!", ("partner_phone", "=like", "139%")], {}),
            ("sorted", "search", mine, {"order": "partner_phone"}),
            (
                "through a relation",
                "search",
                [("repeat_of_id.partner_phone", "=like", "139%")],
                {},
            ),
            (
                "web_search_read",
                "web_search_read",
                [("partner_phone", "=like", "139%")],
                {"specification": {"name": {}}},
            ),
        ):
            with self.subTest(label):
                self._assert_refused("helpdesk.ticket", method, domain, **kwargs)
        with self.subTest("'is set' reveals nothing and is allowed"):
            ids, error = self._call(
                "helpdesk.ticket", "search", mine + [("partner_phone", "!=", False)]
            )
            self.assertFalse(error)
            self.assertEqual(ids, self.ticket.ids)
        with self.subTest("the partner's phone matches no customer"):
            ids, error = self._call(
                "helpdesk.ticket",
                "search",
                mine + [("partner_id.phone", "=like", "139%")],
            )
            self.assertFalse(error)
            self.assertEqual(ids, [])

    def test_reads_exports_and_copies_are_masked(self):
        self._login(self.handler)
        fnames = ["partner_phone", "partner_email", "id_number", "contact_address"]
        for label, method, args, kwargs in (
            ("read", "read", [self.ticket.ids, fnames], {}),
            (
                "web_read",
                "web_read",
                [self.ticket.ids],
                {
                    "specification": {
                        **dict.fromkeys(fnames, {}),
                        "partner_id": {
                            "fields": {
                                "email": {},
                                "phone": {},
                                "mobile": {},
                                "street": {},
                                "email_formatted": {},
                            }
                        },
                    }
                },
            ),
            (
                "search_read",
                "search_read",
                [[("id", "=", self.ticket.id)], fnames],
                {},
            ),
            (
                "export",
                "export_data",
                [
                    self.ticket.ids,
                    [
                        *fnames,
                        "partner_id/email",
                        "partner_id/phone",
                        "partner_id/street",
                    ],
                ],
                {},
            ),
            ("copy_data", "copy_data", [self.ticket.ids], {}),
            (
                "display name with e-mail",
                "web_read",
                [self.ticket.ids],
                {
                    "specification": {"partner_id": {}},
                    "context": {"show_email": True, "show_address": True},
                },
            ),
        ):
            with self.subTest(label):
                result, error = self._call("helpdesk.ticket", method, *args, **kwargs)
                self.assertFalse(error)
                self._assert_no_clear_data(result)
        result, _error = self._call("helpdesk.ticket", "read", self.ticket.ids, fnames)
        self.assertEqual(result[0]["partner_phone"], "139****4321")

    def test_onchange_masks_and_save_keeps_real_value(self):
        self._login(self.handler)
        spec = {"partner_id": {}, "partner_email": {}, "name": {}}
        result, error = self._call(
            "helpdesk.ticket",
            "onchange",
            [],
            {"partner_id": self.customer.id, "partner_email": "", "name": "x"},
            ["partner_id"],
            spec,
        )
        self.assertFalse(error)
        shown = result["value"]["partner_email"]
        self.assertEqual(shown, "l***@example.com")
        # The form saves what it shows: the real address is stored.
        ticket = self.ticket.with_user(self.handler)
        ticket.write({"partner_id": self.customer.id, "partner_email": shown})
        self.assertEqual(self.ticket.partner_email, EMAIL)
        ticket.write({"partner_phone": "139****4321", "name": "Renamed"})
        self.assertEqual(self.ticket.partner_phone, PHONE)

    def test_partner_of_a_complaint_is_masked(self):
        self._login(self.handler)
        fnames = ["email", "phone", "mobile", "street", "email_formatted"]
        result, error = self._call("res.partner", "read", self.customer.ids, fnames)
        self.assertFalse(error)
        self._assert_no_clear_data(result)
        self.assertEqual(result[0]["phone"], "139****4321")
        with self.subTest("search_read"):
            result, error = self._call(
                "res.partner", "search_read", [("id", "=", self.customer.id)], fnames
            )
            self.assertFalse(error)
            self._assert_no_clear_data(result)
        with self.subTest("a colleague's contact data stays readable"):
            result, _error = self._call(
                "res.partner", "read", self.supervisor.partner_id.ids, ["email"]
            )
            self.assertEqual(result[0]["email"], self.supervisor.email)
        for label, domain in (
            ("phone prefix", [("phone", "=like", "139%")]),
            ("mobile", [("mobile", "=", MOBILE)]),
            ("e-mail pattern", [("email", "ilike", "lina.secret")]),
            ("street", [("street", "ilike", "漕溪")]),
            ("display name", [("display_name", "ilike", "lina.secret")]),
        ):
            with self.subTest(label):
                ids, error = self._call(
                    "res.partner",
                    "search",
                    domain + [("id", "=", self.customer.id)],
                )
                self.assertFalse(error)
                self.assertEqual(ids, [], "a pattern tells nothing about a customer")
        with self.subTest("name search shows no address"):
            result, error = self._call(
                "res.partner",
                "name_search",
                "Li Na (mask)",
                context={"show_email": True, "show_address": True},
            )
            self.assertFalse(error)
            self.assertEqual([row[0] for row in result], self.customer.ids)
            self._assert_no_clear_data(result)
        with self.subTest("grouping by phone"):
            self._assert_refused("res.partner", "read_group", [], ["phone"], ["phone"])
        with self.subTest("copy_data and export"):
            result, _error = self._call("res.partner", "copy_data", self.customer.ids)
            self._assert_no_clear_data(result)
            result, _error = self._call(
                "res.partner", "export_data", self.customer.ids, fnames
            )
            self._assert_no_clear_data(result)
        with self.subTest("the personal-data role sees everything"):
            self.handler.groups_id += self.env.ref(
                "consumer_complaint.group_complaint_personal_data"
            )
            result, _error = self._call(
                "res.partner", "read", self.customer.ids, fnames
            )
            self.assertEqual(result[0]["phone"], PHONE)
            self.assertEqual(result[0]["email"], EMAIL)

    def test_portal_accounts_and_followers_are_masked(self):
        self._login(self.handler)
        users = [("id", "=", self.portal_customer.id)]
        result, error = self._call(
            "res.users", "search_read", users, ["login", "email", "phone"]
        )
        self.assertFalse(error)
        self.assertEqual(len(result), 1)
        self._assert_no_clear_data(result)
        for label, domain in (
            ("login pattern", [("login", "=like", "wang%")]),
            ("e-mail pattern", [("email", "ilike", "wang.portal")]),
            ("phone", [("phone", "=", PORTAL_PHONE)]),
        ):
            with self.subTest(label):
                ids, error = self._call("res.users", "search", users + domain)
                self.assertFalse(error)
                self.assertEqual(ids, [])
        with self.subTest("grouping users by e-mail"):
            self._assert_refused("res.users", "read_group", [], ["email"], ["email"])
        followers = [
            ("res_model", "=", "helpdesk.ticket"),
            ("res_id", "=", self.ticket.id),
        ]
        with self.subTest("follower e-mails"):
            result, error = self._call(
                "mail.followers", "search_read", followers, ["email", "name"]
            )
            self.assertFalse(error)
            self.assertIn("Li Na (mask)", json.dumps(result))
            self._assert_no_clear_data(result)
            self._assert_refused(
                "mail.followers", "read_group", [], ["email"], ["email"]
            )
        with self.subTest("chatter: followers and suggested recipients"):
            response = self.url_open(
                "/mail/thread/data",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "thread_model": "helpdesk.ticket",
                            "thread_id": self.ticket.id,
                            "request_list": ["followers", "suggestedRecipients"],
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
            self.assertEqual(response.status_code, 200)
            body = response.json()
            self.assertNotIn("error", body)
            self.assertIn("Li Na (mask)", response.text)
            self._assert_no_clear_data(body)

    def test_event_payloads_hold_no_contact_data(self):
        stored = self.env.execute_query(
            SQL(
                "SELECT payload FROM complaint_event WHERE ticket_id = %s",
                self.ticket.id,
            )
        )
        self._assert_no_clear_data([row[0] for row in stored])
        # An entry written before payloads were scrubbed.
        self.env.cr.execute(
            SQL(
                "INSERT INTO complaint_event (ticket_id, event_type, summary,"
                " payload, user_id, date, company_id)"
                " VALUES (%s, 'other', 'legacy', %s, %s, now(), %s)",
                self.ticket.id,
                json.dumps({"note": f"call {PHONE}"}),
                self.env.uid,
                self.ticket.company_id.id,
            )
        )
        self._login(self.supervisor)
        result, error = self._call(
            "complaint.event",
            "search_read",
            [("ticket_id", "=", self.ticket.id)],
            ["payload", "summary"],
        )
        self.assertFalse(error)
        self.assertIn("139****4321", json.dumps(result))
        self._assert_no_clear_data(result)
        self._assert_refused(
            "complaint.event", "search", [("payload", "ilike", "1398765")]
        )
        self._assert_refused(
            "complaint.event", "read_group", [], ["payload"], ["payload"]
        )

    def test_followup_agent_calls_and_the_reveal_is_logged(self):
        self._login(self.agent)
        form = self.env.ref("consumer_complaint.helpdesk_ticket_view_form_complaint")
        views, _error = self._call("helpdesk.ticket", "get_views", [[form.id, "form"]])
        self.assertIn('name="action_complaint_call"', views["views"]["form"]["arch"])
        result, _error = self._call(
            "helpdesk.ticket", "read", self.ticket.ids, ["partner_phone"]
        )
        self.assertEqual(result[0]["partner_phone"], "139****4321")
        before = self._events()
        action, error = self._call(
            "helpdesk.ticket", "action_complaint_call", self.ticket.ids
        )
        self.assertFalse(error)
        self.assertEqual(action["res_model"], "complaint.reveal")
        reveal, error = self._call(
            "complaint.reveal",
            "web_read",
            [action["res_id"]],
            specification={"partner_phone": {}, "partner_email": {}},
        )
        self.assertFalse(error)
        self.assertEqual(reveal[0]["partner_phone"], PHONE)
        self.assertFalse(reveal[0]["partner_email"], "a call reveals the phone only")
        view_id = action["views"][0][0]
        views, _error = self._call("complaint.reveal", "get_views", [[view_id, "form"]])
        self.assertIn('widget="phone"', views["views"]["form"]["arch"])
        logged = self._events() - before
        self.assertEqual(logged.mapped("event_type"), ["reveal"])
        self.assertEqual(logged.user_id, self.agent)
        self.assertEqual(
            json.loads(logged.payload)["fields"], ["partner_phone"], logged.payload
        )
        self.assertEqual(json.loads(logged.payload)["purpose"], "call")
        with self.subTest("nobody else reads the revealed number"):
            self._login(self.supervisor)
            self._assert_refused(
                "complaint.reveal", "read", [action["res_id"]], ["partner_phone"]
            )
            ids, _error = self._call("complaint.reveal", "search", [])
            self.assertNotIn(action["res_id"], ids)
        with self.subTest("a handler cannot call"):
            self._login(self.handler)
            before = self._events()
            self._assert_refused(
                "helpdesk.ticket",
                "action_complaint_call",
                self.ticket.ids,
                error=USER_ERROR,
            )
            self.assertEqual(self._events(), before)

    def test_only_supervisors_verify_the_event_log(self):
        Event = self.env["complaint.event"]
        Event._seal()
        self.ticket._complaint_log("other", "Pending entry")
        pending = self._events().filtered(lambda e: not e.chain_seq)
        self.assertTrue(pending)
        for user in (self.portal, self.handler, self.agent, self.analyst):
            with self.subTest(user=user.login):
                self._login(user)
                self._assert_refused("complaint.event", "action_verify_integrity")
                pending.invalidate_recordset()
                self.assertFalse(pending.chain_seq, "nothing was sealed")
        self._login(self.supervisor)
        action, error = self._call("complaint.event", "action_verify_integrity")
        self.assertFalse(error)
        self.assertEqual(action["params"]["type"], "success")

    def test_privacy_request_stays_private(self):
        other = new_test_user(
            self.env,
            "cc_mask_supervisor2",
            groups="consumer_complaint.group_complaint_supervisor",
        )
        Request = self.env["complaint.privacy.request"]
        request = Request.with_user(self.supervisor).create(
            {
                "partner_id": self.customer.id,
                "request_type": "export",
                "note": f"Asked by phone from {PHONE}, wants a copy",
            }
        )
        request.action_execute()
        self.assertTrue(request.export_file)
        with self.assertRaises(AccessError):
            request.with_user(other).read(["export_file"])
        self.assertFalse(Request.with_user(other).search([("id", "=", request.id)]))
        event = self._events().filtered(lambda e: e.event_type == "privacy")[:1]
        self.assertIn("note_sha256", event.payload)
        self.assertNotIn("wants a copy", event.payload)

    def test_anonymising_kills_the_portal_link(self):
        token = self.ticket._portal_ensure_token()
        url = f"/my/complaints/{self.ticket.id}?access_token={token}"
        self.assertEqual(self.url_open(url).status_code, 200)
        self.ticket._complaint_anonymize("test")
        self.assertFalse(self.ticket.access_token)
        response = self.url_open(url)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("Sour dumplings (mask)", response.text)
