# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.sql_db import db_connect
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import ComplaintCase


class MergeFixtures:
    """Two complaints of one customer (the form, then the hotline), the
    later one with a message, a file and an approved compensation line."""

    @classmethod
    def _merge_fixtures(cls, env, team, customer, handler):
        Ticket = env["helpdesk.ticket"]
        values = {
            "description": "<p>The dumplings smell sour.</p>",
            "team_id": team.id,
            "partner_id": customer.id,
            "user_id": handler.id,
        }
        first = Ticket.create({**values, "name": "Sour dumplings (form)"})
        second = Ticket.create({**values, "name": "Sour dumplings (hotline)"})
        env.flush_all()
        # The form complaint was registered first.
        env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
                datetime(2026, 11, 2, 9, 0),
                first.id,
            )
        )
        first.invalidate_recordset(["create_date"])
        return first, second


@tagged("post_install", "-at_install")
class TestComplaintMerge(MergeFixtures, ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first, cls.second = cls._merge_fixtures(
            cls.env, cls.team, cls.customer, cls.handler
        )
        cls.customer_message = cls.second.message_post(
            body="I called the hotline too.",
            author_id=cls.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.tag = cls.env["helpdesk.ticket.tag"].create({"name": "Hotline repeat"})
        cls.second.tag_ids = cls.tag
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "receipt.txt",
                "raw": b"receipt 42",
                "res_model": "helpdesk.ticket",
                "res_id": cls.second.id,
            }
        )
        ctype = cls.env.ref("consumer_complaint.compensation_type_cash")
        ctype.write({"handler_limit": 100, "supervisor_limit": 1000})
        cls.line = (
            cls.env["complaint.compensation.line"]
            .with_user(cls.supervisor)
            .create(
                {
                    "ticket_id": cls.second.id,
                    "type_id": ctype.id,
                    "amount": 20,
                    "reason": "Goods spoiled",
                }
            )
            .sudo()
        )

    def _merge(self, tickets, user):
        wizard = (
            self.env["helpdesk.ticket.merge"]
            .with_user(user)
            .with_context(active_ids=tickets.ids, active_model="helpdesk.ticket")
            .create({})
        )
        return wizard, wizard.merge_tickets()

    def test_merge_into_the_oldest(self):
        self.assertEqual(self.line.state, "approved")
        self.assertEqual(self.second.compensation_amount, 20)
        sla_lines = self.second.ticket_sla_ids
        token = self.second._portal_ensure_token()
        last_event = self.env["complaint.event"].search([], limit=1).id
        last_message = self.env["mail.message"].search([], limit=1).id
        wizard, action = self._merge(self.second | self.first, self.handler)

        self.assertEqual(wizard.dst_ticket_id, self.first, "the oldest survives")
        self.assertEqual(action["res_id"], self.first.id)
        # The duplicate is closed with a link, still there for the customer.
        self.assertEqual(self.second.merged_into_id, self.first)
        self.assertTrue(self.second.merged_date)
        self.assertEqual(self.second.complaint_state, "withdrawn")
        self.assertTrue(self.second.active)
        self.assertTrue(self.second.access_token)
        self.assertNotEqual(self.second.access_token, token, "tracking link ended")
        self.assertEqual(self.first.merged_ticket_ids, self.second)
        self.assertEqual(self.first.merged_ticket_count, 1)
        self.assertFalse(self.first.merged_into_id)
        self.assertNotEqual(self.first.complaint_state, "withdrawn")
        # Messages, files and compensation moved; the deadline history shown.
        self.assertEqual(self.customer_message.res_id, self.first.id)
        self.assertEqual(self.attachment.res_id, self.first.id)
        self.assertIn(self.tag, self.first.tag_ids)
        self.assertEqual(self.line.ticket_id, self.first)
        self.assertEqual(self.line.state, "approved")
        self.assertEqual(self.first.compensation_amount, 20)
        self.assertEqual(self.second.compensation_amount, 0)
        self.assertTrue(sla_lines)
        self.assertEqual(self.first.merged_sla_ids, sla_lines)
        # One `merge` entry on each complaint involved: the survivor's lists
        # the duplicates, the duplicate's (its closing) points to the survivor.
        events = self.env["complaint.event"].search([("id", ">", last_event)])
        self.assertEqual(len(events), 2, events.mapped("summary"))
        self.assertEqual(set(events.mapped("event_type")), {"merge"})
        self.assertEqual(events.ticket_id, self.first | self.second)
        survivor_event = events.filtered(lambda e: e.ticket_id == self.first)
        payload = json.loads(survivor_event.payload)
        self.assertEqual(payload["duplicates"], [self.second.number])
        self.assertEqual(payload["compensation_lines"], 1)
        self.assertEqual(payload["attachments"], 1)
        duplicate_event = events - survivor_event
        self.assertIn(self.first.number, duplicate_event.summary)
        self.assertEqual(
            json.loads(duplicate_event.payload),
            {"merged_into": self.first.number, "merged_into_id": self.first.id},
        )
        # The customer is told once.
        new_messages = self.env["mail.message"].search([("id", ">", last_message)])
        told = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.customer.id),
                ("mail_message_id", "in", new_messages.ids),
            ]
        )
        self.assertEqual(len(told), 1)
        self.assertEqual(told.mail_message_id.res_id, self.first.id)
        self.assertIn(self.second.number, told.mail_message_id.body)
        self.assertFalse(self.first.first_response_date, "not a reply to the case")
        # The merged complaint stays closed and points to the survivor.
        with self.assertRaisesRegex(UserError, self.first.number):
            self.second.with_user(self.handler).action_complaint_reopen()
        status = self.second._complaint_portal_status()
        self.assertIn(self.first.number, status["text"])
        # The link carries no token: the survivor's is not given away.
        self.assertEqual(
            self.second._complaint_portal_merged_url(),
            f"/my/complaints/{self.first.id}",
        )

    def test_merge_waits_for_no_one(self):
        """A complaint locked by another transaction (another user merging
        an overlapping selection) is not merged: clear refusal, no chain."""
        Ticket = self.env["helpdesk.ticket"]
        other = db_connect(self.env.cr.dbname).cursor()
        try:
            # Only committed complaints are visible to the other transaction.
            other.execute(
                SQL(
                    "SELECT id FROM helpdesk_ticket WHERE is_complaint"
                    " ORDER BY id LIMIT 1 FOR UPDATE"
                )
            )
            locked = Ticket.browse(other.fetchone())
            self.assertTrue(locked)
            with self.assertRaisesRegex(UserError, "Another user is merging"):
                (locked | self.first).with_user(self.manager)._complaint_merge()
            # The refusal leaves the transaction usable and nothing merged.
            self.assertFalse(locked.merged_into_id)
            self.assertFalse(self.first.merged_into_id)
        finally:
            other.rollback()
            other.close()
        # Released: the same selection gets past the lock to the checks.
        with self.assertRaises(UserError) as refusal:
            (locked | self.first).with_user(self.manager)._complaint_merge()
        self.assertNotIn("Another user is merging", str(refusal.exception))

    def test_supervisor_merges_across_teams(self):
        other = self.second.copy(
            {"team_id": self.team_other.id, "user_id": self.handler_other.id}
        )
        self.env.flush_all()
        with self.assertRaisesRegex(AccessError, other.number):
            self._merge(self.first | other, self.handler)
        self._merge(self.first | other, self.supervisor)
        self.assertEqual(other.merged_into_id, self.first)

    def test_refused_with_what_to_do(self):
        Ticket = self.env["helpdesk.ticket"]
        another = self._complaint(
            partner_id=self.env["res.partner"].create({"name": "Other"}).id
        )
        plain = Ticket.create(
            {"name": "Printer", "description": "x", "team_id": self.plain_team.id}
        )
        closed = self._complaint()
        closed.with_user(self.handler).action_complaint_withdraw()
        company = self.env["res.company"].create({"name": "Second shop"})
        foreign = self.first.sudo().copy(
            {
                "company_id": company.id,
                "team_id": self.team.copy({"company_id": company.id}).id,
            }
        )
        cases = [
            (self.first | another, "same customer"),
            (self.first | plain, "not a complaint"),
            (self.first | closed, "closed"),
            (self.first | foreign, "different companies"),
            (self.first, "at least two"),
        ]
        for tickets, message in cases:
            with self.subTest(message=message):
                with self.assertRaisesRegex(UserError, message):
                    tickets._complaint_merge()
        self.assertFalse((self.first | self.second).merged_into_id)
        self._merge(self.first | self.second, self.handler)
        with self.assertRaisesRegex(UserError, "already merged"):
            (self.second | self._complaint())._complaint_merge()

    def test_wizard_keeps_complaint_rules(self):
        wizard = (
            self.env["helpdesk.ticket.merge"]
            .with_user(self.handler)
            .with_context(active_ids=(self.first | self.second).ids)
            .create({})
        )
        self.assertTrue(wizard.is_complaint_merge)
        wizard.create_new_ticket = True
        with self.assertRaisesRegex(UserError, "oldest"):
            wizard.merge_tickets()
        wizard.create_new_ticket = False
        wizard.dst_ticket_id = self.second
        with self.assertRaisesRegex(UserError, self.first.number):
            wizard.merge_tickets()
        self.assertFalse(self.second.merged_into_id)

    def test_wrong_users_refused(self):
        portal = new_test_user(self.env, "cc_merge_portal", groups="base.group_portal")
        followup = new_test_user(
            self.env,
            "cc_merge_followup",
            groups="consumer_complaint.group_complaint_followup",
        )
        wrong = (self.receptionist, followup, self.analyst, self.handler_other, portal)
        for user in wrong:
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._merge(self.first | self.second, user)
                with self.assertRaises(AccessError):
                    (self.first | self.second).with_user(user)._complaint_merge()
        # Being assigned to them does not make a receptionist one who merges.
        (self.first | self.second).write({"user_id": self.receptionist.id})
        with self.assertRaisesRegex(AccessError, "Only handlers"):
            (self.first | self.second).with_user(self.receptionist)._complaint_merge()
        with self.assertRaises(AccessError):
            self.second.with_user(self.supervisor).write(
                {"merged_into_id": self.first.id}
            )
        self.assertFalse(self.second.merged_into_id)

    def test_other_tickets_keep_the_oca_merge(self):
        Ticket = self.env["helpdesk.ticket"]
        one, two = Ticket.create(
            [
                {"name": name, "description": "x", "team_id": self.plain_team.id}
                for name in ("Printer 1", "Printer 2")
            ]
        )
        self._merge(one | two, self.env.user)
        self.assertFalse(two.active)
        self.assertFalse(two.merged_into_id)


