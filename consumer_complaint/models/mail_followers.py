# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Followers show their partner's e-mail (the chatter's follower list, and
any JSON-RPC read of mail.followers, which has no record rule): masked for
the complaint desk as on res.partner (see res_partner.py). A search by
e-mail goes through res.partner's search and is restricted there."""

from odoo import api, models

from .complaint_masking import (
    domain_field_names,
    mask_export_rows,
    order_field_names,
)

FOLLOWER_MASKED_FIELDS = frozenset({"email"})


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    def _complaint_partner_of(self):
        return {follower.id: follower.partner_id.id for follower in self.sudo()}

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        Partner = self.env["res.partner"]
        masked = FOLLOWER_MASKED_FIELDS.intersection(fnames)
        if masked and Partner._complaint_user_masked():
            Partner._complaint_mask_linked_rows(
                result, self._complaint_partner_of(), masked
            )
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        rows = super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        Partner = self.env["res.partner"]
        if Partner._complaint_must_mask():
            masked = self.sudo().partner_id.browse(
                self.sudo().partner_id._complaint_masked_ids()
            )
            mask_export_rows(rows, fields, {"email": set(masked.mapped("email"))})
        return rows

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
                FOLLOWER_MASKED_FIELDS,
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
