# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.addons.consumer_complaint.intake.rate_limit import lock_intake
from odoo.exceptions import UserError, ValidationError

# What an integration may do; each key holds a subset.
SCOPES = ("create", "read", "act", "list")
# Complaint channel code of each kind of integration.
API_CHANNELS = [
    ("miniprogram", "WeChat mini-program"),
    ("app", "Mobile app"),
    ("regulator", "Regulator platform (12315)"),
    ("erp", "Order system / ERP / CRM"),
]
KEY_PREFIX = "cck_"


def key_digest(raw):
    """SHA-256 of a key: keys are 256-bit random strings, so a fast hash is
    enough (no dictionary to guess from) and lets a key be found by it."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ComplaintApiKey(models.Model):
    _name = "complaint.api.key"
    _description = "Complaint API key"
    _order = "name, id"

    name = fields.Char(string="Integration", required=True)
    active = fields.Boolean(default=True)
    channel = fields.Selection(
        API_CHANNELS,
        required=True,
        default="miniprogram",
        help="Channel of the complaints registered with this key.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        help="Company that receives the complaints of this integration; the key "
        "never sees another company's complaints.",
    )
    scope_create = fields.Boolean(
        string="Register complaints",
        default=True,
        help="POST /complaints",
    )
    scope_read = fields.Boolean(
        string="Follow complaints",
        default=True,
        help="GET /complaints/{number} with the tracking token.",
    )
    scope_act = fields.Boolean(
        string="Act for the customer",
        default=True,
        help="Send messages, accept or reject the solution, withdraw.",
    )
    scope_list = fields.Boolean(
        string="List changes",
        help="GET /complaints?since=… (the integration's own complaints).",
    )
    expiry_date = fields.Datetime(
        string="Expires on", help="After this moment the key is refused."
    )
    key_prefix = fields.Char(
        string="Key starts with",
        readonly=True,
        copy=False,
        help="First characters of the key, to recognise it; the key itself is "
        "shown once, when it is generated, and only its hash is stored.",
    )
    key_hash = fields.Char(
        readonly=True, copy=False, index=True, groups="base.group_system"
    )
    key_date = fields.Datetime(string="Key generated on", readonly=True, copy=False)
    revoked_date = fields.Datetime(string="Revoked on", readonly=True, copy=False)
    revoked_by_id = fields.Many2one(
        "res.users", string="Revoked by", readonly=True, copy=False
    )
    last_used_date = fields.Datetime(string="Last used", readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "No key yet"),
            ("valid", "Valid"),
            ("expired", "Expired"),
            ("revoked", "Revoked"),
        ],
        compute="_compute_state",
    )
    webhook_url = fields.Char(
        string="Webhook URL",
        help="Status changes of this integration's complaints are posted here "
        "(JSON, signed with the webhook secret). Leave empty for no webhook.",
    )
    rate_limit_hour = fields.Integer(
        string="Complaints per hour",
        default=600,
        required=True,
        help="At most this many complaints registered with this key in any "
        "hour; above it the API answers 429 (rate_limited).",
    )
    webhook_secret = fields.Char(readonly=True, copy=False, groups="base.group_system")
    ticket_ids = fields.One2many(
        "helpdesk.ticket", "api_key_id", string="Registered complaints"
    )
    ticket_count = fields.Integer(string="Complaints", compute="_compute_ticket_count")
    delivery_failed_count = fields.Integer(
        string="Failed deliveries", compute="_compute_delivery_failed_count"
    )

    _sql_constraints = [
        ("key_hash_unique", "UNIQUE(key_hash)", "This key already exists."),
        (
            "rate_limit_hour_positive",
            "CHECK(rate_limit_hour > 0)",
            "The hourly quota of an integration must be positive.",
        ),
    ]

    @api.constrains("webhook_url")
    def _check_webhook_url(self):
        for key in self.filtered("webhook_url"):
            try:
                parts = urlsplit(key.webhook_url.strip())
                valid = parts.scheme == "https" and bool(parts.hostname)
                valid = valid and not parts.username and not parts.password
            except ValueError:
                valid = False
            if not valid:
                raise ValidationError(
                    self.env._(
                        "The webhook URL of %(integration)s must be an https:// "
                        "address, without user name or password.",
                        integration=key.name,
                    )
                )

    @api.depends("key_prefix", "expiry_date", "revoked_date")
    def _compute_state(self):
        now = fields.Datetime.now()
        for key in self:
            if key.revoked_date:
                key.state = "revoked"
            elif not key.key_prefix:
                key.state = "draft"
            elif key.expiry_date and key.expiry_date <= now:
                key.state = "expired"
            else:
                key.state = "valid"

    def _compute_ticket_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group([("api_key_id", "in", self.ids)], ["api_key_id"], ["__count"])
        )
        for key in self:
            key.ticket_count = counts.get(key._origin, 0)

    def _compute_delivery_failed_count(self):
        counts = dict(
            self.env["complaint.api.delivery"]._read_group(
                [("key_id", "in", self.ids), ("state", "=", "failed")],
                ["key_id"],
                ["__count"],
            )
        )
        for key in self:
            key.delivery_failed_count = counts.get(key._origin, 0)

    def _api_scopes(self):
        self.ensure_one()
        return {scope for scope in SCOPES if self[f"scope_{scope}"]}

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_generate_key(self):
        """A new key (and webhook secret), shown once: the old key stops
        working at once."""
        self.ensure_one()
        self.check_access("write")
        if self.revoked_date:
            raise UserError(self.env._("A revoked key cannot be renewed."))
        raw = KEY_PREFIX + secrets.token_urlsafe(32)
        secret = secrets.token_urlsafe(32)
        self.sudo().write(
            {
                "key_hash": key_digest(raw),
                "key_prefix": raw[: len(KEY_PREFIX) + 6],
                "key_date": fields.Datetime.now(),
                "webhook_secret": secret,
            }
        )
        shown = self.env["complaint.api.key.show"].create(
            {"key_id": self.id, "api_key": raw, "webhook_secret": secret}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Copy the key now"),
            "res_model": "complaint.api.key.show",
            "res_id": shown.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_revoke(self):
        self.ensure_one()
        self.check_access("write")
        if not self.revoked_date:
            self.sudo().write(
                {
                    "revoked_date": fields.Datetime.now(),
                    "revoked_by_id": self.env.uid,
                    "key_hash": False,
                }
            )
        return True

    def action_view_tickets(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Complaints of %(integration)s", integration=self.name),
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "domain": [("api_key_id", "=", self.id)],
        }

    def action_view_deliveries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_api.complaint_api_delivery_action"
        )
        action["domain"] = [("key_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # Authentication (called by the API as superuser, before anything else)
    # ------------------------------------------------------------------

    @api.model
    def _api_authenticate(self, raw):
        """The valid key whose hash is ``raw``'s, else an empty recordset
        (unknown, revoked, expired or archived keys look the same)."""
        if not raw or not isinstance(raw, str) or not raw.startswith(KEY_PREFIX):
            return self.browse()
        key = (
            self.sudo()
            .with_context(active_test=False)
            .search([("key_hash", "=", key_digest(raw))], limit=1)
        )
        if not key or not key.active or key.state != "valid":
            return self.browse()
        now = fields.Datetime.now()
        if not key.last_used_date or key.last_used_date < now - timedelta(minutes=5):
            # Not on every call: parallel calls would fight over the row.
            key.last_used_date = now
        return key

    def _api_quota_error(self):
        """Message when this key registered its hourly quota of complaints,
        else False. Atomic like the web form's limits: an advisory lock on
        the key, held until the registration commits, then a count of what
        is committed (see consumer_complaint's ``intake.rate_limit``)."""
        self.ensure_one()
        Ticket = self.env["helpdesk.ticket"].sudo()
        lock_intake(self.env, [f"api_key:{self.id}"])
        since = fields.Datetime.now() - timedelta(hours=1)
        with self.env.registry.cursor() as cr:
            count = (
                Ticket.with_env(self.env(cr=cr, su=True))
                .with_context(active_test=False)
                .search_count(
                    [("api_key_id", "=", self.id), ("create_date", ">=", since)]
                )
            )
        if count >= self.rate_limit_hour:
            return self.env._(
                "This integration registered its quota of %(limit)s complaints "
                "in the last hour. Please try again later.",
                limit=self.rate_limit_hour,
            )
        return False
