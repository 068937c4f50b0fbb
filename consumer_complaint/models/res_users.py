# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Contact data of customers with a portal account, masked for the desk.

A portal user's e-mail, phone and street are its partner's (inherited
fields), and its login is usually its e-mail: read through res.users they
must be masked as on res.partner (see res_partner.py). Colleagues (internal
users) stay readable.
"""

from odoo import api, models

from .complaint_masking import (
    domain_field_names,
    mask_export_rows,
    order_field_names,
    restrict_domain,
)


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _complaint_masked_fields(self):
        """Login and the masked partner fields as seen on res.users."""
        partner_fields = self.env["res.partner"]._complaint_masked_fields()
        return frozenset(
            {"login"}
            | {
                fname
                for fname in partner_fields
                if fname in self._fields and self._fields[fname].inherited
            }
        )

    def _complaint_partner_of(self):
        return {user.id: user.partner_id.id for user in self.sudo()}

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        Partner = self.env["res.partner"]
        masked = self._complaint_masked_fields().intersection(fnames)
        if masked and Partner._complaint_user_masked():
            Partner._complaint_mask_linked_rows(
                result, self._complaint_partner_of(), masked
            )
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        rows = super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        if self.env["res.partner"]._complaint_must_mask():
            customers = self.filtered("share")
            mask_export_rows(
                rows,
                fields,
                {
                    fname: set(customers.mapped(fname))
                    for fname in self._complaint_masked_fields()
                },
            )
        return rows

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # The partner link is auto_join: its conditions do not go through
        # res.partner's _search.
        Partner = self.env["res.partner"]
        if Partner._complaint_must_mask():
            masked = self._complaint_masked_fields()
            # The default order of users is by name and login.
            Partner._complaint_refuse_linked(
                self, order_field_names(order), masked - {"login"}
            )
            domain = restrict_domain(
                domain,
                masked,
                ("share", "=", False),
                ("login", "email", "email_normalized"),
            )
        return super()._search(domain, offset=offset, limit=limit, order=order)

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
        Partner = self.env["res.partner"]
        if Partner._complaint_must_mask():
            specs = {spec.split(":")[0] for spec in (*groupby, *aggregates)}
            Partner._complaint_refuse_linked(
                self,
                specs | domain_field_names(having) | order_field_names(order),
                self._complaint_masked_fields(),
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