@tagged("post_install", "-at_install")
class TestComplaintMergeHttp(MergeFixtures, HttpCase):
    """Over HTTP: JSON-RPC refusals for the wrong roles, the portal page of
    a merged complaint."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        group = "consumer_complaint.group_complaint_{}".format
        cls.users = {
            role: new_test_user(
                cls.env, f"merge_{role}", groups=groups, password=f"merge_{role}"
            )
            for role, groups in (
                ("portal", "base.group_portal"),
                ("receptionist", group("receptionist")),
                ("analyst", group("analyst")),
                ("handler", group("handler")),
            )
        }
        cls.customer = cls.users["portal"].partner_id
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Merge team (test)",
                "is_complaint_team": True,
                "user_ids": [(6, 0, cls.users["handler"].ids)],
            }
        )
        cls.first, cls.second = cls._merge_fixtures(
            cls.env, cls.team, cls.customer, cls.users["handler"]
        )

    def _rpc(self, model, method, args, **kwargs):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        body = response.json()
        if "result" in body:
            return "ok", body["result"]
        return body["error"]["data"]["name"].rsplit(".", 1)[-1], None

    def _rpc_merge(self):
        context = {"active_ids": (self.first | self.second).ids}
        outcome, wizard_id = self._rpc(
            "helpdesk.ticket.merge", "create", [{}], context=context
        )
        if outcome != "ok":
            return outcome
        return self._rpc(
            "helpdesk.ticket.merge", "merge_tickets", [[wizard_id]], context=context
        )[0]

    def test_jsonrpc_refused_for_wrong_roles(self):
        for role in ("portal", "receptionist", "analyst"):
            with self.subTest(role=role):
                self.authenticate(f"merge_{role}", f"merge_{role}")
                with mute_logger("odoo.http"):
                    self.assertEqual(self._rpc_merge(), "AccessError")
                    outcome, _ = self._rpc(
                        "helpdesk.ticket",
                        "write",
                        [self.second.ids, {"merged_into_id": self.first.id}],
                    )
                self.assertEqual(outcome, "AccessError")
                self.assertFalse(self.second.merged_into_id)
        self.authenticate("merge_handler", "merge_handler")
        with mute_logger("odoo.http"):
            outcome, _ = self._rpc(
                "helpdesk.ticket",
                "write",
                [self.second.ids, {"merged_into_id": self.first.id}],
            )
        self.assertEqual(outcome, "AccessError", "only the merge sets the link")
        self.assertEqual(self._rpc_merge(), "ok")
        self.assertEqual(self.second.merged_into_id, self.first)

    def test_portal_page_points_to_the_survivor(self):
        old_token = self.second._portal_ensure_token()
        survivor_token = self.first._portal_ensure_token()
        (self.first | self.second).with_user(self.users["handler"])._complaint_merge()
        self.authenticate(None, None)
        # The duplicate's tracking link no longer opens anything.
        with mute_logger("odoo.http"):
            page = self.url_open(
                f"/my/complaints/{self.second.id}?access_token={old_token}"
            )
        self.assertEqual(page.status_code, 403)
        self.assertNotIn(survivor_token, page.text)
        # Its page, opened with its new token, points to the survivor without
        # handing out the survivor's token: guests are asked to log in.
        page = self.url_open(
            f"/my/complaints/{self.second.id}?access_token={self.second.access_token}"
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'href="/my/complaints/{self.first.id}"', page.text)
        self.assertIn(self.first.number, page.text)
        self.assertNotIn(survivor_token, page.text)
        followed = self.url_open(f"/my/complaints/{self.first.id}")
        self.assertIn("/web/login", followed.url)
        # The survivor's own link (sent with the merge message) still works.
        followed = self.url_open(
            f"/my/complaints/{self.first.id}?access_token={survivor_token}"
        )
        self.assertEqual(followed.status_code, 200)
        self.authenticate("merge_portal", "merge_portal")
        page = self.url_open(f"/my/complaints/{self.second.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'href="/my/complaints/{self.first.id}"', page.text)
