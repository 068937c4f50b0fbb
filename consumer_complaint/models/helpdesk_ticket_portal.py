# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Customer-facing side of complaints: intake checks, portal helpers, e-mail."""

import base64
import hashlib
import hmac
import io
import logging
import math
import os
import re
import secrets
import unicodedata
import uuid
from datetime import timedelta
from urllib.parse import quote_plus

import pytz
from babel.dates import format_skeleton
from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, plaintext2html
from odoo.tools.image import IMAGE_MAX_RESOLUTION
from odoo.tools.misc import babel_locale_parse, hash_sign, verify_hash_signed

from .helpdesk_ticket import DEMANDS
from .ir_attachment import image_pixels
from .res_config_settings_intake import INTAKE_DEFAULTS, INTAKE_FILE_KINDS

_logger = logging.getLogger(__name__)

try:
    import qrcode
except ImportError:  # pragma: no cover - listed in requirements.txt
    qrcode = None

# Mainland mobile numbers and landlines with area code (010-12345678, 021-1234567).
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")

# Recognised file contents: kind -> (mimetype, extensions, test on the first bytes).
FILE_SIGNATURES = {
    "png": ("image/png", (".png",), lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpeg": (
        "image/jpeg",
        (".jpg", ".jpeg"),
        lambda b: b.startswith(b"\xff\xd8\xff"),
    ),
    "gif": (
        "image/gif",
        (".gif",),
        lambda b: b.startswith((b"GIF87a", b"GIF89a")),
    ),
    "webp": (
        "image/webp",
        (".webp",),
        lambda b: len(b) >= 12 and b[:4] == b"RIFF" and b[8:12] == b"WEBP",
    ),
    "pdf": ("application/pdf", (".pdf",), lambda b: b.startswith(b"%PDF-")),
}
IMAGE_MIMETYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")

# Longest texts accepted from customers (characters).
MAX_LENGTHS = {
    "name": 64,
    "email": 254,
    "phone": 32,
    "order_ref": 64,
    "description": 5000,
    "message": 5000,
    "reason": 2000,
    "product_name": 128,
}

# Products a product search of the complaint form returns at most.
PRODUCT_SEARCH_LIMIT = 20

# Channels counted by the online rate limits.
ONLINE_CHANNELS = ("portal", "web_form", "store_qr")
# Steps in which the customer may still withdraw the complaint.
WITHDRAWABLE_STATES = ("accepted", "investigating", "solution", "review", "feedback")
# Steps before a solution is proposed: the promised answer time is shown.
WAITING_STATES = ("accepted", "investigating", "solution", "review")

# Steps in which a complaint is closed: customers no longer write or upload.
CLOSED_STATES = ("archived", "withdrawn")
# How long the link that lets a known customer claim a guest complaint works.
LINK_CONFIRM_HOURS = 72
LINK_CONFIRM_SCOPE = "consumer_complaint.link_confirm"


