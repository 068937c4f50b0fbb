# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Personal data on complaints: masking, reveal, retention, customer 360.

Users without the personal-data role see contact data masked on every way
out of the model, not only in the form: read/web_read/search_read, exports,
onchange answers, copy_data and chatter recipient suggestions. Searching,
grouping, aggregating or sorting by a masked field would let them infer the
hidden digits (``partner_phone =like '139%'``, one group per number), so these
are refused with an AccessError rather than answered with masked labels.
"""

from dateutil.relativedelta import relativedelta
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL

from .complaint_masking import (
    MASKED_FIELDS,
    PERSONAL_DATA_GROUP,
    PERSONAL_FIELDS,
    UNMASKED_COPY,
    domain_field_names,
    mask_export_rows,
    mask_value,
    order_field_names,
)

REVEAL_GROUPS = (
    PERSONAL_DATA_GROUP,
    "consumer_complaint.group_complaint_supervisor",
    "consumer_complaint.group_complaint_followup",
)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    id_number = fields.Char(
        string="ID number",
        help="Identity document number, only when the case needs it (e.g. a "
        "regulator transfer). Shown masked to users without the personal-data role.",
    )
    contact_address = fields.Char(
        string="Contact address",
        help="Where to send replacements or documents. Shown masked to users "
        "without the personal-data role.",
    )
    anonymized_date = fields.Datetime(
        string="Anonymised on", readonly=True, copy=False, index="btree_not_null"
    )
    customer_complaint_count = fields.Integer(
        string="Complaints of this customer", compute="_compute_customer_history"
    )
    customer_recent_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Previous complaints",
        compute="_compute_customer_history",
    )
    customer_sale_order_count = fields.Integer(
        string="Sales orders", compute="_compute_customer_history"
    )

    # ------------------------------------------------------------------
    # Masking
    # ------------------------------------------------------------------

    @api.model
    def _complaint_masked_fields(self):
        """Names of the fields masked for users without the personal-data role."""
        return frozenset(fname for fname in MASKED_FIELDS if fname in self._fields)

    def _complaint_must_mask(self):
        return not (
            self.env.su
            or self.env.user.share
            or self.env.user.has_group(PERSONAL_DATA_GROUP)
        )

    def _complaint_refuse_masked(self, names):
        """Refuse a search, grouping or order that uses a masked field."""
        used = self._complaint_masked_fields() & set(names)
        if used:
            labels = ", ".join(sorted(self._fields[f].string for f in used))
            raise AccessError(
                self.env._(
                    "Searching, grouping or sorting complaints by %(fields)s needs "
                    "the personal-data role. Search by complaint number or "
                    "customer name instead, or ask a supervisor to reveal the "
                    "contact details.",
                    fields=labels,
                )
            )

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        masked = self._complaint_masked_fields().intersection(fnames)
        if masked and self._complaint_must_mask():
            for vals in result:
                for fname in masked:
                    if fname in vals:
                        vals[fname] = mask_value(fname, vals[fname])
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        rows = super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        if self._complaint_must_mask():
            mask_export_rows(
                rows, fields, dict.fromkeys(self._complaint_masked_fields())
            )
        return rows

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # _search is where every search ends, including the paths of other
        # models' domains (ticket_id.partner_phone) and count/read_group.
        if self._complaint_must_mask():
            self._complaint_refuse_masked(
                domain_field_names(domain) | order_field_names(order)
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

    def onchange(self, values, field_names, fields_spec):
        # The partner onchange copies the partner's e-mail into the form.
        result = super().onchange(values, field_names, fields_spec)
        changed = result.get("value") or {}
        masked = self._complaint_masked_fields().intersection(changed)
        if masked and self._complaint_must_mask():
            for fname in masked:
                changed[fname] = mask_value(fname, changed[fname])
        return result

    def copy_data(self, default=None):
        vals_list = super().copy_data(default)
        if self._complaint_must_mask() and not UNMASKED_COPY.get():
            kept = set(default or ())
            for vals in vals_list:
                for fname in self._complaint_masked_fields() - kept:
                    if fname in vals:
                        vals[fname] = mask_value(fname, vals[fname])
        return vals_list

    def copy(self, default=None):
        token = UNMASKED_COPY.set(True)
        try:
            return super().copy(default)
        finally:
            UNMASKED_COPY.reset(token)

    @api.model_create_multi
    def create(self, vals_list):
        if self._complaint_must_mask():
            for vals in vals_list:
                self.browse()._complaint_restore_masked(vals)
        return super().create(vals_list)

    def write(self, vals):
        if self._complaint_must_mask() and self._complaint_masked_fields() & set(vals):
            vals = dict(vals)
            self._complaint_restore_masked(vals)
        return super().write(vals)

    def _complaint_restore_masked(self, vals):
        """Put back the real value of a masked value a form sends back.

        The form of a user without the personal-data role shows masked values
        (also those an onchange fills in from the partner); saving must store
        the real value, not the asterisks.
        """
        sudo_self = self.sudo()
        partner = (
            self.env["res.partner"].sudo().browse(vals["partner_id"])
            if vals.get("partner_id")
            else sudo_self.partner_id[:1]
        )
        from_partner = {
            "partner_email": [partner.email],
            "partner_phone": [partner.phone, partner.mobile],
        }
        for fname in self._complaint_masked_fields().intersection(vals):
            value = vals[fname]
            if not isinstance(value, str) or "*" not in value:
                continue
            if self and all(
                mask_value(fname, stored) == value for stored in sudo_self.mapped(fname)
            ):
                del vals[fname]
                continue
            real = next(
                (
                    candidate
                    for candidate in from_partner.get(fname, ())
                    if candidate and mask_value(fname, candidate) == value
                ),
                None,
            )
            if real:
                vals[fname] = real

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        if not self._complaint_must_mask():
            return recipients
        # The composer writes to a suggested partner by id, so its address
        # can be shown masked; an address alone (no partner) would have to be
        # shown in full and is left to the personal-data role.
        return [
            dict(recipient, email=mask_value("email", recipient.get("email")))
            for recipient in recipients
            if recipient.get("partner_id")
        ]

    def _complaint_masked(self, fname):
        """The value of ``fname`` as the current user may see it (for reports
        and e-mails to staff)."""
        self.ensure_one()
        value = self[fname]
        return mask_value(fname, value) if self._complaint_must_mask() else value

    # ------------------------------------------------------------------
    # Reveal and click-to-call
    # ------------------------------------------------------------------

    def _complaint_check_reveal(self):
        self.ensure_one()
        self.check_access("read")
        user = self.env.user
        if not any(user.has_group(group) for group in REVEAL_GROUPS):
            raise UserError(
                self.env._(
                    "Only supervisors, follow-up agents and members of the "
                    "personal-data role can reveal a complainant's contact "
                    "details. Ask your supervisor."
                )
            )

    def _complaint_open_reveal(self, fnames, purpose, title, view_xmlid):
        """Log who looked at which fields, then show them in a window only
        this user can read."""
        self._complaint_log(
            "reveal",
            self.env._("Personal data revealed"),
            {"fields": list(fnames), "purpose": purpose, "user": self.env.user.login},
        )
        ticket = self.sudo()
        reveal = (
            self.env["complaint.reveal"]
            .sudo()
            .create({"ticket_id": self.id, **{f: ticket[f] for f in fnames}})
        )
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "complaint.reveal",
            "res_id": reveal.id,
            "view_mode": "form",
            "views": [(self.env.ref(view_xmlid).id, "form")],
            "target": "new",
        }

    def action_complaint_reveal(self):
        """Show the full personal data of one complaint, and log who looked."""
        self._complaint_check_reveal()
        return self._complaint_open_reveal(
            PERSONAL_FIELDS,
            "look",
            self.env._("Contact details of %(number)s", number=self.number),
            "consumer_complaint.complaint_reveal_view_form",
        )

    def action_complaint_call(self):
        """Reveal the contact phone for a call (logged) and offer the
        tel: link of the full number."""
        self._complaint_check_reveal()
        if not self.sudo().partner_phone:
            raise UserError(
                self.env._(
                    "Complaint %(number)s has no contact phone. Write the number "
                    "the customer gave, then call.",
                    number=self.number,
                )
            )
        return self._complaint_open_reveal(
            ("partner_phone",),
            "call",
            self.env._("Call the customer of %(number)s", number=self.number),
            "consumer_complaint.complaint_reveal_view_form_call",
        )

    # ------------------------------------------------------------------
    # Promise to the customer, in plain words
    # ------------------------------------------------------------------

    def _complaint_promise_text(self):
        """E.g. "预计今日18:00前给出方案" in the customer's language and time zone."""
        self.ensure_one()
        deadline = self.resolution_deadline or self.complaint_deadline
        lang = self.partner_id.lang or self.env.context.get("lang") or "zh_CN"
        record = self.with_context(
            lang=lang,
            tz=self.partner_id.tz
            or self.team_id.resource_calendar_id.tz
            or "Asia/Shanghai",
        )
        _ = record.env._
        if not deadline:
            return _("We will contact you as soon as possible.")
        local = fields.Datetime.context_timestamp(record, deadline)
        today = fields.Datetime.context_timestamp(record, fields.Datetime.now()).date()
        hour = local.strftime("%H:%M")
        if local.date() == today:
            return _("We expect to send you a solution by %(time)s today.", time=hour)
        if (local.date() - today).days == 1:
            return _(
                "We expect to send you a solution by %(time)s tomorrow.", time=hour
            )
        return _(
            "We expect to send you a solution by %(time)s on %(month)s/%(day)s.",
            time=hour,
            month=local.month,
            day=local.day,
        )

    def _complaint_survey_link(self):
        """Hook: complaint_survey returns the survey URL of the complaint."""
        return False

    def _complaint_portal_link(self):
        self.ensure_one()
        return self.get_base_url() + self.sudo()._get_share_url(redirect=True)

    # ------------------------------------------------------------------
    # Customer 360
    # ------------------------------------------------------------------

    @api.depends("partner_id", "partner_phone", "partner_email")
    def _compute_customer_history(self):
        has_sale = "sale.order" in self.env
        for ticket in self:
            domain = ticket._complaint_customer_domain()
            if not domain or not ticket.id:
                ticket.customer_complaint_count = 0
                ticket.customer_recent_ids = False
                ticket.customer_sale_order_count = 0
                continue
            others = self._complaint_contact_tickets(
                domain + [("id", "!=", ticket.id), ("is_complaint", "=", True)]
            )
            ticket.customer_complaint_count = len(others)
            ticket.customer_recent_ids = others[:5]
            ticket.customer_sale_order_count = (
                self.env["sale.order"].search_count(
                    [
                        (
                            "partner_id",
                            "child_of",
                            ticket.partner_id.commercial_partner_id.id,
                        )
                    ]
                )
                if has_sale and ticket.partner_id
                else 0
            )

    def _complaint_customer_domain(self):
        self.ensure_one()
        return self._complaint_contact_domain(
            self.partner_id, self.partner_phone, self.partner_email
        )

    @api.model
    def _complaint_contact_domain(self, partner=None, phone=None, email=None):
        """Complaints of one person: same partner, phone or e-mail ([] if none)."""
        parts = []
        if partner:
            parts.append([("partner_id", "=", partner.id)])
        if phone:
            parts.append([("partner_phone", "=", phone.strip())])
        if email:
            parts.append([("partner_email", "=ilike", email.strip())])
        return expression.OR(parts) if parts else []

    @api.model
    def _complaint_contact_tickets(self, domain):
        """Complaints matching a contact domain that the user may read.

        The match on the complainant's own phone or e-mail runs as superuser:
        a user without the personal-data role may not search by these fields
        (they could infer the hidden digits), but may see the other
        complaints of the customer whose complaint they handle.
        """
        matches = self.sudo().search(domain, order="create_date desc, id desc")
        return matches.with_env(self.env)._filtered_access("read")

    def action_complaint_customer_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consumer_complaint.helpdesk_ticket_action_complaint"
        )
        tickets = self._complaint_contact_tickets(
            self._complaint_customer_domain() + [("is_complaint", "=", True)]
        )
        action.update(
            {
                "name": self.env._("Complaints of this customer"),
                "domain": [("id", "in", tickets.ids)],
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
            }
        )
        return action

    def action_complaint_sale_orders(self):
        self.ensure_one()
        if "sale.order" not in self.env:
            raise UserError(self.env._("The Sales app is not installed."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sales orders"),
            "res_model": "sale.order",
            "view_mode": "list,form",
            "domain": [
                ("partner_id", "child_of", self.partner_id.commercial_partner_id.id)
            ],
        }

    # ------------------------------------------------------------------
    # Retention and data-subject requests
    # ------------------------------------------------------------------

    def _complaint_anonymize(self, reason):
        """Remove the complainant's personal data; statistics stay.

        The portal access token goes too: the tracking link the customer was
        sent stops working, and a new one exists only if the complaint is
        shared again. So does a pending customer-link confirmation (the
        customer asked and the nonce of the link mailed to them). Addons that
        keep other links to the complaint extend this method.
        """
        if not self:
            return
        self.env.flush_all()
        placeholder = self.env._(
            "<p>Anonymised on %(date)s.</p>", date=fields.Date.today()
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket SET
                    partner_id = NULL, commercial_partner_id = NULL,
                    partner_name = NULL, partner_email = NULL, partner_phone = NULL,
                    email_cc = NULL,
                    id_number = NULL, contact_address = NULL, city = NULL,
                    description = %(placeholder)s, notes = NULL,
                    access_token = NULL,
                    complaint_link_partner_id = NULL, complaint_link_nonce = NULL,
                    anonymized_date = (now() AT TIME ZONE 'UTC')
                 WHERE id = ANY(%(ids)s)
                """,
                placeholder=placeholder,
                ids=self.ids,
            )
        )
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "in", self.ids)])
        )
        messages.unlink()
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "in", self.ids)]
        ).unlink()
        self.env["mail.followers"].sudo().search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "in", self.ids)]
        ).unlink()
        self.env["complaint.reveal"].sudo().search(
            [("ticket_id", "in", self.ids)]
        ).unlink()
        self.invalidate_model()
        self.env["complaint.event"]._append(
            [
                {
                    "ticket_id": ticket.id,
                    "company_id": ticket.company_id.id,
                    "event_type": "privacy",
                    "summary": self.env._("Complainant data anonymised"),
                    "payload": {"reason": reason},
                }
                for ticket in self
            ]
        )

    @api.model
    def _cron_complaint_retention(self):
        """Anonymise closed complaints older than each company's retention."""
        done = 0
        for company in self.env["res.company"].search(
            [("complaint_retention_months", ">", 0)]
        ):
            limit = fields.Datetime.now() - relativedelta(
                months=company.complaint_retention_months
            )
            tickets = self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("is_complaint", "=", True),
                    ("closed", "=", True),
                    ("closed_date", "<", limit),
                    ("anonymized_date", "=", False),
                ]
            )
            # Batches keep each transaction short on large histories.
            for start in range(0, len(tickets), 1000):
                batch = tickets[start : start + 1000]
                batch._complaint_anonymize("retention")
                done += len(batch)
        return done
