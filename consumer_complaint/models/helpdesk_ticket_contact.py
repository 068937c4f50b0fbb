# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who filed a complaint: the one definition of "the same complainant".

Two complaints come from the same complainant when they share the partner,
the phone number (normalized: 13800138000, 010-12345678) or the e-mail
address (whatever its case). The rate limits of the intake, the customer's
history and personal-data requests, the hotline's previous complaints, the
repeat detection and the claimant risk all use it.
"""

import re

from odoo import api, models, tools
from odoo.osv import expression
from odoo.tools import SQL, escape_psql

from ..intake.form import normalize_phone

# The contact columns of a complaint, most telling first.
CONTACT_COLUMNS = ("partner_id", "partner_phone", "partner_email")


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _complaint_contact_keys(self, partner=None, phone=None, email=None):
        """The ``(field, value)`` pairs that identify a complainant: one per
        partner of ``partner`` (any number), the phone as the intake stores
        it (as typed when it is no phone number of ours), the e-mail address
        in lower case."""
        keys = [
            ("partner_id", partner_id)
            for partner_id in (partner.ids if partner else [])
        ]
        phone = (phone or "").strip()
        if phone:
            keys.append(("partner_phone", normalize_phone(phone) or phone))
        email = (email or "").strip()
        if email:
            keys.append(
                ("partner_email", tools.email_normalize(email) or email.lower())
            )
        return keys

    @api.model
    def _complaint_contact_domain(self, partner=None, phone=None, email=None):
        """Complaints of one complainant: same partner, phone or e-mail
        (``[]`` when nothing identifies them). A complaint typed in the back
        office may hold the phone or address as typed, not normalized: both
        forms match."""
        typed = {
            "partner_phone": (phone or "").strip(),
            "partner_email": (email or "").strip(),
        }
        parts = []
        for field, value in self._complaint_contact_keys(partner, phone, email):
            if field == "partner_email":
                # Case-insensitive, and the address is no pattern.
                parts += [
                    [(field, "=ilike", escape_psql(address))]
                    for address in {value, typed[field].lower()}
                ]
            elif field == "partner_phone":
                parts.append([(field, "in", list({value, typed[field]}))])
            else:
                parts.append([(field, "=", value)])
        return expression.OR(parts) if parts else []

    @api.model
    def _complaint_contact_expr(self, column, alias=None):
        """SQL of the value complaints compare on ``column``: a contact
        column as "the same complainant" compares it, other columns as they
        are. Also the expression of the indexes that serve such matches."""
        col = SQL.identifier(alias, column) if alias else SQL.identifier(column)
        return SQL("lower(%s)", col) if column == "partner_email" else col

    @api.model
    def _complaint_same_contact_sql(self, left, right, columns=CONTACT_COLUMNS):
        """SQL condition: the complaints of table aliases ``left`` and
        ``right`` share a contact of ``columns``."""
        expr = self._complaint_contact_expr
        return SQL(
            "(%s)",
            SQL(" OR ").join(
                SQL("%s = %s", expr(column, left), expr(column, right))
                for column in columns
            ),
        )

    # ------------------------------------------------------------------
    # The customers behind a contact
    # ------------------------------------------------------------------

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
