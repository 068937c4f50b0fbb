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
from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.modules.registry import Registry
from odoo.osv import expression

from .complaint_erasure import ERASING, ErasureResult, Scrubber
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

# Free-text details of event log entries (reasons the customer or the staff
# wrote): removed from the entries of an erased complainant.
EVENT_FREE_TEXT_KEYS = frozenset({"reason", "note", "checks", "comment", "text"})

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

    @api.model
    def _complaint_unmask_vals_list(self, vals_list):
        """Step of create(): masked values a form sends back are put back."""
        if self._complaint_must_mask():
            for vals in vals_list:
                self.browse()._complaint_restore_masked(vals)

    def _complaint_unmask_vals(self, vals):
        """Step of write(): the same on the values written; returns them."""
        if self._complaint_must_mask() and self._complaint_masked_fields() & set(vals):
            vals = dict(vals)
            self._complaint_restore_masked(vals)
        return vals

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
        """E.g. "预计2026年12月4日 18:00前给出方案": an explicit date and time
        in the customer's language and time zone, never "today" or a weekday
        that the reader would have to place."""
        self.ensure_one()
        deadline = self.resolution_deadline or self.complaint_deadline
        lang = self.partner_id.lang or self.env.context.get("lang") or "zh_CN"
        record = self.with_context(lang=lang)
        _ = record.env._
        if not deadline or deadline < fields.Datetime.now():
            return _("We will contact you as soon as possible.")
        return _(
            "We expect to send you a solution by %(date)s.",
            date=record._complaint_portal_format_dt(deadline, with_year=True),
        )

    def _complaint_survey_link(self):
        """Hook: complaint_survey returns the survey URL of the complaint."""
        return False

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
        """Complaints of this complaint's complainant (helpdesk_ticket_contact)."""
        self.ensure_one()
        return self._complaint_contact_domain(
            self.partner_id, self.partner_phone, self.partner_email
        )

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

    # Fields cleared by the erasure; every other stored text field of the
    # complaint is scrubbed (``_complaint_erasure_scrubbed_fields``).
    _COMPLAINT_ERASED_FIELDS = (
        "partner_id",
        "partner_name",
        "partner_email",
        "partner_phone",
        "email_cc",
        "id_number",
        "contact_address",
        "city",
        "order_ref",
        "access_token",
        "complaint_link_partner_id",
        "complaint_link_nonce",
    )
    # Texts that are neither the customer's nor about them (references and
    # technical keys); kept as they are.
    _COMPLAINT_ERASURE_KEPT_TEXTS = frozenset(
        {
            "number",
            "lot_ref",
            "regulator_case_number",
            "complaint_intake_ip_hash",
            "message_main_attachment_id",
        }
    )

    def _complaint_personal_values(self):
        """The personal values known of the complainants of ``self``, by
        kind (names, phones, emails, id_numbers, addresses). Addons holding
        other contact data of the complainant add theirs."""
        tickets = self.sudo()
        partners = tickets.partner_id | tickets.complaint_link_partner_id
        return {
            "names": {*tickets.mapped("partner_name"), *partners.mapped("name")},
            "phones": {
                *tickets.mapped("partner_phone"),
                *partners.mapped("phone"),
                *partners.mapped("mobile"),
            },
            "emails": {
                *tickets.mapped("partner_email"),
                *partners.mapped("email"),
                *(
                    address
                    for cc in tickets.mapped("email_cc")
                    for address in tools.email_split(cc or "")
                ),
            },
            "id_numbers": set(tickets.mapped("id_number")),
            "addresses": {
                *tickets.mapped("contact_address"),
                *partners.mapped("street"),
                *partners.mapped("street2"),
                *(
                    " ".join(filter(None, (p.street, p.street2, p.city)))
                    for p in partners
                ),
            },
        }

    def _complaint_erasure_scrubber(self, values=None):
        values = values or self._complaint_personal_values()
        return Scrubber(
            **{kind: [v for v in vals if v] for kind, vals in values.items()}
        )

    @api.model
    def _complaint_erasure_scrubbed_fields(self):
        """Stored free-text fields of the complaint scrubbed by the erasure."""
        return [
            fname
            for fname, field in self._fields.items()
            if field.type in ("char", "text", "html")
            and field.store
            and not field.compute
            and not field.related
            and fname not in self._COMPLAINT_ERASED_FIELDS
            and fname not in self._COMPLAINT_ERASURE_KEPT_TEXTS
        ]

    def _complaint_anonymize(self, reason):
        """Erase the complainants' personal data of ``self``; statistics stay.

        One entry point for the data-subject request and the retention cron.
        Builds the scrubber from the personal values known of the person
        before anything is cleared, runs ``_complaint_erase`` (which every
        addon extends for what it owns), then deals with the partner and
        logs the result. Returns an ``ErasureResult``.
        """
        result = ErasureResult()
        if not self:
            return result
        tickets = self.sudo().with_context(
            tracking_disable=True,
            mail_notrack=True,
            mail_create_nolog=True,
            active_test=False,
        )
        personal = tickets._complaint_personal_values()
        scrubber = tickets._complaint_erasure_scrubber(personal)
        partners = (tickets.partner_id | tickets.complaint_link_partner_id).exists()
        token = ERASING.set(True)
        try:
            tickets._complaint_erase(scrubber, result)
            tickets._complaint_erase_partners(partners, scrubber, result)
            # After the partners: closing a portal account queues a
            # "login changed" notice to the old address.
            tickets._complaint_erase_mails_to(partners, personal["emails"], result)
            # Last: the entries of the erasure itself are written after it.
            erased, legacy = self.env["complaint.event"]._complaint_erase_entries(
                tickets.ids, scrubber, drop_keys=EVENT_FREE_TEXT_KEYS
            )
            result.add_erased(self.env._("event log entries scrubbed"), erased)
            if legacy:
                result.add_kept(
                    self.env._(
                        "%(count)s event log entries sealed before erasure was "
                        "possible",
                        count=legacy,
                    ),
                    self.env._(
                        "Integrity of the complaint record (E-Commerce Law art. "
                        "31, Consumer Rights Protection Law); their contact "
                        "data was masked when they were written."
                    ),
                )
        finally:
            ERASING.reset(token)
        result.add_kept(
            self.env._(
                "complaint number, category, severity, step, dates, province, "
                "product, store, deadlines, amounts and scores"
            ),
            self.env._(
                "Transaction and complaint records kept at least 3 years (E-Commerce "
                "Law art. 31; Consumer Rights Protection Law); statistics hold no "
                "personal data (PIPL art. 4: anonymised information is not "
                "personal information)."
            ),
        )
        if result.files:
            tickets._complaint_purge_files_after_commit(result.files)
        self.env["complaint.event"]._append(
            [
                {
                    "ticket_id": ticket.id,
                    "company_id": ticket.company_id.id,
                    "event_type": "privacy",
                    "summary": self.env._("Complainant data anonymised"),
                    "payload": {"reason": reason, "result": result.as_payload()},
                }
                for ticket in tickets
            ]
        )
        return result

    def _complaint_erase(self, scrubber, result):
        """Erase what this addon owns of the complaints ``self`` (sudo).

        Extended by every addon for the models it adds (compensation lines,
        survey answers, follow-up notes, compliance fields ...): call super,
        then clear or scrub with ``scrubber`` and count in ``result``.
        """
        Ticket = self.env["helpdesk.ticket"]
        scrubbed = self._complaint_erasure_scrubbed_fields()
        vals_by_ticket = {}
        for ticket in self:
            vals = {}
            for fname in scrubbed:
                clean = scrubber.text(ticket[fname])
                if clean != ticket[fname]:
                    vals[fname] = clean
            vals_by_ticket[ticket] = vals
        for ticket, vals in vals_by_ticket.items():
            if vals:
                ticket.write(vals)
        result.add_erased(
            self.env._("texts of the complaint scrubbed"),
            sum(len(vals) for vals in vals_by_ticket.values()),
        )
        self.write(
            {
                **dict.fromkeys(self._COMPLAINT_ERASED_FIELDS, False),
                "anonymized_date": fields.Datetime.now(),
            }
        )
        result.add_erased(self.env._("complaint contact details cleared"), len(self))
        self._complaint_erase_thread("helpdesk.ticket", self.ids, result)
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", "helpdesk.ticket"), ("res_id", "in", self.ids)])
        )
        result.add_erased(self.env._("activities deleted"), len(activities))
        activities.unlink()
        self.env["mail.followers"].sudo().search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "in", self.ids)]
        ).unlink()
        self.env["complaint.reveal"].sudo().search(
            [("ticket_id", "in", self.ids)]
        ).unlink()
        self._complaint_erase_wizards(result)
        lines = (
            self.env["complaint.compensation.line"]
            .sudo()
            .search([("ticket_id", "in", self.ids)])
        )
        line_count = 0
        for line in lines:
            vals = {
                fname: scrubber.text(line[fname])
                for fname in ("reason", "reject_reason", "waive_reason", "reference")
                if line[fname] and scrubber.text(line[fname]) != line[fname]
            }
            if vals:
                line.write(vals)
                line_count += 1
        result.add_erased(self.env._("compensation lines scrubbed"), line_count)
        if lines:
            result.add_kept(
                self.env._(
                    "%(count)s compensation lines (amounts, states)", count=len(lines)
                ),
                self.env._(
                    "Records of the remedies granted and paid, kept for the "
                    "accounting and tax periods (Accounting Law); they no longer "
                    "name the customer."
                ),
            )
        Ticket.invalidate_model()

    def _complaint_erase_mails_to(self, partners, emails, result):
        """Delete the e-mails to the complainant still in the outgoing queue
        (or kept after sending) that no complaint message links to, such as
        the customer-link confirmation."""
        emails = sorted({e.strip() for e in emails if e and e.strip()})
        parts = [[("recipient_ids", "in", partners.ids)]] if partners else []
        parts += [[("email_to", "ilike", email)] for email in emails]
        if not parts:
            return
        mails = self.env["mail.mail"].sudo().search(expression.OR(parts))
        result.add_erased(self.env._("queued e-mails deleted"), len(mails))
        mails.unlink()

    @api.model
    def _complaint_erase_thread(self, model, ids, result):
        """Delete the chatter of records ``ids`` of ``model``: messages, queued
        e-mails and files (on the records or in their messages)."""
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", model), ("res_id", "in", ids)])
        )
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", model), ("res_id", "in", ids)])
            | messages.attachment_ids.sudo()
        )
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    "|",
                    ("mail_message_id", "in", messages.ids),
                    "&",
                    ("model", "=", model),
                    ("res_id", "in", ids),
                ]
            )
        )
        result.add_erased(self.env._("queued e-mails deleted"), len(mails))
        mails.unlink()
        result.add_erased(self.env._("messages deleted"), len(messages))
        messages.unlink()
        self._complaint_erase_attachments(attachments, result)

    def _complaint_erase_attachments(self, attachments, result):
        """Delete ``attachments``; their files are purged from the filestore
        once the erasure is committed."""
        attachments = attachments.sudo().exists()
        if not attachments:
            return
        result.files.update(
            fname for fname in attachments.mapped("store_fname") if fname
        )
        result.add_erased(self.env._("files deleted"), len(attachments))
        attachments.unlink()

    def _complaint_erase_wizards(self, result):
        """Delete the rows of pending wizards about these complaints (what
        was typed into them stays until the vacuum otherwise)."""
        count = 0
        for model in self.env.registry.values():
            if not model._transient or model._abstract:
                continue
            links = [
                fname
                for fname, field in model._fields.items()
                if field.type == "many2one"
                and field.comodel_name == "helpdesk.ticket"
                and field.store
            ]
            if not links or model._name == "complaint.reveal":
                continue
            domain = expression.OR([[(fname, "in", self.ids)] for fname in links])
            rows = self.env[model._name].sudo().search(domain)
            count += len(rows)
            rows.unlink()
        result.add_erased(self.env._("pending wizard rows deleted"), count)

    def _complaint_purge_files_after_commit(self, fnames):
        """Remove the files of erased attachments from the filestore when
        the erasure is committed (a rollback keeps them, as it keeps their
        rows). Odoo's own garbage collection would do it only a day later."""
        dbname = self.env.cr.dbname
        fnames = sorted(fnames)

        @self.env.cr.postcommit.add
        def purge():
            db_registry = Registry(dbname)
            with db_registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["ir.attachment"]._complaint_purge_files(fnames)

    def _complaint_partner_uses(self, partners):
        """Business documents other than the complaints ``self`` that need
        each of ``partners``: {partner id: [(what, legal reason)]}. Addons
        add theirs."""
        uses = {partner.id: [] for partner in partners}
        if not partners:
            return uses
        ticket_reason = self.env._(
            "Complaints of other requests or companies are kept under the "
            "Consumer Rights Protection Law until their own retention ends."
        )
        sale_reason = self.env._(
            "Transaction records are kept at least 3 years after the "
            "transaction (E-Commerce Law art. 31)."
        )
        tax_reason = self.env._(
            "Accounting vouchers and tax documents must be kept for the "
            "periods of the Accounting Law and the tax rules."
        )
        documents = (
            (
                "helpdesk.ticket",
                [("id", "not in", self.ids)],
                self.env._("other complaints or tickets"),
                ticket_reason,
            ),
            ("sale.order", [], self.env._("sales orders"), sale_reason),
            (
                "account.move",
                [],
                self.env._("invoices and accounting entries"),
                tax_reason,
            ),
            ("purchase.order", [], self.env._("purchase orders"), tax_reason),
        )
        for model, domain, label, reason in documents:
            if model not in self.env:
                continue
            groups = (
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                ._read_group(
                    [("partner_id", "in", partners.ids), *domain],
                    ["partner_id"],
                    ["__count"],
                )
            )
            for partner, count in groups:
                uses[partner.id].append((f"{count} {label}", reason))
        employee_reason = self.env._("The contact is an employee's user account.")
        for partner in partners:
            if partner.with_context(active_test=False).user_ids.filtered(
                lambda user: not user.share
            ):
                uses[partner.id].append(
                    (self.env._("an internal user account"), employee_reason)
                )
        return uses

    def _complaint_erase_partners(self, partners, scrubber, result):
        """Anonymise each partner no other business document needs; keep
        the others, detached from the erased complaints, and say why."""
        partners = partners.sudo().with_context(active_test=False)
        uses = self._complaint_partner_uses(partners)
        for partner in partners.filtered(lambda p: uses[p.id]):
            result.add_detached(
                self.env._("customer contact record"),
                "; ".join(f"{what}: {why}" for what, why in uses[partner.id]),
            )
        partners.filtered(lambda p: not uses[p.id])._complaint_anonymize_partner(result)

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
