# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Limits of the online intake: complaints per network address and hour, per
complainant and day, atomic under parallel submissions."""

import hashlib
import hmac
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL

from .form import intake_config

# Channels where consumers file by themselves, counted together by the
# per-complainant limit (helpdesk.ticket._complaint_online_channel_codes,
# which other addons extend).
ONLINE_CHANNELS = ("portal", "web_form", "store_qr")


def intake_lock_id(key):
    """Advisory-lock id (a signed 64-bit integer) of a rate-limit key."""
    digest = hashlib.sha256(f"consumer_complaint.intake:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def ip_hash(env, address):
    """Keyed hash of a network address (the address itself is never stored)."""
    if not address:
        return False
    secret = env["ir.config_parameter"].sudo().get_param("database.secret")
    return hmac.new(
        (secret or "").encode(), address.encode(), hashlib.sha256
    ).hexdigest()


def lock_intake(env, keys):
    """Serialize the submissions that share a rate-limit key.

    Transaction-level advisory locks, taken in a fixed order (no deadlock),
    are held until the submission commits or rolls back: a parallel
    submission of the same network or contact waits here, then counts the
    complaint of the one before it.
    """
    for key in sorted(keys):
        env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s)", intake_lock_id(key)))


def rate_limit_error(env, address=None, email=None, phone=None, partner=None):
    """Message when too many complaints came from this address or
    complainant, else False.

    A logged-in customer (``partner``) is counted by their own complaints,
    never by the phone or e-mail a guest may type: guests cannot use up a
    customer's quota. The check and the creation that follows are atomic:
    see ``lock_intake``.
    """
    config = intake_config(env)
    address_hash = ip_hash(env, address)
    contact = {"partner": partner} if partner else {"email": email, "phone": phone}
    Ticket = env["helpdesk.ticket"]
    keys = Ticket._complaint_contact_keys(**contact)
    lock_intake(
        env,
        [f"ip:{address_hash}"] * bool(address_hash)
        + [f"{field}:{value}".lower() for field, value in keys],
    )
    # The transaction's snapshot may predate the lock: count what is
    # committed now, in a cursor opened after it.
    with env.registry.cursor() as cr:
        return rate_limit_count(
            env(cr=cr),
            config,
            address_hash,
            Ticket._complaint_contact_domain(**contact),
        )


def rate_limit_count(env, config, address_hash, contact_domain):
    """The message of the first limit reached, counting committed complaints."""
    now = fields.Datetime.now()
    Ticket = env["helpdesk.ticket"].sudo().with_context(active_test=False)
    if address_hash:
        count = Ticket.search_count(
            [
                ("complaint_intake_ip_hash", "=", address_hash),
                ("create_date", ">=", now - timedelta(hours=1)),
            ]
        )
        if count >= config["rate_ip"]:
            return env._(
                "Too many complaints were sent from your network in the last "
                "hour. Please try again later or call our hotline."
            )
    if contact_domain:
        domain = [
            ("create_date", ">=", now - timedelta(days=1)),
            ("channel_code", "in", Ticket._complaint_online_channel_codes()),
            *contact_domain,
        ]
        if Ticket.search_count(domain) >= config["rate_contact"]:
            return env._(
                "You have already sent several complaints today. We are "
                "handling them; please wait for our answer or call our hotline."
            )
    return False
