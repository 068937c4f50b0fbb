# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import requests
from odoo import api, fields, models, modules, tools
from requests.adapters import HTTPAdapter

_logger = logging.getLogger(__name__)

# Attempts before a delivery is given up (then shown as failed to admins).
MAX_ATTEMPTS = 8
# First retry after this many minutes, doubled at each failure.
BACKOFF_MINUTES = 2
BATCH_SIZE = 50
TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Complaint-Signature"
# One run of the cron stops after this many seconds; the next run goes on.
TIME_LIMIT_SECONDS = 60


def may_commit():
    """Whether the cron may commit after each delivery (never in tests,
    whose transaction is rolled back at the end)."""
    return not (tools.config["test_enable"] or modules.module.current_test)


# IPv6 ranges whose last 32 bits are an IPv4 address the packet is sent to
# (NAT64, IPv4-compatible and IPv4-translated addresses).
_IPV4_CARRIERS = tuple(
    ipaddress.ip_network(net) for net in ("64:ff9b::/96", "::/96", "::ffff:0:0:0/96")
)


def is_public_address(address):
    """Whether ``address`` is a public one, and so is the IPv4 address an
    IPv6 one leads to (mapped, 6to4, Teredo, NAT64 ...): on a network with
    NAT64, 64:ff9b::a9fe:a9fe is the cloud metadata service."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo or (None, None))[1]
        if inner is None and any(ip in net for net in _IPV4_CARRIERS):
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None and not inner.is_global:
            return False
    return ip.is_global


def webhook_target(env, url):
    """``(error, address)``: why ``url`` may not be posted to (only https,
    and only a host whose every address is a public one: no loopback,
    private network, link-local cloud metadata...), else ``(False, the
    address to connect to)``. Resolved when sending; the request then goes
    to that very address (see :func:`post_pinned`)."""
    try:
        parts = urlsplit(url or "")
        scheme, host, port = parts.scheme, parts.hostname, parts.port or 443
    except ValueError:
        scheme = host = port = None
    if scheme != "https" or not host:
        return env._("The webhook URL must be an https:// address."), None
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return env._("The host of the webhook URL could not be resolved."), None
    addresses = [info[4][0].split("%")[0] for info in infos]
    if not addresses or not all(map(is_public_address, addresses)):
        return (
            env._(
                "The webhook URL leads to a private or reserved network address: "
                "only public addresses are called."
            ),
            None,
        )
    return False, addresses[0]


class _PinnedAdapter(HTTPAdapter):
    """Connects to the address given in the URL while TLS presents and
    verifies the webhook's host name (SNI and certificate)."""

    def __init__(self, host):
        self._host = host
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["server_hostname"] = self._host
        kwargs["assert_hostname"] = self._host
        super().init_poolmanager(*args, **kwargs)


def post_pinned(url, address, headers=None, **kwargs):
    """POST to ``url`` at the checked ``address``: the host is not resolved
    again, so a second DNS answer (rebinding) cannot send the request to
    the internal network."""
    parts = urlsplit(url)
    ip = ipaddress.ip_address(address)
    netloc = f"[{ip}]" if ip.version == 6 else str(ip)
    # the name as DNS and TLS know it (a Chinese domain name in punycode);
    # webhook URLs carry no user name (complaint.api.key refuses them)
    name = parts.hostname.encode("idna").decode("ascii")
    host = f"[{name}]" if ":" in name else name
    if parts.port:
        netloc, host = f"{netloc}:{parts.port}", f"{host}:{parts.port}"
    with requests.Session() as session:
        session.mount("https://", _PinnedAdapter(name))
        return session.post(
            urlunsplit(parts._replace(netloc=netloc)),
            headers={**(headers or {}), "Host": host},
            **kwargs,
        )


