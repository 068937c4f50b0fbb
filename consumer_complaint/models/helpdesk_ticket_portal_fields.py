# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a portal customer may read of a complaint through the ORM.

The record rules let a customer read their own complaints; this whitelist
says which fields of them (the pattern of ``SELF_READABLE_FIELDS`` in
project.task). Anything else is refused to portal and public users, whatever
the way in over JSON-RPC: ``read``, ``search`` and its order, ``read_group``,
``fields_get``, exports. The portal pages render the complaint as superuser
after their own access check and are not affected.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError

# What the portal pages of the complaint desk show (lists and detail pages of
# consumer_complaint and helpdesk_mgmt) and what the portal framework reads.
# Other addons add theirs by overriding ``_complaint_portal_readable_fields``.
COMPLAINT_PORTAL_READABLE_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "active",
        "number",
        "name",
        "description",
        "partner_id",
        "company_id",
        "currency_id",
        "stage_id",
        "category_id",
        "create_date",
        "write_date",
        "last_stage_update",
        "closed_date",
        "closed",
        "access_url",
        "access_warning",
        "is_complaint",
        "complaint_state",
        "product_id",
        "store_id",
        "order_ref",
        "purchase_date",
        "delivery_date",
        "amount_paid",
        "demand",
        "resolution_deadline",
        "complaint_portal_solution",
        # Searched by the portal lists (the customer's followed complaints);
        # never read: the field is for internal users only.
        "message_partner_ids",
    }
)

# Steps from which the customer has received the proposed solution.
SOLUTION_SENT_STATES = ("feedback", "execution", "followup", "archived")


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    complaint_portal_solution = fields.Html(
        string="Solution proposed to you",
        compute="_compute_complaint_portal_solution",
        compute_sudo=True,
        help="The proposed solution once it has been sent to the customer "
        "(from the feedback step on); empty while the desk prepares it.",
    )

    @api.depends("solution", "complaint_state")
    def _compute_complaint_portal_solution(self):
        for ticket in self:
            ticket.complaint_portal_solution = (
                ticket.solution
                if ticket.complaint_state in SOLUTION_SENT_STATES
                else False
            )

    @api.model
    def _complaint_portal_readable_fields(self):
        """Fields of a complaint a portal user may read (extend with
        ``super() | {...}``)."""
        return set(COMPLAINT_PORTAL_READABLE_FIELDS)

    def _complaint_portal_restricted(self):
        # Public users have no access right on tickets today; should one be
        # granted, they get the customer's view, not the desk's.
        return not self.env.su and self.env.user.share

    def _complaint_portal_check_fields(self, field_names):
        readable = self._complaint_portal_readable_fields()
        forbidden = [
            fname
            for fname in field_names
            if fname in self._fields and fname not in readable
        ]
        if forbidden:
            labels = ", ".join(
                sorted(
                    self._fields[fname]._description_string(self.env)
                    for fname in forbidden
                )
            )
            raise AccessError(
                self.env._(
                    "These details of complaints are for the complaint desk only: "
                    "%(fields)s. Your complaint page (My account, My complaints) "
                    "shows everything about your complaint.",
                    fields=labels,
                )
            )

    @api.model
    def check_field_access_rights(self, operation, field_names):
        # Called by read(), search_read(), fetch() and by the SQL of every
        # domain, order and group-by: refusing here closes them all.
        if not self._complaint_portal_restricted():
            return super().check_field_access_rights(operation, field_names)
        if field_names:
            self._complaint_portal_check_fields(field_names)
            return super().check_field_access_rights(operation, field_names)
        readable = self._complaint_portal_readable_fields()
        return [
            fname
            for fname in super().check_field_access_rights(operation, field_names)
            if fname in readable
        ]

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        # Reading one field prefetches its neighbours and the columns of the
        # computed fields asked for: only fetch the readable ones, so that
        # reading a readable field does not fail (computes that need more
        # run as superuser).
        if not self._complaint_portal_restricted():
            return super()._determine_fields_to_fetch(field_names, ignore_when_in_cache)
        readable = self._complaint_portal_readable_fields()
        return [
            field
            for field in super()._determine_fields_to_fetch(
                [fname for fname in field_names if fname in readable],
                ignore_when_in_cache,
            )
            if field.name in readable
        ]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # Searching through a one2many or a computed field (message_ids.body,
        # activity_ids.note) reaches data the SQL check of each column never
        # sees: the first field of every condition must be readable.
        if self._complaint_portal_restricted():
            self._complaint_portal_check_fields(
                {
                    leaf[0].split(".", 1)[0]
                    for leaf in domain or ()
                    if isinstance(leaf, (list, tuple))
                    and len(leaf) == 3
                    and isinstance(leaf[0], str)
                }
            )
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _order_to_sql(self, order, query, alias=None, reverse=False):
        # The default order starts with desk-only fields (priority): customers
        # get their complaints in the order of its readable part. An order
        # asked for explicitly is checked like any other field.
        if order == self._order and self._complaint_portal_restricted():
            readable = self._complaint_portal_readable_fields()
            order = ", ".join(
                term.strip() for term in order.split(",") if term.split()[0] in readable
            )
        return super()._order_to_sql(order, query, alias=alias, reverse=reverse)

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        result = super().fields_get(allfields=allfields, attributes=attributes)
        if not self._complaint_portal_restricted():
            return result
        readable = self._complaint_portal_readable_fields()
        return {fname: desc for fname, desc in result.items() if fname in readable}

    def _track_filter_for_display(self, tracking_values):
        # A customer reading the history of their complaint does not see the
        # changes of desk-only fields tracked in a public message.
        tracking_values = super()._track_filter_for_display(tracking_values)
        if not self._complaint_portal_restricted():
            return tracking_values
        readable = self._complaint_portal_readable_fields()
        return tracking_values.filtered(
            lambda tracking: tracking.field_id.name in readable
        )