def intake_lock_id(key):
    """Advisory-lock id (a signed 64-bit integer) of a rate-limit key."""
    digest = hashlib.sha256(f"consumer_complaint.intake:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    complaint_intake_ip_hash = fields.Char(
        string="Intake network address (hashed)",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
        help="Keyed hash of the network address an online complaint came from; "
        "only used to limit spam. The address itself is not stored.",
    )
    privacy_consent_date = fields.Datetime(
        string="Personal-data consent",
        readonly=True,
        copy=False,
        help="When the customer agreed to the processing of their personal data "
        "on the online form.",
    )
    # A guest typed the phone or e-mail of a known customer: the complaint
    # stays with the guest until that customer confirms it from the link sent
    # to their stored address (single use: the nonce is cleared on use).
    complaint_link_partner_id = fields.Many2one(
        "res.partner",
        string="Customer asked to confirm",
        readonly=True,
        copy=False,
        groups="base.group_system",
    )
    complaint_link_nonce = fields.Char(
        readonly=True, copy=False, groups="base.group_system"
    )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for ticket in self.filtered("is_complaint"):
            ticket.access_url = f"/my/complaints/{ticket.id}"
        return res

    @api.model
    def _search(self, domain, *args, **kwargs):
        # helpdesk_mgmt's portal ticket pages build their searches inside
        # the route: they run with this key, complaints having pages of
        # their own. The key only ever narrows a search.
        if self.env.context.get("complaint_hide_complaints"):
            domain = expression.AND([domain or [], [("is_complaint", "=", False)]])
        return super()._search(domain, *args, **kwargs)

    # ------------------------------------------------------------------
    # Intake configuration and input checks
    # ------------------------------------------------------------------

    @api.model
    def _complaint_intake_config(self):
        """Limits of the online intake, from ir.config_parameter."""
        get = self.env["ir.config_parameter"].sudo().get_param

        def number(key, low, high):
            try:
                value = int(get(key) or INTAKE_DEFAULTS[key])
            except (TypeError, ValueError):
                value = INTAKE_DEFAULTS[key]
            return min(max(value, low), high)

        kinds = [
            kind.strip().lower()
            for kind in (
                get("consumer_complaint.intake_allowed_types")
                or INTAKE_DEFAULTS["consumer_complaint.intake_allowed_types"]
            ).split(",")
        ]
        kinds = [kind for kind in kinds if kind in INTAKE_FILE_KINDS] or list(
            INTAKE_FILE_KINDS
        )
        return {
            "max_files": number("consumer_complaint.intake_max_files", 1, 20),
            "max_file_mb": number("consumer_complaint.intake_max_file_size_mb", 1, 50),
            "kinds": kinds,
            "rate_ip": number("consumer_complaint.intake_rate_ip_hour", 1, 10**6),
            "rate_contact": number(
                "consumer_complaint.intake_rate_contact_day", 1, 10**6
            ),
        }

    @api.model
    def _complaint_accept_attribute(self, config=None):
        """Value of the ``accept`` attribute of the file inputs."""
        config = config or self._complaint_intake_config()
        return ",".join(
            FILE_SIGNATURES[kind][0] + "," + ",".join(FILE_SIGNATURES[kind][1])
            for kind in config["kinds"]
        )

    @api.model
    def _complaint_clean_text(self, value, multiline=False):
        """Plain text typed by a customer: no control characters, trimmed."""
        text = value if isinstance(value, str) else ""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _CONTROL_RE.sub("", text)
        if not multiline:
            text = " ".join(text.split())
        return text.strip()

    @api.model
    def _complaint_normalize_phone(self, phone):
        """Return the phone number in a canonical form, or False if malformed.

        Accepts mainland mobile numbers (11 digits starting with 13-19, with an
        optional +86 prefix) and landlines with their area code
        (010-12345678, 021-1234567).
        """
        value = re.sub(r"[\s()]", "", phone or "")
        if value.startswith("+86"):
            value = value[3:]
        elif value.startswith("0086"):
            value = value[4:]
        digits = value.replace("-", "")
        if MOBILE_RE.match(digits):
            return digits
        if LANDLINE_RE.match(value):
            return value
        return False

    @api.model
    def _complaint_file_kind(self, content):
        head = content[:16]
        for kind, (_mimetype, _exts, test) in FILE_SIGNATURES.items():
            if test(head):
                return kind
        return False

    @api.model
    def _complaint_check_files(self, files, config=None):
        """Check uploaded files.

        :param files: list of ``(filename, content)``; content holds at most
            one byte more than the size limit.
        :return: ``(prepared, error)``: prepared is a list of dicts with
            name, raw and mimetype; error a message or False.
        """
        config = config or self._complaint_intake_config()
        if len(files) > config["max_files"]:
            return [], self.env._(
                "You can attach at most %(count)s files.", count=config["max_files"]
            )
        max_bytes = config["max_file_mb"] * 1024 * 1024
        prepared, problems = [], []
        for filename, content in files:
            name = os.path.basename((filename or "").replace("\\", "/"))
            name = unicodedata.normalize("NFC", _CONTROL_RE.sub("", name)).strip()
            name = name[-100:] or "file"
            if not content:
                problems.append(self.env._("%(name)s is empty.", name=name))
                continue
            if len(content) > max_bytes:
                problems.append(
                    self.env._(
                        "%(name)s is larger than %(size)s MB.",
                        name=name,
                        size=config["max_file_mb"],
                    )
                )
                continue
            kind = self._complaint_file_kind(content)
            if kind not in config["kinds"]:
                problems.append(
                    self.env._(
                        "%(name)s is not an accepted file. Accepted: %(kinds)s.",
                        name=name,
                        kinds=", ".join(k.upper() for k in config["kinds"]),
                    )
                )
                continue
            mimetype, extensions, _test = FILE_SIGNATURES[kind]
            if not name.lower().endswith(extensions):
                name = f"{name}{extensions[0]}"
            prepared.append({"name": name, "raw": content, "mimetype": mimetype})
        if problems:
            return [], " ".join(problems)
        return prepared, False

    @api.model
    def _complaint_category_domain(self):
        """Categories of complaints: those the triage classifies (a code) or
        that route to a complaint team, themselves or through their main
        category. helpdesk_mgmt's other categories (IT support, demo data)
        are not complaint categories."""
        return expression.OR(
            [
                [("code", "!=", False)],
                [("default_team_id.is_complaint_team", "=", True)],
                [("parent_id.code", "!=", False)],
                [("parent_id.default_team_id.is_complaint_team", "=", True)],
            ]
        )

    @api.model
    def _complaint_portal_categories(self, company=None):
        """Complaint categories a customer can choose: active, shown on the
        portal."""
        company = company or self.env.company
        categories = (
            self.env["helpdesk.ticket.category"]
            .sudo()
            .search(
                expression.AND(
                    [
                        [
                            ("show_in_portal", "=", True),
                            ("company_id", "in", [company.id, False]),
                        ],
                        self._complaint_category_domain(),
                    ]
                )
            )
        )
        # A sub-category is only offered when its main category is offered too.
        return categories.filtered(
            lambda c: not c.parent_id or c.parent_id in categories
        )

    @api.model
    def _complaint_portal_category_groups(self, company=None):
        """``[(main category, its sub-categories)]`` in the order of the
        categories, as the form groups them."""
        categories = self._complaint_portal_categories(company=company)
        subs = categories.filtered("parent_id")
        return [
            (main, subs.filtered(lambda c, main=main: c.parent_id == main))
            for main in categories - subs
        ]

    @api.model
    def _complaint_product_domain(self, company=None):
        """Products a customer can complain about: those on sale."""
        company = company or self.env.company
        return [
            ("sale_ok", "=", True),
            ("company_id", "in", [company.id, False]),
        ]

    @api.model
    def _complaint_search_products(self, text, limit=PRODUCT_SEARCH_LIMIT):
        """Products whose name or internal reference contains ``text``, the
        closest matches first (Odoo's product search: exact reference, then
        reference, then name).

        :return: product.product records (superuser), at most ``limit``
        """
        text = self._complaint_clean_text(text)[: MAX_LENGTHS["product_name"]]
        Product = self.env["product.product"].sudo()
        if not text:
            return Product
        limit = max(1, min(int(limit or PRODUCT_SEARCH_LIMIT), PRODUCT_SEARCH_LIMIT))
        found = Product.name_search(
            text, self._complaint_product_domain(), operator="ilike", limit=limit
        )
        return Product.browse([product_id for product_id, _name in found])

    @api.model
    def _complaint_match_product(self, text):
        """The product a customer typed without picking it from the list.

        :return: ``(product, candidates)``: the product when the text names
            exactly one (its name, reference or full name, whatever the
            case, or the only match), else the products to choose from.
        """
        candidates = self._complaint_search_products(text)
        typed = self._complaint_clean_text(text).casefold()
        exact = candidates.filtered(
            lambda p: (
                typed
                in {
                    (p.name or "").casefold(),
                    (p.default_code or "").casefold(),
                    (p.display_name or "").casefold(),
                }
            )
        )
        if len(exact) == 1:
            return exact, candidates
        if len(candidates) == 1:
            return candidates, candidates
        return self.env["product.product"], candidates

    @api.model
    def _complaint_find_store(self, code, company=None):
        code = self._complaint_clean_text(code)[:64]
        if not code:
            return self.env["complaint.store"]
        company = company or self.env.company
        return (
            self.env["complaint.store"]
            .sudo()
            .search([("code", "=", code), ("company_id", "=", company.id)], limit=1)
        )

    @api.model
    def _complaint_intake_team(self, category, store, company):
        team = (
            category._complaint_team() if category else self.env["helpdesk.ticket.team"]
        )
        team = team or store.team_id
        if not team:
            param = (
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("consumer_complaint.intake_team_id")
            )
            if param and param.isdigit():
                team = (
                    self.env["helpdesk.ticket.team"]
                    .sudo()
                    .browse(int(param))
                    .exists()
                    .filtered(lambda t: t.active and t.is_complaint_team)
                )
        if not team:
            team = (
                self.env["helpdesk.ticket.team"]
                .sudo()
                .search(
                    [
                        ("is_complaint_team", "=", True),
                        ("company_id", "in", [company.id, False]),
                    ],
                    order="sequence, id",
                    limit=1,
                )
            )
        return team.sudo()

    # Each _complaint_check_* helper reads ``post``, adds what it accepts to
    # ``values`` (ticket values) or ``contact`` and what it refuses to
    # ``errors`` (field name -> message shown next to the field).

    def _complaint_text_too_long(self, key, text, label, errors):
        if len(text) > MAX_LENGTHS[key]:
            errors[key] = self.env._(
                "%(field)s is too long: at most %(max)s characters.",
                field=label,
                max=MAX_LENGTHS[key],
            )
            return True
        return False

    def _complaint_check_contact(self, post, partner, values, contact, errors):
        clean = self._complaint_clean_text
        if partner:
            # A logged-in customer: the complaint is theirs, whatever is posted.
            contact["name"] = partner.name
            contact["email"] = tools.email_normalize(partner.email or "") or False
        else:
            name = clean(post.get("name"))
            if not name:
                errors["name"] = self.env._("Please enter your name.")
            elif not self._complaint_text_too_long(
                "name", name, self.env._("Your name"), errors
            ):
                contact["name"] = name
            email = clean(post.get("email"))
            if email and not self._complaint_text_too_long(
                "email", email, self.env._("E-mail"), errors
            ):
                normalized = tools.email_normalize(email, strict=True)
                if not normalized or not tools.single_email_re.match(email):
                    errors["email"] = self.env._(
                        "Please enter a valid e-mail address, e.g. name@example.com."
                    )
                else:
                    contact["email"] = normalized
        phone = clean(post.get("phone"))
        if phone and not self._complaint_text_too_long(
            "phone", phone, self.env._("Phone"), errors
        ):
            normalized = self._complaint_normalize_phone(phone)
            if not normalized:
                errors["phone"] = self.env._(
                    "Please enter a mainland mobile number (11 digits, e.g. "
                    "13800138000) or a landline with its area code (e.g. "
                    "010-12345678)."
                )
            else:
                contact["phone"] = values["partner_phone"] = normalized
        if not (
            partner
            or contact.get("email")
            or contact.get("phone")
            or "email" in errors
            or "phone" in errors
        ):
            errors["phone"] = self.env._(
                "Please give a phone number or an e-mail address so that we can "
                "answer you."
            )

    def _complaint_check_category(self, post, values, errors):
        """Two levels; only categories shown on the portal, posted ids included."""
        categories = self._complaint_portal_categories()
        chosen = {}
        for key in ("category_parent_id", "category_id"):
            raw = (post.get(key) or "").strip()
            if not raw:
                continue
            found = categories.filtered(lambda c, raw=raw: str(c.id) == raw)
            if not found:
                errors["category_id"] = self.env._(
                    "Please choose a category from the list."
                )
                return
            chosen[key] = found
        parent = chosen.get("category_parent_id")
        child = chosen.get("category_id")
        category = child or parent
        if not category:
            errors["category_id"] = self.env._("Please choose a category.")
        elif child and parent and child.parent_id != parent:
            errors["category_id"] = self.env._(
                "The sub-category does not belong to the chosen category."
            )
        elif categories.filtered(lambda c: c.parent_id == category):
            errors["category_id"] = self.env._("Please choose a sub-category.")
        else:
            values["category_id"] = category.id

    def _complaint_check_product(self, post, values, errors):
        """Only products on sale, whatever id is posted.

        The form posts the id of the product picked in the search list; a
        form sent without it (no JavaScript, or the list not used) posts
        the typed text, which must name one product.
        """
        raw = post.get("product_id")
        raw = raw.strip() if isinstance(raw, str) else ""
        if raw:
            product = self.env["product.product"]
            if raw.isdigit():
                product = product.sudo().search(
                    expression.AND(
                        [[("id", "=", int(raw))], self._complaint_product_domain()]
                    ),
                    limit=1,
                )
            if product:
                values["product_id"] = product.id
            else:
                errors["product_id"] = self.env._(
                    "Please choose a product from the list."
                )
            return
        text = self._complaint_clean_text(post.get("product_name"))
        if not text or self._complaint_text_too_long(
            "product_name", text, self.env._("Product"), errors
        ):
            return
        product, candidates = self._complaint_match_product(text)
        if product:
            values["product_id"] = product.id
        elif candidates:
            errors["product_id"] = self.env._(
                "Several products match “%(text)s”: choose yours below.", text=text
            )
        else:
            errors["product_id"] = self.env._(
                "No product matches “%(text)s”. Check the name, or leave the "
                "field empty and name the product in your description.",
                text=text,
            )

    def _complaint_parse_date(self, value, label, errors, key):
        value = (value or "").strip()
        if not value:
            return False
        try:
            # Exactly YYYY-MM-DD: anything after the date is not ignored.
            day = fields.Date.to_date(value) if len(value) == 10 else False
        except ValueError:
            day = False
        if not day or day.year < 2000:
            errors[key] = self.env._("%(field)s is not a valid date.", field=label)
            return False
        if day > fields.Date.context_today(self) + timedelta(days=1):
            errors[key] = self.env._("%(field)s cannot be in the future.", field=label)
            return False
        return day

    def _complaint_check_purchase(self, post, values, errors):
        """Order number, purchase and delivery dates, amount paid."""
        order_ref = self._complaint_clean_text(post.get("order_ref"))
        if order_ref and not self._complaint_text_too_long(
            "order_ref", order_ref, self.env._("Order number"), errors
        ):
            values["order_ref"] = order_ref
        purchase = self._complaint_parse_date(
            post.get("purchase_date"),
            self.env._("Purchase date"),
            errors,
            "purchase_date",
        )
        delivery = self._complaint_parse_date(
            post.get("delivery_date"),
            self.env._("Delivery date"),
            errors,
            "delivery_date",
        )
        if purchase and delivery and delivery < purchase:
            errors["delivery_date"] = self.env._(
                "The delivery date cannot be before the purchase date."
            )
        values.update(purchase_date=purchase, delivery_date=delivery)
        amount = self._complaint_clean_text(post.get("amount_paid"))
        amount = amount.replace(",", "").lstrip("¥￥").strip()
        if not amount:
            return
        try:
            number = round(float(amount), 2)
        except ValueError:
            number = -1.0
        if math.isfinite(number) and 0 <= number <= 10_000_000:
            values["amount_paid"] = number
        else:
            errors["amount_paid"] = self.env._(
                "Please enter the amount paid as a number, e.g. 129.90."
            )

    def _complaint_check_request(self, post, values, errors):
        """Description, what the customer wants, anonymity and consent."""
        description = self._complaint_clean_text(
            post.get("description"), multiline=True
        )
        if not description:
            errors["description"] = self.env._("Please describe what happened.")
        elif not self._complaint_text_too_long(
            "description", description, self.env._("Description"), errors
        ):
            # Plain text, escaped into the Html field.
            values["description"] = plaintext2html(description)
            first_line = description.split("\n", 1)[0].strip()
            values["name"] = (
                first_line if len(first_line) <= 80 else first_line[:79] + "…"
            )
        demand = (post.get("demand") or "").strip()
        if demand in dict(DEMANDS):
            values["demand"] = demand
        else:
            errors["demand"] = self.env._(
                "Please tell us what you would like us to do."
            )
        if post.get("anonymous") and self.env.company.complaint_allow_anonymous:
            values["anonymous"] = True
        if not post.get("privacy_consent"):
            errors["privacy_consent"] = self.env._(
                "We can only handle your complaint if you agree to the processing "
                "of your personal data."
            )

    @api.model
    def _complaint_intake_validate(self, post, partner=None, store=None):
        """Check the fields of a portal or public complaint form.

        Nothing is written. ``partner`` is the logged-in customer (their name
        and e-mail are not asked again).

        :return: ``(values, contact, errors)``: ticket values, the contact
            ``{"name", "email", "phone"}`` and a dict field -> message.
        """
        values, contact, errors = {}, {}, {}
        self._complaint_check_contact(post, partner, values, contact, errors)
        self._complaint_check_category(post, values, errors)
        self._complaint_check_product(post, values, errors)
        self._complaint_check_purchase(post, values, errors)
        self._complaint_check_request(post, values, errors)
        if store:
            values["store_id"] = store.id
        return values, contact, errors

    @api.model
    def _complaint_ip_hash(self, address):
        if not address:
            return False
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        return hmac.new(
            (secret or "").encode(), address.encode(), hashlib.sha256
        ).hexdigest()

    @api.model
    def _complaint_lock_intake(self, keys):
        """Serialize the submissions that share a rate-limit key.

        Transaction-level advisory locks, taken in a fixed order (no
        deadlock), are held until the submission commits or rolls back: a
        parallel submission of the same network or contact waits here, then
        counts the complaint of the one before it.
        """
        for key in sorted(keys):
            self.env.cr.execute(
                SQL("SELECT pg_advisory_xact_lock(%s)", intake_lock_id(key))
            )

    @api.model
    def _complaint_rate_limit_error(
        self, address=None, email=None, phone=None, partner=None
    ):
        """Message when too many complaints came from this address or contact.

        A logged-in customer (``partner``) is counted by their own complaints,
        never by the phone or e-mail a guest may type: guests cannot use up
        a customer's quota. The check and the creation that follows are
        atomic: see ``_complaint_lock_intake``.
        """
        config = self._complaint_intake_config()
        ip_hash = self._complaint_ip_hash(address)
        if partner:
            contact_keys = [("partner_id", "=", partner.id)]
        else:
            contact_keys = []
            if email:
                contact_keys.append(("partner_email", "=ilike", email))
            if phone:
                contact_keys.append(("partner_phone", "=", phone))
        self._complaint_lock_intake(
            [f"ip:{ip_hash}"] * bool(ip_hash)
            + [f"{field}:{value}".lower() for field, _op, value in contact_keys]
        )
        # The transaction's snapshot may predate the lock: count what is
        # committed now, in a cursor opened after it.
        with self.env.registry.cursor() as cr:
            return self.with_env(self.env(cr=cr))._complaint_rate_limit_count(
                config, ip_hash, contact_keys
            )

    @api.model
    def _complaint_online_channel_codes(self):
        """Channels where consumers file by themselves, counted together by
        the per-contact limit; other addons add theirs."""
        return list(ONLINE_CHANNELS)

    @api.model
    def _complaint_rate_limit_count(self, config, ip_hash, contact_keys):
        now = fields.Datetime.now()
        Ticket = self.sudo().with_context(active_test=False)
        if ip_hash:
            count = Ticket.search_count(
                [
                    ("complaint_intake_ip_hash", "=", ip_hash),
                    ("create_date", ">=", now - timedelta(hours=1)),
                ]
            )
            if count >= config["rate_ip"]:
                return self.env._(
                    "Too many complaints were sent from your network in the last "
                    "hour. Please try again later or call our hotline."
                )
        if contact_keys:
            domain = [
                ("create_date", ">=", now - timedelta(days=1)),
                ("channel_code", "in", self._complaint_online_channel_codes()),
            ]
            domain += ["|"] * (len(contact_keys) - 1) + contact_keys
            if Ticket.search_count(domain) >= config["rate_contact"]:
                return self.env._(
                    "You have already sent several complaints today. We are "
                    "handling them; please wait for our answer or call our hotline."
                )
        return False

    @api.model
    def _complaint_partners_by_phone(self, phone, limit=20):
        """Partners whose phone or mobile is ``phone`` (a normalized number),
        however it was typed (+86, spaces, dashes), within the user's rights."""
        digits = re.sub(r"\D", "", phone or "")
        if len(digits) < 7:
            return self.env["res.partner"]
        variants = [digits, f"86{digits}", f"0086{digits}"]
        Partner = self.env["res.partner"]
        Partner.flush_model(["phone", "mobile", "active"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM res_partner
                 WHERE active
                   AND (
                        regexp_replace(COALESCE(phone, ''), '[^0-9]', '', 'g') IN %(v)s
                     OR regexp_replace(COALESCE(mobile, ''), '[^0-9]', '', 'g') IN %(v)s
                   )
                 ORDER BY id
                 LIMIT 1000
                """,
                v=tuple(variants),
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        return Partner.search([("id", "in", ids)], order="id", limit=limit)

    @api.model
    def _complaint_find_or_create_partner(self, contact):
        """Partner of a caller registered by staff (hotline): found by
        e-mail, then by phone, else created. Staff check who calls; online
        guests go through ``_complaint_guest_partner`` instead."""
        Partner = self.env["res.partner"].sudo()
        partner = self._complaint_known_customer(contact)
        if not partner:
            partner = Partner.create(self._complaint_partner_values(contact))
        return partner

    @api.model
    def _complaint_partner_values(self, contact):
        email, phone = contact.get("email"), contact.get("phone")
        return {
            "name": contact.get("name") or email or phone,
            "email": email or False,
            "phone": phone or False,
            "lang": self.env.lang,
        }

    @api.model
    def _complaint_known_customer(self, contact):
        """The existing customer whose stored e-mail, else phone, is the one
        typed (an empty recordset when none)."""
        Partner = self.env["res.partner"].sudo()
        email, phone = contact.get("email"), contact.get("phone")
        partner = Partner
        if email:
            partner = Partner.search(
                [("email_normalized", "=", email)], order="id", limit=1
            )
        if not partner and phone:
            partner = self._complaint_partners_by_phone(phone, limit=1).sudo()
        return partner

    @api.model
    def _complaint_guest_partner(self, contact):
        """Partner of an online guest: always a new one, with what they typed.

        A typed phone or e-mail proves nothing: attaching the complaint to
        the customer who has it would let anyone write in that customer's
        name and see their complaint. That customer is asked to confirm
        instead (``_complaint_link_request``).
        """
        return (
            self.env["res.partner"]
            .sudo()
            .create(self._complaint_partner_values(contact))
        )

    @api.model
    def _complaint_intake_create(
        self, values, contact, files, channel, partner=None, address=None
    ):
        """Create a complaint from a checked online submission.

        Runs as superuser: the caller checked the input with
        ``_complaint_intake_validate``. ``partner`` is the logged-in
        customer; a guest gets a partner of their own and the known customer
        their contact matches, if any, a confirmation link. Raises on any
        failure so that the caller's transaction (or savepoint) is rolled
        back as a whole.
        """
        Ticket = self.sudo()
        company = self.env.company
        category = self.env["helpdesk.ticket.category"].browse(
            values.get("category_id")
        )
        store = self.env["complaint.store"].sudo().browse(values.get("store_id"))
        team = Ticket._complaint_intake_team(category, store, company)
        if not team:
            raise UserError(
                self.env._("Complaints cannot be received online at the moment.")
            )
        known = self.env["res.partner"]
        if not partner:
            known = Ticket._complaint_known_customer(contact)
            partner = Ticket._complaint_guest_partner(contact)
        vals = dict(
            values,
            partner_id=partner.id,
            partner_name=contact.get("name") or partner.name,
            partner_email=contact.get("email") or partner.email or False,
            channel_id=channel.id,
            team_id=team.id,
            company_id=team.company_id.id or company.id,
            privacy_consent_date=fields.Datetime.now(),
            complaint_intake_ip_hash=Ticket._complaint_ip_hash(address),
        )
        vals.setdefault("partner_phone", contact.get("phone") or False)
        ticket = Ticket.create(vals)
        if self.env.user._is_public():
            # The chatter names who filed it, not the website's "Public user".
            ticket.message_ids.filtered(
                lambda m: m.author_id == self.env.user.partner_id
            ).write({"author_id": partner.id})
        ticket.message_subscribe(partner_ids=partner.ids)
        ticket._complaint_log(
            "privacy",
            self.env._("Consent to personal-data processing given"),
            {"channel": channel.code or "", "partner": partner.id},
        )
        if files:
            ticket._complaint_attach_files(files)
        if known.email:
            ticket._complaint_link_request(known)
        # The number and the tracking link reach the customer by the
        # acknowledgement template of the first workflow stage.
        return ticket

    # ------------------------------------------------------------------
    # A known customer confirms a guest complaint
    # ------------------------------------------------------------------

    def _complaint_link_request(self, customer):
        """Send ``customer``, at their stored address, a signed single-use
        link that attaches this guest complaint to them."""
        self.ensure_one()
        ticket = self.sudo()
        nonce = secrets.token_urlsafe(16)
        ticket.write(
            {"complaint_link_partner_id": customer.id, "complaint_link_nonce": nonce}
        )
        token = hash_sign(
            ticket.env,
            LINK_CONFIRM_SCOPE,
            {"ticket": ticket.id, "partner": customer.id, "nonce": nonce},
            expiration_hours=LINK_CONFIRM_HOURS,
        )
        url = f"{ticket.get_base_url()}/complaint/confirm/{ticket.id}?token={token}"
        lang = customer.lang or self.env.lang
        body = self.env["ir.qweb"]._render(
            "consumer_complaint.complaint_link_confirm_mail",
            {
                "ticket": ticket,
                "customer": customer,
                "url": url,
                "hours": LINK_CONFIRM_HOURS,
            },
            lang=lang,
        )
        company = ticket.company_id
        # Not linked to the complaint: the link must not show in its chatter.
        self.env["mail.mail"].sudo().create(
            {
                "subject": ticket.with_context(lang=lang).env._(
                    "Is complaint %(number)s yours?", number=ticket.number
                ),
                "body_html": body,
                "email_to": customer.email_formatted,
                "email_from": company.email_formatted
                or self.env.ref("base.user_root").email_formatted,
                "auto_delete": True,
            }
        )
        # Not a "customer" event: the guest's timeline must not tell that
        # the contact they typed belongs to a customer.
        ticket._complaint_log(
            "other",
            self.env._("Confirmation link sent to a known customer"),
            {"partner": customer.id},
        )

    @api.model
    def _complaint_link_check(self, ticket_id, token):
        """The complaint and customer of a confirmation link, or ``None``
        when it is forged, expired, used or for another complaint."""
        try:
            payload = verify_hash_signed(
                self.sudo().env, LINK_CONFIRM_SCOPE, token or ""
            )
        except (ValueError, TypeError, UnicodeDecodeError):
            payload = None
        if not isinstance(payload, dict) or payload.get("ticket") != ticket_id:
            return None
        ticket = self.sudo().browse(ticket_id).exists()
        nonce = payload.get("nonce")
        if (
            not ticket
            or not ticket.complaint_link_nonce
            or not isinstance(nonce, str)
            or not hmac.compare_digest(ticket.complaint_link_nonce, nonce)
            or ticket.complaint_link_partner_id.id != payload.get("partner")
        ):
            return None
        return ticket, ticket.complaint_link_partner_id

    @api.model
    def _complaint_link_confirm(self, ticket_id, token):
        """Attach the complaint to the customer who confirmed it.

        The link dies (its nonce is cleared), the guest's partner stops
        following the complaint and the tracking link changes: whoever
        filed it with another person's contact loses access to it.
        :return: the complaint, or ``None`` when the link is not valid.
        """
        found = self._complaint_link_check(ticket_id, token)
        if not found:
            return None
        ticket, customer = found
        guest = ticket.partner_id
        ticket.write(
            {
                "partner_id": customer.id,
                "complaint_link_partner_id": False,
                "complaint_link_nonce": False,
                "access_token": str(uuid.uuid4()),
            }
        )
        if guest and guest != customer:
            ticket.message_unsubscribe(partner_ids=guest.ids)
        ticket.message_subscribe(partner_ids=customer.ids)
        ticket._complaint_log(
            "customer",
            self.env._("Complaint confirmed by the customer from the e-mail link"),
            {"partner": customer.id, "guest_partner": guest.id},
        )
        return ticket

    def _complaint_attach_files(self, files, message=None):
        """Store checked files on the complaint (and on ``message``).

        Each new attachment of a complaint is logged as evidence, with its
        SHA-256, by the ir.attachment override of this addon.
        """
        self.ensure_one()
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": item["name"],
                        "raw": item["raw"],
                        "mimetype": item["mimetype"],
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                    for item in files
                ]
            )
        )
        if message:
            message.sudo().attachment_ids = [(4, att.id) for att in attachments]
        return attachments

    # ------------------------------------------------------------------
    # Store QR codes
    # ------------------------------------------------------------------

    @api.model
    def _complaint_store_form_url(self, store):
        """The public form with the store preset (what the QR code opens)."""
        return f"{store.get_base_url()}/complaint/new?store={quote_plus(store.code)}"

    @api.model
    def _complaint_qr_data_uri(self, value):
        """A QR code of ``value`` as an inline PNG (``data:`` URI).

        Drawn with the ``qrcode`` package; without it, with Odoo's barcode
        generator (reportlab, which needs its Type 1 fonts). Inline, the image
        renders in the HTML report and in wkhtmltopdf alike.
        """
        png = False
        if qrcode:
            image = qrcode.make(
                value,
                error_correction=qrcode.constants.ERROR_CORRECT_M,
                box_size=10,
                border=2,
            )
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            png = buffer.getvalue()
        else:
            try:
                png = self.env["ir.actions.report"].barcode(
                    "QR", value, width=600, height=600
                )
            except Exception:  # reportlab without its fonts
                _logger.info("No QR code generator available", exc_info=True)
        return f"data:image/png;base64,{base64.b64encode(png).decode()}" if png else ""

    def _complaint_tracking_url(self):
        """Absolute link to follow the complaint without an account."""
        self.ensure_one()
        return self.get_base_url() + self.get_portal_url()

    # ------------------------------------------------------------------
    # What the customer sees
    # ------------------------------------------------------------------

    @api.model
    def _complaint_portal_status_words(self):
        return {
            "accepted": (
                self.env._("Received"),
                self.env._(
                    "We have received your complaint and will contact you soon."
                ),
                "info",
            ),
            "investigating": (
                self.env._("Being looked into"),
                self.env._("We are checking the facts of your complaint."),
                "info",
            ),
            "solution": (
                self.env._("Preparing a solution"),
                self.env._("We are preparing a solution for you."),
                "info",
            ),
            "review": (
                self.env._("Preparing a solution"),
                self.env._("We are preparing a solution for you."),
                "info",
            ),
            "feedback": (
                self.env._("Waiting for your answer"),
                self.env._(
                    "We have proposed a solution. Please tell us whether you accept it."
                ),
                "warning",
            ),
            "execution": (
                self.env._("Solution being carried out"),
                self.env._("You accepted the solution; we are carrying it out."),
                "primary",
            ),
            "followup": (
                self.env._("Solved"),
                self.env._(
                    "The solution has been carried out. We may contact you to ask "
                    "how it went."
                ),
                "success",
            ),
            "archived": (
                self.env._("Closed"),
                self.env._("This complaint is closed."),
                "secondary",
            ),
            "withdrawn": (
                self.env._("Withdrawn"),
                self.env._("This complaint was withdrawn."),
                "secondary",
            ),
        }

    def _complaint_portal_status(self):
        """Plain words for the customer: ``{"label", "text", "color"}``."""
        self.ensure_one()
        words = self._complaint_portal_status_words()
        label, text, color = words.get(self.complaint_state or "accepted")
        return {"label": label, "text": text, "color": color}

    def _complaint_portal_tz(self):
        self.ensure_one()
        user = self.env.user
        tz = self.partner_id.tz
        if not tz and not user._is_public() and user.partner_id == self.partner_id:
            tz = user.tz
        # Not the context's: that is the zone of whoever renders the page or
        # the e-mail, not the customer's.
        return (
            tz
            or self.company_id.partner_id.tz
            or self.team_id.resource_calendar_id.tz
            or "Asia/Shanghai"
        )

    def _complaint_portal_format_dt(self, value, with_year=None):
        """Date and time in the customer's time zone, e.g. 11月24日 18:00."""
        self.ensure_one()
        if not value:
            return ""
        try:
            tz = pytz.timezone(self._complaint_portal_tz())
        except pytz.UnknownTimeZoneError:
            tz = pytz.timezone("Asia/Shanghai")
        local = pytz.utc.localize(value).astimezone(tz).replace(tzinfo=None)
        if with_year is None:
            now = pytz.utc.localize(fields.Datetime.now()).astimezone(tz)
            with_year = local.year != now.year
        locale = babel_locale_parse(self.env.lang or "en_US")
        day = format_skeleton("yMMMd" if with_year else "MMMd", local, locale=locale)
        return f"{day} {local:%H:%M}"

    def _complaint_portal_deadline(self):
        self.ensure_one()
        if self.complaint_state not in WAITING_STATES:
            return False
        return self.resolution_deadline or self.complaint_deadline or False

    def _complaint_portal_deadline_text(self):
        """The promised answer time, with the year so that it is a date
        wherever it is read, e.g. "Expected solution by 2026年11月24日 18:00"."""
        self.ensure_one()
        deadline = self._complaint_portal_deadline()
        if not deadline:
            return ""
        if deadline < fields.Datetime.now():
            return self.env._(
                "Our solution is overdue; your complaint has been escalated and "
                "will be answered as soon as possible."
            )
        return self.env._(
            "Expected solution by %(date)s",
            date=self._complaint_portal_format_dt(deadline, with_year=True),
        )

    def _complaint_portal_can_answer(self):
        self.ensure_one()
        return self.complaint_state == "feedback"

    def _complaint_portal_can_withdraw(self):
        self.ensure_one()
        return self.complaint_state in WITHDRAWABLE_STATES

    def _complaint_portal_rejection(self):
        """The customer's answer when they rejected the last solution, shown
        back to them: ``{"reason", "date_text"}``, or None."""
        self.ensure_one()
        ticket = self.sudo()
        if (
            ticket.customer_response != "rejected"
            or not ticket.customer_response_reason
        ):
            return None
        return {
            "reason": ticket.customer_response_reason,
            "date_text": self._complaint_portal_format_dt(
                ticket.customer_response_date
            ),
        }

    def _complaint_portal_internal_messages(self):
        self.ensure_one()
        return self.sudo().message_ids.filtered(
            lambda m: m.is_internal or m.subtype_id.internal
        )

    def _complaint_portal_public_messages(self):
        self.ensure_one()
        return self.sudo().message_ids.filtered(
            lambda m: (
                m.message_type in ("comment", "email", "email_outgoing")
                and not m.is_internal
                and m.subtype_id
                and not m.subtype_id.internal
            )
        )

    def _complaint_portal_attachments(self):
        """Files the customer may see: those of messages to or from the
        customer, and those uploaded without a message by the customer or
        by the product itself (intake). A file a staff member drops in the
        chatter reaches the customer only in a message sent to them."""
        self.ensure_one()
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", self._name), ("res_id", "=", self.id)],
                order="id",
            )
        )
        on_messages = self.sudo().message_ids.attachment_ids
        public = self._complaint_portal_public_messages().attachment_ids

        def visible(attachment):
            if attachment in on_messages:
                return attachment in public
            uploader = attachment.create_uid
            return (
                not uploader or uploader._is_superuser() or not uploader._is_internal()
            )

        return attachments.filtered(visible)

    def _complaint_portal_timeline(self):
        """Customer-visible events, newest first: list of dicts.

        Status changes come from the event log (never its internal details),
        messages only when posted for the customer (never internal notes).
        """
        self.ensure_one()
        words = self._complaint_portal_status_words()
        items = []
        events = self.sudo().event_ids.filtered(
            lambda e: e.event_type in ("intake", "stage", "solution", "customer")
        )
        last_label = None
        for event in events.sorted(lambda e: (e.date, e.id)):
            if event.event_type == "intake":
                title = self.env._(
                    "Complaint %(number)s registered", number=self.number
                )
                last_label = words["accepted"][0]
            elif event.event_type == "stage":
                state = (event.summary or "").rsplit("→", 1)[-1].strip()
                if state not in words or words[state][0] == last_label:
                    continue
                last_label = words[state][0]
                title = self.env._("Status: %(status)s", status=last_label)
            elif event.event_type == "solution":
                title = self.env._("A solution was proposed to you")
            else:
                title = event.summary
            items.append(
                {
                    "date": event.date,
                    "kind": "status",
                    "title": title,
                    "author": "",
                    "body": False,
                    "attachments": self.env["ir.attachment"],
                    "order": (0, event.id),
                }
            )
        for message in self._complaint_portal_public_messages():
            if tools.is_html_empty(message.body) and not message.attachment_ids:
                continue
            items.append(
                {
                    "date": message.date,
                    "kind": "message",
                    "title": "",
                    "author": message.author_id.name or message.email_from or "",
                    "body": message.body,
                    "attachments": message.attachment_ids,
                    "order": (1, message.id),
                }
            )
        items.sort(key=lambda item: (item["date"], item["order"]), reverse=True)
        for item in items:
            item["date_text"] = self._complaint_portal_format_dt(item["date"])
        return items

    def _complaint_portal_compensation(self):
        """Compensation lines to show, when the compensation feature provides them."""
        self.ensure_one()
        if not hasattr(self, "_complaint_portal_compensation_lines"):
            return []
        lines = self._complaint_portal_compensation_lines() or []
        result = []
        for line in lines:
            if isinstance(line, dict):
                result.append(
                    {
                        "name": line.get("name") or line.get("description") or "",
                        "amount": line.get("amount"),
                        "state": line.get("state_label") or line.get("state") or "",
                    }
                )
                continue
            state = ""
            if "state" in line._fields and line.state:
                state = dict(
                    line._fields["state"]._description_selection(line.env)
                ).get(line.state, line.state)
            result.append(
                {
                    "name": line.display_name,
                    "amount": line.amount if "amount" in line._fields else None,
                    "state": state,
                }
            )
        return result

    def _complaint_after_transition(self, old_states):
        res = super()._complaint_after_transition(old_states)
        # A withdrawn complaint's tracking link dies with it: copies of the
        # link (forwarded e-mails, shared screens) no longer open it.
        withdrawn = self.filtered(lambda t: t.complaint_state == "withdrawn")
        for ticket in withdrawn.sudo():
            ticket.access_token = str(uuid.uuid4())
        return res

    @api.model
    def _complaint_check_customer_upload(self, name, raw):
        """The product's rules for a file a customer or guest uploads, for
        the routes that do not check them (Odoo's /mail/attachment/upload):
        an accepted kind and size, recognised from the content, and an image
        Odoo can decode. :return: ``(name, mimetype)`` to store.
        :raise UserError: what is wrong with the file.
        """
        prepared, error = self._complaint_check_files([(name, raw or b"")])
        if not error and prepared[0]["mimetype"] in IMAGE_MIMETYPES:
            if image_pixels(prepared[0]["raw"]) > IMAGE_MAX_RESOLUTION:
                error = self.env._(
                    "%(name)s is too large an image: at most %(mpx)s million pixels.",
                    name=prepared[0]["name"],
                    mpx=int(IMAGE_MAX_RESOLUTION / 1e6),
                )
        if error:
            raise UserError(error)
        return prepared[0]["name"], prepared[0]["mimetype"]

    # ------------------------------------------------------------------
    # What the customer does (called on the record returned by the portal's
    # access check, i.e. after it)
    # ------------------------------------------------------------------

    def _complaint_portal_post(self, text, files, author):
        """A message, evidence or both from the customer."""
        self.ensure_one()
        body = plaintext2html(text) if text else ""
        message = self.sudo().message_post(
            body=body,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        if files:
            self._complaint_attach_files(files, message=message)
        return message

    def _complaint_portal_withdraw(self, reason, author):
        self.ensure_one()
        if not self._complaint_portal_can_withdraw():
            raise UserError(self.env._("This complaint can no longer be withdrawn."))
        ticket = self.sudo()
        text = self.env._("I withdraw my complaint.")
        if reason:
            text = f"{text}\n{reason}"
        ticket.message_post(
            body=plaintext2html(text),
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        ticket._complaint_log(
            "customer",
            self.env._("Customer withdrew the complaint"),
            {"reason": reason or ""},
        )
        return ticket._complaint_move_to("withdrawn")

    # ------------------------------------------------------------------
    # E-mail channel
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg, custom_values=None):
        """A mail to the alias of a complaint team opens a complaint."""
        values = dict(custom_values or {})
        team = self.env["helpdesk.ticket.team"].browse(values.get("team_id")).exists()
        if not team.is_complaint_team:
            return super().message_new(msg, custom_values=values)
        channel = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_channel_email", raise_if_not_found=False
        )
        if channel:
            values.setdefault("channel_id", channel.id)
        name, email = tools.parse_contact_from_email(msg.get("email_from") or "")
        if name:
            values.setdefault("partner_name", name)
        if tools.is_html_empty(msg.get("body")):
            # The mail body is the description; a mail with attachments only
            # still needs one.
            values.setdefault(
                "description",
                plaintext2html(msg.get("subject") or self.env._("No description")),
            )
        ticket = super().message_new(msg, custom_values=values)
        if email and ticket.partner_email != email:
            # The gateway stores "Name <address>"; keep the address only.
            ticket.partner_email = email
        return ticket