def sign(secret, body):
    """HMAC-SHA256 of the body with the integration's secret, as sent in
    the signature header: ``sha256=<hex>``."""
    digest = hmac.new((secret or "").encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class ComplaintApiDelivery(models.Model):
    """Outbox of the webhook: one row per notification, sent by a cron,
    retried with exponential backoff."""

    _name = "complaint.api.delivery"
    _description = "Complaint webhook delivery"
    _order = "id desc"

    key_id = fields.Many2one(
        "complaint.api.key",
        string="Integration",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="key_id.company_id", store=True, string="Company"
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    event = fields.Char(readonly=True, required=True)
    payload = fields.Text(readonly=True, required=True)
    state = fields.Selection(
        [("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed")],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    next_try = fields.Datetime(
        string="Next attempt",
        readonly=True,
        index=True,
        default=fields.Datetime.now,
    )
    sent_date = fields.Datetime(string="Sent on", readonly=True)
    last_error = fields.Char(readonly=True)

    @api.model
    def _enqueue(self, vals_list):
        """Queue notifications (superuser: called by the workflow)."""
        for vals in vals_list:
            vals["payload"] = json.dumps(
                vals["payload"], ensure_ascii=False, sort_keys=True
            )
        deliveries = self.sudo().create(vals_list)
        self.env.ref("complaint_api.ir_cron_complaint_api_delivery")._trigger()
        return deliveries

    def action_retry(self):
        """Try a failed delivery again (administrators only: managers read
        the outbox but may not have notifications sent again)."""
        self.check_access("write")
        self.filtered(lambda d: d.state != "sent").write(
            {"state": "pending", "attempts": 0, "next_try": fields.Datetime.now()}
        )
        self.env.ref("complaint_api.ir_cron_complaint_api_delivery")._trigger()
        return True

    @api.model
    def _cron_send(self, batch_size=BATCH_SIZE, time_limit=TIME_LIMIT_SECONDS):
        """Send what is due, oldest due first, for at most ``time_limit``
        seconds. Outside tests, each result is committed before the next
        call: a run that is killed sends nothing twice. A failing delivery
        is rescheduled into the future and so leaves the way to the others."""
        commit = may_commit()
        deadline = time.monotonic() + time_limit
        Delivery = self.sudo().with_context(complaint_api_commit=commit)
        done = Delivery.browse()
        while time.monotonic() < deadline:
            domain = [
                ("state", "=", "pending"),
                ("next_try", "<=", fields.Datetime.now()),
            ]
            batch = Delivery.search(domain, order="next_try, id", limit=batch_size)
            if not batch:
                break
            sent = batch._send(deadline=deadline)
            done |= sent
            if len(sent) < len(batch) or len(batch) < batch_size:
                break
        remaining = Delivery.search_count(
            [("state", "=", "pending"), ("next_try", "<=", fields.Datetime.now())]
        )
        self.env["ir.cron"]._notify_progress(done=len(done), remaining=remaining)
        return done

    def _send(self, deadline=None):
        """Post each delivery; a failure only reschedules that one. Stops at
        ``deadline`` (``time.monotonic()``); returns the deliveries tried."""
        commit = self.env.context.get("complaint_api_commit")
        done = self.browse()
        for delivery in self:
            if deadline and done and time.monotonic() >= deadline:
                break
            delivery._send_one()
            done |= delivery
            if commit:
                self.env.cr.commit()
        return done

    def _send_one(self):
        self.ensure_one()
        delivery = self
        now = fields.Datetime.now()
        key = delivery.key_id
        url = key.webhook_url
        error = False
        if not url or not key.active or key.state != "valid":
            error = self.env._(
                "The integration has no webhook or its key is not valid."
            )
        else:
            error, address = webhook_target(self.env, url)
        if not error:
            body = delivery.payload.encode()
            try:
                response = post_pinned(
                    url,
                    address,
                    data=body,
                    headers={
                        "Content-Type": "application/json",
                        SIGNATURE_HEADER: sign(key.webhook_secret, body),
                        "X-Complaint-Delivery": str(delivery.id),
                        "X-Complaint-Event": delivery.event,
                    },
                    timeout=TIMEOUT_SECONDS,
                    allow_redirects=False,
                )
                if not 200 <= response.status_code < 300:
                    error = f"HTTP {response.status_code}"
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"[:250]
        attempts = delivery.attempts + 1
        if not error:
            delivery.write(
                {
                    "state": "sent",
                    "attempts": attempts,
                    "sent_date": now,
                    "last_error": False,
                }
            )
            return
        _logger.info("Webhook delivery %s failed: %s", delivery.id, error)
        delivery.write(
            {
                "attempts": attempts,
                "last_error": error,
                "state": "failed" if attempts >= MAX_ATTEMPTS else "pending",
                "next_try": now
                + timedelta(minutes=BACKOFF_MINUTES * 2 ** (attempts - 1)),
            }
        )
