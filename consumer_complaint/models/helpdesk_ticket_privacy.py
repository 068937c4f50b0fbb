# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Personal data on complaints: masking, reveal, retention, customer 360."""

import re

from dateutil.relativedelta import relativedelta
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

PERSONAL_FIELDS = ("partner_phone", "partner_email", "id_number", "contact_address")
PERSONAL_DATA_GROUP = "consumer_complaint.group_complaint_personal_data"


def mask_value(fname, value):
    """Mask a personal value, keeping just enough to recognise it."""
    if not value or not isinstance(value, str):
        return value
    if fname == "partner_email" and "@" in value:
        local, _sep, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if fname == "id_number":
        return (
            value[:6] + "*" * max(len(value) - 10, 4) + value[-4:]
            if len(value) > 10
            else "****"
        )
    if fname == "contact_address":
        return value[:6] + "****" if len(value) > 6 else "****"
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    return "****"


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

    def _complaint_must_mask(self):
        return not (
            self.env.su
            or self.env.context.get("complaint_unmasked")
            or self.env.user.share
            or self.env.user.has_group(PERSONAL_DATA_GROUP)
        )

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        masked = [f for f in PERSONAL_FIELDS if f in fnames]
        if masked and self._complaint_must_mask():
            for vals in result:
                for fname in masked:
                    if fname in vals:
                        vals[fname] = mask_value(fname, vals[fname])
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        if self._complaint_must_mask():
            columns = [
                i
                for i, path in enumerate(fields_to_export)
                if path.split("/")[-1] in PERSONAL_FIELDS and "/" not in path
            ]
            for row in result["datas"]:
                for i in columns:
                    row[i] = mask_value(fields_to_export[i], row[i])
        return result

    def _complaint_masked(self, fname):
        """The value of ``fname`` as the current user may see it (for reports
        and e-mails to staff)."""
        self.ensure_one()
        value = self[fname]
        return mask_value(fname, value) if self._complaint_must_mask() else value

    def action_complaint_reveal(self):
        """Show the full personal data of one complaint, and log who looked."""
        self.ensure_one()
        self.check_access("read")
        user = self.env.user
        if not any(
            user.has_group(group)
            for group in (
                PERSONAL_DATA_GROUP,
                "consumer_complaint.group_complaint_supervisor",
                "consumer_complaint.group_complaint_followup",
            )
        ):
            raise UserError(
                self.env._(
                    "Only supervisors, follow-up agents and members of the "
                    "personal-data "
                    "role can reveal a complainant's contact details."
                )
            )
        self._complaint_log(
            "reveal",
            self.env._("Personal data revealed"),
            {"fields": list(PERSONAL_FIELDS), "user": self.env.user.login},
        )
        reveal = self.env["complaint.reveal"].create(
            {
                "ticket_id": self.id,
                **{f: self.sudo()[f] for f in PERSONAL_FIELDS},
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Contact details of %(number)s", number=self.number),
            "res_model": "complaint.reveal",
            "res_id": reveal.id,
            "view_mode": "form",
            "target": "new",
        }

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
            others = self.search(
                domain + [("id", "!=", ticket.id), ("is_complaint", "=", True)],
                order="create_date desc, id desc",
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

    def action_complaint_customer_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consumer_complaint.helpdesk_ticket_action_complaint"
        )
        action.update(
            {
                "name": self.env._("Complaints of this customer"),
                "domain": self._complaint_customer_domain()
                + [("is_complaint", "=", True)],
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
        """Remove the complainant's personal data; statistics stay."""
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
                    id_number = NULL, contact_address = NULL, city = NULL,
                    description = %(placeholder)s, notes = NULL,
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
