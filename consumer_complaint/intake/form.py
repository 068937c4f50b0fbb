# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a customer types: cleaning, limits and the checks of the complaint
form, shared by every channel that takes a complaint (web form, portal, store
QR code, API, hotline entry).

Each ``check_*`` function reads ``post`` (the posted strings), returns or adds
what it accepts and adds what it refuses to ``errors`` (field name -> message
shown next to the field). Nothing is written.

Nothing here imports the models at load time: the models import this package.
"""

import math
import re
from datetime import timedelta

from odoo import fields, tools
from odoo.osv import expression
from odoo.tools import plaintext2html

from . import catalogue

# Mainland mobile numbers and landlines with area code (010-12345678, 021-1234567).
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

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
# Longest title taken from the first line of a description.
TITLE_LENGTH = 80


def intake_config(env):
    """Limits of the online intake, from ir.config_parameter."""
    # The settings model imports nothing from here: no import cycle.
    from ..models.res_config_settings_intake import INTAKE_DEFAULTS, INTAKE_FILE_KINDS

    get = env["ir.config_parameter"].sudo().get_param

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
        "rate_contact": number("consumer_complaint.intake_rate_contact_day", 1, 10**6),
    }


def clean_text(value, multiline=False):
    """Plain text typed by a customer: no control characters, trimmed."""
    text = value if isinstance(value, str) else ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL_RE.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    return text.strip()


def normalize_phone(phone):
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


def text_too_long(env, key, text, label, errors):
    if len(text) > MAX_LENGTHS[key]:
        errors[key] = env._(
            "%(field)s is too long: at most %(max)s characters.",
            field=label,
            max=MAX_LENGTHS[key],
        )
        return True
    return False


# ----------------------------------------------------------------------
# One field each: also the hotline entry's checks, with its own wording
# ----------------------------------------------------------------------


def check_name(env, post, errors, required=True, missing=None):
    """The complainant's name, or False."""
    name = clean_text(post.get("name"))
    if not name:
        if required:
            errors["name"] = missing or env._("Please enter your name.")
        return False
    if text_too_long(env, "name", name, env._("Your name"), errors):
        return False
    return name


def check_email(env, post, errors, invalid=None):
    """The normalized e-mail address, or False (none or refused)."""
    email = clean_text(post.get("email"))
    if not email or text_too_long(env, "email", email, env._("E-mail"), errors):
        return False
    normalized = tools.email_normalize(email, strict=True)
    if not normalized or not tools.single_email_re.match(email):
        errors["email"] = invalid or env._(
            "Please enter a valid e-mail address, e.g. name@example.com."
        )
        return False
    return normalized


def check_phone(env, post, errors, required=False, invalid=None):
    """The normalized phone number (see ``normalize_phone``), or False."""
    phone = clean_text(post.get("phone"))
    if phone and text_too_long(env, "phone", phone, env._("Phone"), errors):
        return False
    normalized = normalize_phone(phone) if phone else False
    if not normalized and (phone or required):
        errors["phone"] = invalid or env._(
            "Please enter a mainland mobile number (11 digits, e.g. "
            "13800138000) or a landline with its area code (e.g. "
            "010-12345678)."
        )
    return normalized


def check_order_ref(env, post, errors):
    """The order number, or False."""
    order_ref = clean_text(post.get("order_ref"))
    if not order_ref or text_too_long(
        env, "order_ref", order_ref, env._("Order number"), errors
    ):
        return False
    return order_ref


def check_description(env, post, errors, missing=None):
    """What happened, as plain text, or False."""
    description = clean_text(post.get("description"), multiline=True)
    if not description:
        errors["description"] = missing or env._("Please describe what happened.")
        return False
    if text_too_long(env, "description", description, env._("Description"), errors):
        return False
    return description


def description_values(description):
    """The complaint's description and title (its first line) from plain text."""
    first_line = description.split("\n", 1)[0].strip()
    return {
        # Plain text, escaped into the Html field.
        "description": plaintext2html(description),
        "name": first_line
        if len(first_line) <= TITLE_LENGTH
        else first_line[: TITLE_LENGTH - 1] + "…",
    }


def parse_date(env, value, label, errors, key):
    value = (value or "").strip()
    if not value:
        return False
    try:
        # Exactly YYYY-MM-DD: anything after the date is not ignored.
        day = fields.Date.to_date(value) if len(value) == 10 else False
    except ValueError:
        day = False
    if not day or day.year < 2000:
        errors[key] = env._("%(field)s is not a valid date.", field=label)
        return False
    tomorrow = fields.Date.context_today(env["helpdesk.ticket"]) + timedelta(days=1)
    if day > tomorrow:
        errors[key] = env._("%(field)s cannot be in the future.", field=label)
        return False
    return day


# ----------------------------------------------------------------------
# The sections of the complaint form
# ----------------------------------------------------------------------


