# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Follow-ups of the model-layer security work: the event-chain button, the
customer-link confirmation on anonymisation, the hotline wizard's complaint
number and the source complaint of knowledge entries."""

import json

from lxml import etree
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import hash_sign

from ..models.helpdesk_ticket_portal import LINK_CONFIRM_SCOPE
from .common import ComplaintCase

SUPERVISOR = "consumer_complaint.group_complaint_supervisor"


@tagged("post_install", "-at_install")
class TestSecurityFollowups(ComplaintCase):
    def _arch(self, model, view_xmlid, user):
        view = self.env.ref(view_xmlid)
        views = self.env[model].with_user(user).get_views([(view.id, view.type)])
        return etree.fromstring(views["views"][view.type]["arch"])

    def test_verify_button_only_for_supervisors(self):
        view = self.env.ref("consumer_complaint.complaint_event_view_list")
        buttons = etree.fromstring(view.arch).xpath(
            "//button[@name='action_verify_integrity']"
        )
        self.assertEqual(len(buttons), 1)
        self.assertEqual(buttons[0].get("groups"), SUPERVISOR)
        xpath = "//button[@name='action_verify_integrity']"
        shown = self._arch(
            "complaint.event",
            "consumer_complaint.complaint_event_view_list",
            self.supervisor,
        )
        self.assertTrue(shown.xpath(xpath))
        hidden = self._arch(
            "complaint.event",
            "consumer_complaint.complaint_event_view_list",
            self.analyst,
        )
        self.assertFalse(hidden.xpath(xpath))

    def test_anonymisation_ends_pending_customer_link(self):
        ticket = self._complaint(partner_phone="13900004444")
        Ticket = self.env["helpdesk.ticket"]
        ticket.sudo()._complaint_link_request(self.customer)
        token = hash_sign(
            self.env(su=True),
            LINK_CONFIRM_SCOPE,
            {
                "ticket": ticket.id,
                "partner": self.customer.id,
                "nonce": ticket.sudo().complaint_link_nonce,
            },
            expiration_hours=1,
        )
        self.assertTrue(Ticket._complaint_link_check(ticket.id, token))
        ticket._complaint_anonymize("request")
        self.assertFalse(ticket.sudo().complaint_link_partner_id)
        self.assertFalse(ticket.sudo().complaint_link_nonce)
        self.assertFalse(
            Ticket._complaint_link_check(ticket.id, token),
            "the confirmation link mailed before the anonymisation is dead",
        )

    def test_customer_link_cannot_be_typed(self):
        """Only the intake chooses whom to ask "is this complaint yours?": a
        receptionist who types the field over JSON-RPC has no e-mail sent
        (the intake job would send the signed link to whoever it names)."""
        stranger = self.env["res.partner"].create(
            {"name": "Stranger (test)", "email": "stranger@example.com"}
        )
        Ticket = self.env["helpdesk.ticket"].with_user(self.receptionist)
        for vals in (
            {"complaint_link_partner_id": stranger.id},
            {"complaint_link_nonce": "chosen-nonce"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Ticket.create(
                    {
                        "name": "Forged link",
                        "description": "<p>Forged</p>",
                        "team_id": self.team.id,
                        **vals,
                    }
                )
        self.env.cr.precommit.run()
        self.assertFalse(
            self.env["mail.mail"].search([("email_to", "ilike", stranger.email)])
        )

    def test_handover_is_announced_whatever_the_context(self):
        """The intake's context key that defers the handler's notice to its
        job does nothing when a client sends it with a handover."""
        ticket = self._complaint()
        self.assertNotEqual(ticket.user_id, self.handler2)
        ticket.with_user(self.supervisor).with_context(
            tracking_disable=False, complaint_defer_handler=True
        ).write({"user_id": self.handler2.id})
        self.assertIn(self.handler2.partner_id, ticket.message_partner_ids)

    def test_customer_links_stay_with_the_customer(self):
        """Staff who read a complaint never get the link that acts in the
        customer's name: neither its token nor the e-mails queued for the
        customer, which keep it."""
        ticket = self._complaint()
        ticket.sudo()._complaint_acknowledge()
        token = ticket.sudo().access_token
        self.assertTrue(token)
        mail = self.env["mail.mail"].search(
            [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(token, mail.body_html, "the customer's e-mail has the link")
        Message = self.env["mail.message"]
        for user in (self.receptionist, self.handler, self.supervisor, self.analyst):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    ticket.with_user(user).read(["access_token"])
                with self.assertRaises(AccessError):
                    self.env["helpdesk.ticket"].with_user(user).search(
                        [("access_token", "=", token)]
                    )
                bodies = Message.with_user(user).search_read(
                    [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)],
                    ["body"],
                )
                self.assertFalse([b for b in bodies if token in (b["body"] or "")])
        copy = Message.with_user(self.handler).search(
            [("id", "=", mail.mail_message_id.id)]
        )
        self.assertEqual(copy, mail.mail_message_id, "the handler sees it was sent")

    def test_knowledge_source_only_for_handlers(self):
        ticket = self._complaint()
        entry = self.env["complaint.knowledge"].create(
            {"name": "Sour dumplings", "ticket_id": ticket.id}
        )
        self.assertEqual(entry.with_user(self.handler).ticket_id, ticket)
        for user in (self.analyst, self.receptionist):
            with self.subTest(user=user.login):
                Knowledge = self.env["complaint.knowledge"].with_user(user)
                with self.assertRaises(AccessError):
                    entry.with_user(user).read(["ticket_id"])
                with self.assertRaises(AccessError):
                    Knowledge.search([("ticket_id", "=", ticket.id)])
                self.assertNotIn("ticket_id", Knowledge.fields_get())
                # The views drop the field for them and still open.
                for xmlid in (
                    "consumer_complaint.complaint_knowledge_view_list",
                    "consumer_complaint.complaint_knowledge_view_form",
                ):
                    arch = self._arch("complaint.knowledge", xmlid, user)
                    self.assertFalse(arch.xpath("//field[@name='ticket_id']"))
                    names = arch.xpath("//field/@name")
                    fnames = {n for n in names if n in Knowledge._fields}
                    self.assertEqual(
                        entry.with_user(user).read(sorted(fnames))[0]["name"],
                        "Sour dumplings",
                    )

    def test_similar_cases_open_without_the_source(self):
        """Receptionists see the similar knowledge entries of their complaint
        (the "Similar cases" page) without reading where they came from."""
        source = self._complaint()
        entry = self.env["complaint.knowledge"].create(
            {
                "name": "Sour dumplings",
                "category_id": self.category.id,
                "ticket_id": source.id,
            }
        )
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.receptionist)
            .create(
                {
                    "name": "Dumplings smell sour again",
                    "description": "<p>Sour after cooking.</p>",
                    "team_id": self.team.id,
                    "category_id": self.category.id,
                }
            )
        )
        self.assertIn(entry, ticket.similar_knowledge_ids)


@tagged("post_install", "-at_install")
class TestHotlineNumberOverRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = new_test_user(
            cls.env,
            "cc_rpc_reception",
            groups="consumer_complaint.group_complaint_receptionist",
            name="Reception RPC",
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Quality (rpc test)", "is_complaint_team": True}
        )
        cls.other = cls.env["helpdesk.ticket"].create(
            {
                "name": "Someone else's complaint",
                "description": "<p>Not the receptionist's.</p>",
                "team_id": team.id,
                "is_complaint": True,
            }
        )
        cls.wizard = (
            cls.env["complaint.hotline"]
            .with_user(cls.receptionist)
            .create(
                {
                    "phone": "13800138000",
                    "description": "Call",
                    "category_id": cls.env.ref(
                        "consumer_complaint.category_quality_odor"
                    ).id,
                }
            )
        )

    def _rpc(self, model, method, args, **kwargs):
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        return response.json()

    def test_other_ticket_number_does_not_leak(self):
        self.assertTrue(self.other.number)
        self.authenticate(self.receptionist.login, self.receptionist.login)
        body = self._rpc(
            "complaint.hotline",
            "write",
            [[self.wizard.id], {"ticket_id": self.other.id, "state": "done"}],
        )
        self.assertEqual(body["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.wizard.invalidate_recordset()
        self.assertFalse(self.wizard.sudo().ticket_id, "the wizard did not change")
        body = self._rpc(
            "complaint.hotline", "read", [[self.wizard.id], ["ticket_number"]]
        )
        self.assertFalse(body["result"][0]["ticket_number"])
        # Even a wizard pointing at it (however it got there) shows nothing.
        self.wizard.sudo().write({"ticket_id": self.other.id, "state": "done"})
        body = self._rpc(
            "complaint.hotline", "read", [[self.wizard.id], ["ticket_number"]]
        )
        self.assertFalse(body["result"][0]["ticket_number"])
        self.assertNotIn(self.other.number, json.dumps(body))
