# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""API keys (shown once, hashed, revocable, who may manage them) and the
webhook outbox (signature, retries with backoff, failures kept apart)."""

import hashlib
import hmac
import json
import socket
from datetime import timedelta
from unittest.mock import patch

import requests
from freezegun import freeze_time
from odoo import fields
from odoo.addons.consumer_complaint.tests.common import ComplaintCase
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models.complaint_api_delivery import (
    MAX_ATTEMPTS,
    SIGNATURE_HEADER,
    _PinnedAdapter,
    post_pinned,
)
from ..models.complaint_api_key import key_digest

MODULE = "odoo.addons.complaint_api.models.complaint_api_delivery"
POST = f"{MODULE}.post_pinned"
RESOLVE = f"{MODULE}.socket.getaddrinfo"
MAY_COMMIT = f"{MODULE}.may_commit"
CONNECT = "urllib3.util.connection.create_connection"
# Sending as requests does before the test framework blocks external calls:
# the tests below stop each connection at the socket instead.
SEND = requests.Session.send
MONOTONIC = f"{MODULE}.time.monotonic"


def resolves_to(*addresses):
    """A stand-in for ``socket.getaddrinfo`` answering these addresses."""

    def getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in addresses
        ]

    return getaddrinfo


@tagged("post_install", "-at_install")
class TestApiKeysWebhook(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env, "cc_api_key_portal", groups="base.group_portal"
        )
        cls.Key = cls.env["complaint.api.key"].with_user(cls.manager)
        cls.key = cls.Key.create(
            {"name": "App (test)", "webhook_url": "https://hooks.example.com/a"}
        )
        cls.raw = cls._generate(cls.key)
        cls.other = cls.Key.create(
            {"name": "ERP (test)", "channel": "erp", "webhook_url": "https://x.test/b"}
        )
        cls._generate(cls.other)

    def setUp(self):
        super().setUp()
        # Webhook hosts resolve to a public address (no DNS in tests).
        self.startPatcher(patch(RESOLVE, side_effect=resolves_to("93.184.216.34")))

    @classmethod
    def _generate(cls, key):
        action = key.action_generate_key()
        return cls.env["complaint.api.key.show"].browse(action["res_id"]).api_key

    # Keys ---------------------------------------------------------------

    def test_key_shown_once_and_hashed(self):
        key = self.key.sudo()
        self.assertEqual(key.state, "valid")
        self.assertEqual(key.key_hash, key_digest(self.raw))
        self.assertTrue(self.raw.startswith(key.key_prefix))
        self.assertNotIn(self.raw, json.dumps(key.read()[0], default=str))
        self.assertEqual(self.Key._api_authenticate(self.raw), key)
        # The window that shows it deletes it when closed.
        shown = (
            self.env["complaint.api.key.show"]
            .with_user(self.manager)
            .create({"key_id": key.id, "api_key": "x"})
        )
        shown.action_done()
        self.assertFalse(shown.exists())
        # Another user does not see the window of the manager.
        shown = (
            self.env["complaint.api.key.show"]
            .with_user(self.manager)
            .create({"key_id": key.id, "api_key": "x"})
        )
        other_manager = new_test_user(
            self.env,
            "cc_api_key_manager2",
            groups="consumer_complaint.group_complaint_manager",
        )
        with self.assertRaises(AccessError):
            shown.with_user(other_manager).read(["api_key"])

    def test_renew_revoke_expire(self):
        new_raw = self._generate(self.key)
        self.assertFalse(self.Key._api_authenticate(self.raw))
        self.assertTrue(self.Key._api_authenticate(new_raw))
        with freeze_time(fields.Datetime.now() + timedelta(days=2)):
            self.key.expiry_date = fields.Datetime.now() - timedelta(days=1)
            self.assertEqual(self.key.state, "expired")
            self.assertFalse(self.Key._api_authenticate(new_raw))
        self.key.expiry_date = False
        self.key.action_revoke()
        self.assertEqual(self.key.state, "revoked")
        self.assertEqual(self.key.revoked_by_id, self.manager)
        self.assertFalse(self.Key._api_authenticate(new_raw))
        with self.assertRaises(UserError):
            self.key.action_generate_key()

    def test_who_manages_keys(self):
        for user in (self.supervisor, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["complaint.api.key"].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.key.with_user(self.supervisor).action_generate_key()
        for user in (self.supervisor, self.handler, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["complaint.api.delivery"].with_user(user).search([])
        # The secret parts are for administrators only, not for managers.
        with self.assertRaises(AccessError):
            self.key.read(["key_hash"])
        with self.assertRaises(AccessError):
            self.key.read(["webhook_secret"])
        # Which integration follows a complaint is set at intake only.
        ticket = self._complaint()
        with self.assertRaises(AccessError):
            ticket.with_user(self.manager).write({"api_key_id": self.key.id})
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].with_user(self.manager).create(
                {"name": "x", "team_id": self.team.id, "api_key_id": self.key.id}
            )
        # Desk users other than managers do not see which key it was.
        with self.assertRaises(AccessError):
            ticket.with_user(self.handler).read(["api_key_id"])
        # The keys of a company the manager does not work for are not seen.
        company = self.env["res.company"].create({"name": "Other company (test)"})
        foreign = (
            self.env["complaint.api.key"]
            .sudo()
            .create({"name": "Foreign (test)", "company_id": company.id})
        )
        keys = self.env["complaint.api.key"].with_user(self.manager).search([])
        self.assertNotIn(foreign, keys)
        self.assertIn(self.key, keys)

    def _complaint(self):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Sour dumplings",
                "description": "<p>x</p>",
                "team_id": self.team.id,
                "category_id": self.category.id,
            }
        )

    # Webhook outbox -----------------------------------------------------

    def _queue(self, key, number="CC-1"):
        return self.env["complaint.api.delivery"]._enqueue(
            [
                {
                    "key_id": key.id,
                    "event": "complaint.status",
                    "payload": {"number": number, "status": {"code": "feedback"}},
                }
            ]
        )

    def test_signed_delivery(self):
        delivery = self._queue(self.key)
        with patch(POST) as post:
            post.return_value.status_code = 200
            self.env["complaint.api.delivery"]._cron_send()
        self.assertEqual(delivery.state, "sent")
        self.assertEqual(delivery.attempts, 1)
        kwargs = post.call_args.kwargs
        self.assertEqual(post.call_args.args[0], "https://hooks.example.com/a")
        self.assertTrue(kwargs["timeout"])
        secret = self.key.sudo().webhook_secret
        digest = hmac.new(secret.encode(), kwargs["data"], hashlib.sha256).hexdigest()
        self.assertEqual(kwargs["headers"][SIGNATURE_HEADER], f"sha256={digest}")
        self.assertEqual(json.loads(kwargs["data"])["number"], "CC-1")
        # Sent once only.
        with patch(POST) as post:
            self.env["complaint.api.delivery"]._cron_send()
        post.assert_not_called()

    def test_retries_with_backoff_and_one_bad_does_not_stop_others(self):
        bad = self._queue(self.other, "CC-BAD")
        good = self._queue(self.key, "CC-GOOD")

        def answer(url, address, **kwargs):
            if "x.test" in url:
                raise requests.ConnectionError("refused")
            return type("Response", (), {"status_code": 202})()

        now = fields.Datetime.now()
        with freeze_time(now), patch(POST, side_effect=answer):
            self.env["complaint.api.delivery"]._cron_send()
        self.assertEqual(good.state, "sent")
        self.assertEqual(bad.state, "pending")
        self.assertEqual(bad.attempts, 1)
        self.assertIn("ConnectionError", bad.last_error)
        first_delay = bad.next_try - now
        # Not retried before its time; then each delay doubles.
        with freeze_time(now + timedelta(seconds=30)), patch(POST) as post:
            self.env["complaint.api.delivery"]._cron_send()
        post.assert_not_called()
        moment = now
        delays = [first_delay]
        for _attempt in range(2, MAX_ATTEMPTS + 1):
            moment = bad.next_try
            with freeze_time(moment), patch(POST) as post:
                post.return_value.status_code = 500
                self.env["complaint.api.delivery"]._cron_send()
            if bad.state == "pending":
                delays.append(bad.next_try - moment)
        self.assertEqual(bad.attempts, MAX_ATTEMPTS)
        self.assertEqual(bad.state, "failed")
        self.assertEqual(bad.last_error, "HTTP 500")
        for before, after in zip(delays, delays[1:], strict=False):
            self.assertEqual(after, before * 2)
        # Visible to managers, retried by an administrator.
        self.assertEqual(self.other.delivery_failed_count, 1)
        failed = (
            self.env["complaint.api.delivery"]
            .with_user(self.manager)
            .search([("state", "=", "failed")])
        )
        self.assertEqual(failed, bad)
        with self.assertRaises(AccessError):
            bad.with_user(self.manager).write({"state": "sent"})
        bad.action_retry()
        self.assertEqual((bad.state, bad.attempts), ("pending", 0))

    def test_retry_is_for_administrators(self):
        delivery = self._queue(self.key)
        delivery.sudo().write({"state": "failed", "attempts": MAX_ATTEMPTS})
        # Managers read the outbox but may not have notifications re-sent.
        with self.assertRaises(AccessError):
            delivery.with_user(self.manager).action_retry()
        self.assertEqual(delivery.state, "failed")
        admin = new_test_user(self.env, "cc_api_admin", groups="base.group_system")
        delivery.with_user(admin).action_retry()
        self.assertEqual((delivery.state, delivery.attempts), ("pending", 0))

    def test_cron_commits_each_delivery_and_stops_in_time(self):
        deliveries = self._queue(self.key, "CC-1") | self._queue(self.key, "CC-2")
        deliveries |= self._queue(self.key, "CC-3")
        commits = []
        seen = []

        def answer(url, address, **kwargs):
            # Each POST comes after the result of the one before is committed.
            seen.append(len(commits))
            return type("Response", (), {"status_code": 200})()

        # A run killed after any POST would lose at most that one result.
        clock = iter(range(0, 1000, 25))
        with (
            patch(MAY_COMMIT, return_value=True),
            patch.object(self.env.cr, "commit", lambda: commits.append(1)),
            patch(MONOTONIC, side_effect=lambda: next(clock)),
            patch(POST, side_effect=answer),
        ):
            done = self.env["complaint.api.delivery"]._cron_send(time_limit=60)
        # Time bound: started at 0, deliveries tried at 25 and 50, stopped at 75.
        self.assertEqual(seen, [0, 1])
        self.assertEqual(len(commits), 2)
        self.assertEqual(done, deliveries.sorted("id")[:2])
        self.assertEqual(deliveries.mapped("state"), ["sent", "sent", "pending"])
        # The next run goes on with the rest; no commit in tests.
        with patch(POST, side_effect=answer):
            self.env["complaint.api.delivery"]._cron_send()
        self.assertEqual(set(deliveries.mapped("state")), {"sent"})
        self.assertEqual(len(commits), 2)

    def test_webhook_url_https_only(self):
        for url in (
            "http://hooks.example.com/a",
            "ftp://hooks.example.com/a",
            "https://user:pass@hooks.example.com/a",
            "https:///no-host",
            "javascript:alert(1)",
        ):
            with self.subTest(url=url), self.assertRaises(ValidationError):
                self.key.write({"webhook_url": url})
        self.key.write({"webhook_url": "https://hooks.example.com/b"})

    def test_webhook_private_address_refused(self):
        """No request to the loopback, private networks or the cloud metadata
        service, whatever the public-looking host name resolves to."""
        for addresses in (
            ("127.0.0.1",),
            ("169.254.169.254",),
            ("10.0.0.5",),
            ("93.184.216.34", "192.168.1.1"),
            ("::1",),
            # IPv6 that leads to an IPv4 address inside: NAT64 to the cloud
            # metadata service, IPv4-translated and IPv4-compatible forms.
            ("64:ff9b::a9fe:a9fe",),
            ("::ffff:0:a00:1",),
            ("::127.0.0.1",),
            ("::ffff:127.0.0.1",),
        ):
            with self.subTest(addresses=addresses):
                delivery = self._queue(self.key)
                with (
                    patch(RESOLVE, side_effect=resolves_to(*addresses)),
                    patch(POST) as post,
                ):
                    self.env["complaint.api.delivery"]._cron_send()
                post.assert_not_called()
                self.assertEqual(delivery.state, "pending")
                self.assertIn("private or reserved", delivery.last_error)
                delivery.unlink()
        delivery = self._queue(self.key)
        with (
            patch(RESOLVE, side_effect=socket.gaierror("no such host")),
            patch(POST) as post,
        ):
            self.env["complaint.api.delivery"]._cron_send()
        post.assert_not_called()
        self.assertIn("could not be resolved", delivery.last_error)
        # The message is in the language of the cron's user, translated.
        self.assertEqual(
            delivery.last_error,
            self.env._("The host of the webhook URL could not be resolved."),
        )

    def test_webhook_dns_rebinding(self):
        """The request goes to the address that was checked: a second DNS
        answer pointing at the internal network is never asked for, and TLS
        still checks the certificate of the webhook's host name."""
        delivery = self._queue(self.key)
        resolve = patch(
            RESOLVE,
            side_effect=[
                resolves_to("93.184.216.34")("hooks.example.com", 443),
                resolves_to("127.0.0.1")("hooks.example.com", 443),
            ],
        )
        connected = []

        def create_connection(address, *args, **kwargs):
            connected.append(address)
            raise ConnectionRefusedError("refused (test)")

        with (
            resolve as getaddrinfo,
            patch.object(requests.Session, "send", SEND),
            patch(CONNECT, side_effect=create_connection),
        ):
            self.env["complaint.api.delivery"]._cron_send()
        self.assertEqual(getaddrinfo.call_count, 1)
        self.assertEqual(connected, [("93.184.216.34", 443)])
        self.assertEqual(delivery.state, "pending")
        self.assertIn("ConnectionError", delivery.last_error)

    def test_post_pinned_keeps_host_name(self):
        """``post_pinned`` connects to the given address (IPv6 too), with the
        host name in the Host header, SNI and the certificate check."""
        sent = {}

        def send(adapter, request, **kwargs):
            sent.update(
                url=request.url,
                host=request.headers["Host"],
                pool=dict(adapter.poolmanager.connection_pool_kw),
                verify=kwargs.get("verify"),
            )
            response = requests.Response()
            response.status_code = 204
            return response

        with (
            patch.object(requests.Session, "send", SEND),
            patch.object(_PinnedAdapter, "send", send),
        ):
            post_pinned(
                "https://hooks.example.com:8443/a?b=1",
                "2606:2800:220:1::",
                data=b"{}",
                timeout=5,
            )
        self.assertEqual(sent["url"], "https://[2606:2800:220:1::]:8443/a?b=1")
        self.assertEqual(sent["host"], "hooks.example.com:8443")
        self.assertEqual(sent["pool"]["server_hostname"], "hooks.example.com")
        self.assertEqual(sent["pool"]["assert_hostname"], "hooks.example.com")
        self.assertTrue(sent["verify"])
        # A Chinese domain name is presented as DNS and TLS know it.
        with (
            patch.object(requests.Session, "send", SEND),
            patch.object(_PinnedAdapter, "send", send),
        ):
            post_pinned("https://例子.中国/hook", "93.184.216.34", data=b"{}")
        self.assertEqual(sent["url"], "https://93.184.216.34/hook")
        self.assertEqual(sent["host"], "xn--fsqu00a.xn--fiqs8s")
        self.assertEqual(sent["pool"]["server_hostname"], "xn--fsqu00a.xn--fiqs8s")

    def test_merged_duplicate_told_once(self):
        survivor = self._complaint()
        duplicate = self._complaint()
        duplicate.sudo().api_key_id = self.key
        partner = self.env["res.partner"].create({"name": "Customer (test)"})
        (survivor | duplicate).write({"partner_id": partner.id})
        self.env["complaint.api.delivery"].search([]).unlink()
        self.team.user_ids |= self.supervisor
        (survivor | duplicate).with_user(self.supervisor)._complaint_merge()
        self.assertEqual(duplicate.merged_into_id, survivor)
        delivery = self.env["complaint.api.delivery"].search([])
        self.assertEqual(len(delivery), 1)
        self.assertEqual(delivery.event, "complaint.merged")
        payload = json.loads(delivery.payload)
        self.assertEqual(payload["number"], duplicate.number)
        self.assertEqual(payload["merged_into"], survivor.number)
        # The duplicate's later moves (none allowed) are not told.
        duplicate.sudo()._complaint_after_transition({duplicate.id: "withdrawn"})
        self.assertEqual(self.env["complaint.api.delivery"].search([]), delivery)
        self.assertEqual(duplicate._api_detail()["merged_into"], survivor.number)

    def test_no_webhook_no_delivery(self):
        self.key.webhook_url = False
        ticket = self._complaint()
        ticket.sudo().api_key_id = self.key
        before = self.env["complaint.api.delivery"].search_count([])
        ticket._complaint_after_transition({ticket.id: "accepted"})
        self.assertEqual(self.env["complaint.api.delivery"].search_count([]), before)
        self.key.webhook_url = "https://hooks.example.com/a"
        ticket._complaint_after_transition({ticket.id: "review"})
        delivery = self.env["complaint.api.delivery"].search(
            [("ticket_id", "=", ticket.id)]
        )
        self.assertEqual(len(delivery), 1)
        payload = json.loads(delivery.payload)
        self.assertEqual(payload["previous"], "solution")
        self.assertEqual(payload["number"], ticket.number)