def check_contact(env, post, partner, values, contact, errors):
    """Name, e-mail and phone; a logged-in customer (``partner``) is not
    asked their name and e-mail again."""
    if partner:
        # The complaint is theirs, whatever is posted.
        contact["name"] = partner.name
        contact["email"] = tools.email_normalize(partner.email or "") or False
    else:
        name = check_name(env, post, errors)
        if name:
            contact["name"] = name
        email = check_email(env, post, errors)
        if email:
            contact["email"] = email
    phone = check_phone(env, post, errors)
    if phone:
        contact["phone"] = values["partner_phone"] = phone
    if not (
        partner
        or contact.get("email")
        or contact.get("phone")
        or "email" in errors
        or "phone" in errors
    ):
        errors["phone"] = env._(
            "Please give a phone number or an e-mail address so that we can answer you."
        )


def check_category(env, post, values, errors):
    """Two levels; only categories shown on the portal, posted ids included."""
    categories = catalogue.portal_categories(env)
    chosen = {}
    for key in ("category_parent_id", "category_id"):
        raw = (post.get(key) or "").strip()
        if not raw:
            continue
        found = categories.filtered(lambda c, raw=raw: str(c.id) == raw)
        if not found:
            errors["category_id"] = env._("Please choose a category from the list.")
            return
        chosen[key] = found
    parent = chosen.get("category_parent_id")
    child = chosen.get("category_id")
    category = child or parent
    if not category:
        errors["category_id"] = env._("Please choose a category.")
    elif child and parent and child.parent_id != parent:
        errors["category_id"] = env._(
            "The sub-category does not belong to the chosen category."
        )
    elif categories.filtered(lambda c: c.parent_id == category):
        errors["category_id"] = env._("Please choose a sub-category.")
    else:
        values["category_id"] = category.id


def check_product(env, post, values, errors):
    """Only products on sale, whatever id is posted.

    The form posts the id of the product picked in the search list; a form
    sent without it (no JavaScript, or the list not used) posts the typed
    text, which must name one product.
    """
    raw = post.get("product_id")
    raw = raw.strip() if isinstance(raw, str) else ""
    if raw:
        product = env["product.product"]
        if raw.isdigit():
            product = product.sudo().search(
                expression.AND(
                    [[("id", "=", int(raw))], catalogue.product_domain(env)]
                ),
                limit=1,
            )
        if product:
            values["product_id"] = product.id
        else:
            errors["product_id"] = env._("Please choose a product from the list.")
        return
    text = clean_text(post.get("product_name"))
    if not text or text_too_long(env, "product_name", text, env._("Product"), errors):
        return
    product, candidates = catalogue.match_product(env, text)
    if product:
        values["product_id"] = product.id
    elif candidates:
        errors["product_id"] = env._(
            "Several products match “%(text)s”: choose yours below.", text=text
        )
    else:
        errors["product_id"] = env._(
            "No product matches “%(text)s”. Check the name, or leave the "
            "field empty and name the product in your description.",
            text=text,
        )


def check_purchase(env, post, values, errors):
    """Order number, purchase and delivery dates, amount paid."""
    order_ref = check_order_ref(env, post, errors)
    if order_ref:
        values["order_ref"] = order_ref
    purchase = parse_date(
        env, post.get("purchase_date"), env._("Purchase date"), errors, "purchase_date"
    )
    delivery = parse_date(
        env, post.get("delivery_date"), env._("Delivery date"), errors, "delivery_date"
    )
    if purchase and delivery and delivery < purchase:
        errors["delivery_date"] = env._(
            "The delivery date cannot be before the purchase date."
        )
    values.update(purchase_date=purchase, delivery_date=delivery)
    amount = clean_text(post.get("amount_paid"))
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
        errors["amount_paid"] = env._(
            "Please enter the amount paid as a number, e.g. 129.90."
        )


def check_request(env, post, values, errors):
    """Description, what the customer wants, anonymity and consent."""
    description = check_description(env, post, errors)
    if description:
        values.update(description_values(description))
    demand = (post.get("demand") or "").strip()
    if demand in env["helpdesk.ticket"]._fields["demand"].get_values(env):
        values["demand"] = demand
    else:
        errors["demand"] = env._("Please tell us what you would like us to do.")
    if post.get("anonymous") and env.company.complaint_allow_anonymous:
        values["anonymous"] = True
    if not post.get("privacy_consent"):
        errors["privacy_consent"] = env._(
            "We can only handle your complaint if you agree to the processing "
            "of your personal data."
        )


def validate(env, post, partner=None, store=None):
    """Check the fields of a complaint form.

    ``partner`` is the logged-in customer (their name and e-mail are not
    asked again); ``store`` the store of a QR code.

    :return: ``(values, contact, errors)``: ticket values, the contact
        ``{"name", "email", "phone"}`` and a dict field -> message.
    """
    values, contact, errors = {}, {}, {}
    check_contact(env, post, partner, values, contact, errors)
    check_category(env, post, values, errors)
    check_product(env, post, values, errors)
    check_purchase(env, post, values, errors)
    check_request(env, post, values, errors)
    if store:
        values["store_id"] = store.id
    return values, contact, errors
