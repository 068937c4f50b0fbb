# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Contact data of customers, masked for the complaint desk.

A user of the complaint desk without the personal-data role reads the
complainant's e-mail, phone and street masked on the complaint; the partner
record must not show them either. The restriction applies only to those
users (internal, in a complaint group, without the personal-data role) and
only to customers: colleagues (partners of internal users) and the companies
of the database stay readable, so that Odoo's own features (mentions,
followers, mail) keep working for them. E-mails are sent by the server from
the real values; masking changes what is shown, never what is used.

- read, web_read, search_read, Discuss data: values masked (also when the
  data is read as superuser on behalf of the user, as Discuss does);
- search: a condition on a masked field only matches colleagues and
  companies, so a pattern cannot reveal a customer's digits; exact e-mail
  lookups stay (mail finds a recipient's partner with them);
- read_group / web_read_group on a masked field: refused (AccessError);
- export, onchange answers, copy_data, display names with the address or
  e-mail (context ``show_email`` / ``show_address``): masked.
"""

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .complaint_masking import (
    PERSONAL_DATA_GROUP,
    UNMASKED_COPY,
    domain_field_names,
    mask_export_rows,
    mask_value,
    order_field_names,
    restrict_domain,
)

# Fields of res.partner masked for the complaint desk (present ones only:
# phone_sanitized comes with phone_validation).
PARTNER_MASKED_FIELDS = (
    "email",
    "email_normalized",
    "email_formatted",
    "phone",
    "mobile",
    "phone_sanitized",
    "street",
    "street2",
    "contact_address",
)
# Search-only fields that match on the same data.
PARTNER_SEARCH_ONLY_FIELDS = ("phone_mobile_search",)
# Exact e-mail lookups allowed on customers: mail finds a recipient's partner
# by the full address; only a full address matches.
EXACT_EMAIL_FIELDS = ("email", "email_normalized")
COMPLAINT_DESK_GROUPS = (
    "consumer_complaint.group_complaint_receptionist",
    "consumer_complaint.group_complaint_followup",
    "consumer_complaint.group_complaint_handler",
    "consumer_complaint.group_complaint_supervisor",
    "consumer_complaint.group_complaint_manager",
    "consumer_complaint.group_complaint_analyst",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _complaint_masked_fields(self):
        """Names of the fields masked for the complaint desk."""
        return frozenset(f for f in PARTNER_MASKED_FIELDS if f in self._fields)

    def _complaint_user_masked(self):
        """Whether the user (even through sudo) works at the complaint desk
        without the personal-data role."""
        user = self.env.user
        return (
            bool(user)
            and not user.share
            and not user.has_group(PERSONAL_DATA_GROUP)
            and any(user.has_group(group) for group in COMPLAINT_DESK_GROUPS)
        )

    def _complaint_must_mask(self):
        return not self.env.su and self._complaint_user_masked()

    @api.model
    def _complaint_unmasked_ids(self):
        """Partners whose contact data the desk sees: colleagues (internal
        users, archived ones too) and the companies of the database."""
        self.env["res.users"].flush_model(["partner_id", "share"])
        self.env["res.company"].flush_model(["partner_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT partner_id FROM res_users WHERE NOT share"
                " UNION SELECT partner_id FROM res_company"
            )
        )
        return {row[0] for row in rows}

    def _complaint_masked_ids(self):
        """Ids of the records of ``self`` whose contact data is masked."""
        return set(self.ids) - self._complaint_unmasked_ids()

    def _complaint_mask_vals(self, vals, fnames):
        for fname in fnames:
            if vals.get(fname):
                vals[fname] = mask_value(fname, vals[fname])

    @api.model
    def _complaint_mask_linked_rows(self, rows, partner_of, fnames):
        """Mask ``fnames`` in the read ``rows`` of a model that shows partner
        data (res.users, mail.followers); ``partner_of`` maps a row id to its
        partner id."""
        masked_ids = self.browse(set(partner_of.values()))._complaint_masked_ids()
        for vals in rows:
            if partner_of.get(vals.get("id")) in masked_ids:
                self._complaint_mask_vals(vals, fnames)
        return rows

    @api.model
    def _complaint_refuse_linked(self, model, names, masked):
        """Refuse grouping or sorting ``model`` by its fields in ``masked``."""
        used = masked & set(names)
        if used:
            labels = ", ".join(sorted(model._fields[f].string for f in used))
            raise AccessError(
                self.env._(
                    "Grouping or sorting by %(fields)s needs the personal-data "
                    "role. Group or sort by name instead.",
                    fields=labels,
                )
            )

    # ------------------------------------------------------------------
    # Ways out of the model
    # ------------------------------------------------------------------

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        masked = self._complaint_masked_fields().intersection(fnames)
        if masked and self._complaint_user_masked():
            masked_ids = self._complaint_masked_ids()
            for vals in result:
                if vals.get("id") in masked_ids:
                    self._complaint_mask_vals(vals, masked)
        return result

    @api.depends_context("uid")
    def _compute_display_name(self):
        super()._compute_display_name()
        context = self.env.context
        if not (context.get("show_email") or context.get("show_address")):
            return
        if not self._complaint_user_masked():
            return
        masked_ids = self._complaint_masked_ids()
        for partner in self.filtered(lambda p: p._origin.id in masked_ids):
            name = partner._get_complete_name()
            if context.get("show_email") and partner.email:
                name = f"{name} <{mask_value('email', partner.email)}>"
            partner.display_name = name.strip()

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        rows = super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        if self._complaint_must_mask():
            masked = self.browse(self._complaint_masked_ids())
            mask_export_rows(
                rows,
                fields,
                {
                    fname: set(masked.mapped(fname))
                    for fname in self._complaint_masked_fields()
                },
            )
        return rows

    def onchange(self, values, field_names, fields_spec):
        # E.g. the parent's address copied into a new contact, or
        # email_formatted recomputed from the stored e-mail.
        result = super().onchange(values, field_names, fields_spec)
        changed = result.get("value") or {}
        masked = self._complaint_masked_fields().intersection(changed)
        if (
            masked
            and self._complaint_must_mask()
            and (not self or self._complaint_masked_ids())
        ):
            self._complaint_mask_vals(changed, masked)
        return result

    def copy_data(self, default=None):
        vals_list = super().copy_data(default)
        if self._complaint_must_mask() and not UNMASKED_COPY.get():
            masked_ids = self._complaint_masked_ids()
            fnames = self._complaint_masked_fields() - set(default or ())
            for partner, vals in zip(self, vals_list, strict=True):
                if partner.id in masked_ids:
                    self._complaint_mask_vals(vals, fnames)
        return vals_list

    def copy(self, default=None):
        token = UNMASKED_COPY.set(True)
        try:
            return super().copy(default)
        finally:
            UNMASKED_COPY.reset(token)

    def write(self, vals):
        # A form sends back the masked value of a field it shows: an
        # unchanged value, not asterisks to store.
        if self._complaint_must_mask():
            unchanged = [
                fname
                for fname in self._complaint_masked_fields().intersection(vals)
                if isinstance(vals[fname], str)
                and "*" in vals[fname]
                and all(
                    mask_value(fname, stored) == vals[fname]
                    for stored in self.sudo().mapped(fname)
                )
            ]
            if unchanged:
                vals = {k: v for k, v in vals.items() if k not in unchanged}
        return super().write(vals)

    # ------------------------------------------------------------------
    # Search and grouping
    # ------------------------------------------------------------------

    @api.model
    def _complaint_restrict_domain(self, domain):
        """``domain`` where a condition on a masked field only matches
        colleagues and companies."""
        searched = self._complaint_masked_fields() | {
            f for f in PARTNER_SEARCH_ONLY_FIELDS if f in self._fields
        }
        return restrict_domain(
            domain,
            searched,
            ("id", "in", list(self._complaint_unmasked_ids())),
            EXACT_EMAIL_FIELDS,
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self._complaint_must_mask():
            self._complaint_refuse_masked(order_field_names(order))
            domain = self._complaint_restrict_domain(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _search_display_name(self, operator, value):
        # The name search also matches e-mails; its domain is expanded inside
        # the search, after _search has looked at the caller's domain.
        domain = super()._search_display_name(operator, value)
        if self._complaint_must_mask():
            domain = self._complaint_restrict_domain(domain)
        return domain

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        if self._complaint_must_mask():
            specs = {spec.split(":")[0] for spec in (*groupby, *aggregates)}
            self._complaint_refuse_masked(
                specs | domain_field_names(having) | order_field_names(order)
            )
        return super()._read_group(
            domain,
            groupby=groupby,
            aggregates=aggregates,
            having=having,
            offset=offset,
            limit=limit,
            order=order,
        )

    @api.model
    def _complaint_refuse_masked(self, names):
        self._complaint_refuse_linked(self, names, self._complaint_masked_fields())
