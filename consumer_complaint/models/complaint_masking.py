# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How personal data is masked: shared by the models that mask it
(helpdesk.ticket, res.partner, complaint.event). No model here."""

import contextvars
import re

from odoo.osv import expression

# Shown by the reveal window (complaint.reveal).
PERSONAL_FIELDS = ("partner_phone", "partner_email", "id_number", "contact_address")
# Masked for users without the personal-data role, and how.
MASKED_FIELDS = {
    "partner_phone": "phone",
    "partner_email": "email",
    "id_number": "id_number",
    "contact_address": "address",
    "email_cc": "text",
}
PERSONAL_DATA_GROUP = "consumer_complaint.group_complaint_personal_data"
# Kinds of mask of the fields of other models (res.partner, complaint.event).
MASK_KINDS = {
    **MASKED_FIELDS,
    "email": "email",
    "email_normalized": "email",
    "email_formatted": "text",
    "phone": "phone",
    "mobile": "phone",
    "phone_sanitized": "phone",
    "street": "street",
    "street2": "street",
    "payload": "text",
    "login": "text",
}
# Starts only where a run of address characters starts: linear time on any
# text (from every position a long run would be scanned again).
EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
# Mainland mobiles (3-4-4, optional +86), landlines with area code, and
# international numbers; never digits inside a Latin word or code (hashes,
# references) nor an ISO date. Chinese characters around a number do not
# protect it ("电话13812345678").
PHONE_RE = re.compile(
    r"(?<![0-9A-Za-z_*+])(?:"
    r"(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}"
    r"|0[0-9]{2,3}-?[0-9]{7,8}"
    r"|\+[0-9][0-9 -]{6,16}[0-9]"
    r")(?![0-9A-Za-z_*])"
)
EXACT_OPERATORS = ("=", "!=", "in", "not in")
# Set while copy() runs, so that copy_data() of the same call keeps the real
# values; a context key would be client-controlled.
UNMASKED_COPY = contextvars.ContextVar("complaint_unmasked_copy", default=False)


def mask_value(fname, value):
    """Mask a personal value, keeping just enough to recognise it."""
    if not value or not isinstance(value, str):
        return value
    kind = MASK_KINDS.get(fname, "phone")
    if kind == "text":
        return mask_text(value)
    if kind == "email" and "@" in value:
        local, _sep, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if kind == "id_number":
        return (
            value[:6] + "*" * max(len(value) - 10, 4) + value[-4:]
            if len(value) > 10
            else "****"
        )
    if kind == "address":
        return value[:6] + "****" if len(value) > 6 else "****"
    if kind in ("street", "email"):
        return "****"
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    return "****"


def mask_text(text):
    """Mask the e-mail addresses and phone numbers inside a free text."""
    if not text or not isinstance(text, str):
        return text
    text = EMAIL_RE.sub(lambda m: mask_value("email", m.group()), text)
    return PHONE_RE.sub(lambda m: mask_value("phone", m.group()), text)


def domain_field_names(domain):
    """First field of each leaf of ``domain`` that tests a value (a test
    for "is set" or "is not set" reveals nothing and is not counted)."""
    names = set()
    for leaf in domain or ():
        if not (isinstance(leaf, (list, tuple)) and len(leaf) == 3):
            continue
        left, operator, right = leaf
        if not isinstance(left, str):
            continue
        if operator in ("=", "!=") and right in (False, None):
            continue
        names.add(left.split(".")[0].split(":")[0])
    return names


def order_field_names(order):
    """Fields named by an ``order`` specification ("a desc, b:max asc")."""
    if not order or not isinstance(order, str):
        return set()
    return {
        term.split()[0].split(".")[0].split(":")[0]
        for term in order.split(",")
        if term.strip()
    }


def mask_export_rows(rows, fields, masked_values):
    """Mask, in export ``rows``, the columns of a single masked field.

    ``masked_values`` maps a field name to the set of its values to mask, or
    to None to mask every value of the column.
    """
    columns = [
        (index, path[0])
        for index, path in enumerate(fields)
        if len(path) == 1 and path[0] in masked_values
    ]
    for row in rows:
        for index, fname in columns:
            value = row[index]
            to_mask = masked_values[fname]
            if value and (to_mask is None or value in to_mask):
                row[index] = mask_value(fname, value)
    return rows


def restrict_domain(domain, searched, visible, exact_fields=()):
    """``domain`` where each condition on a field of ``searched`` also
    requires the condition ``visible`` (records whose data the user sees).

    The condition then says nothing about a hidden value, whatever the
    operators around it (a negation included). Exact lookups on
    ``exact_fields`` and "is (not) set" tests are kept as they are.
    """
    if not searched & domain_field_names(domain):
        return domain
    restricted = []
    for element in expression.normalize_domain(domain):
        if (
            isinstance(element, (list, tuple))
            and len(element) == 3
            and isinstance(element[0], str)
            and element[0].split(".")[0] in searched
            and domain_field_names([element])
            and not (element[0] in exact_fields and element[1] in EXACT_OPERATORS)
        ):
            restricted += ["&", element, visible]
        else:
            restricted.append(element)
    return restricted
