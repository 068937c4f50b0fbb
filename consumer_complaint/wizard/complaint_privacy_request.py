# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import hashlib
import json

from markupsafe import Markup
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

EXPORT_FIELDS = [
    "number",
    "name",
    "create_date",
    "closed_date",
    "partner_name",
    "partner_email",
    "partner_phone",
    "id_number",
    "contact_address",
    "order_ref",
    "purchase_date",
    "delivery_date",
    "amount_paid",
    "demand",
]


class ComplaintPrivacyRequest(models.TransientModel):
    """A complainant's request to see or erase their data (PIPL arts. 44-47)."""

    _name = "complaint.privacy.request"
    _description = "Personal Data Request"

    partner_id = fields.Many2one("res.partner", string="Complainant")
    email = fields.Char(help="Also match complaints filed with this e-mail.")
    phone = fields.Char(help="Also match complaints filed with this phone number.")
    request_type = fields.Selection(
        [("export", "Give a copy of my data"), ("delete", "Delete my data")],
        required=True,
        default="export",
    )
    # Required in the form; not in the table: the erasure clears it (the
    # event log keeps only its SHA-256).
    note = fields.Text(string="Request details")
    ticket_ids = fields.Many2many(
        "helpdesk.ticket", string="Complaints concerned", compute="_compute_ticket_ids"
    )
    export_file = fields.Binary(readonly=True, attachment=False)
    export_filename = fields.Char(readonly=True)
    state = fields.Selection(
        [("draft", "To execute"), ("done", "Executed")], default="draft", readonly=True
    )
    result_html = fields.Html(
        string="Result",
        readonly=True,
        sanitize=True,
        help="What was erased, detached and kept, and why; the event log "
        "records the same.",
    )

    @api.depends("partner_id", "email", "phone")
    def _compute_ticket_ids(self):
        Ticket = self.env["helpdesk.ticket"]
        for request in self:
            domain = Ticket._complaint_contact_domain(
                request.partner_id, request.phone, request.email
            )
            request.ticket_ids = (
                Ticket._complaint_contact_tickets(
                    domain + [("is_complaint", "=", True)]
                )
                if domain
                else False
            )

    def action_execute(self):
        self.ensure_one()
        if not self.env.user.has_group("consumer_complaint.group_complaint_supervisor"):
            raise AccessError(
                self.env._(
                    "Only complaint supervisors can execute personal data requests."
                )
            )
        if not (self.note or "").strip():
            raise UserError(
                self.env._("Write how and when the request was received first.")
            )
        tickets = self.ticket_ids
        if not tickets:
            raise UserError(
                self.env._(
                    "No complaint matches this complainant. Check the contact details."
                )
            )
        # The request details quote the person; the log outlives the erasure,
        # so it keeps only their fingerprint.
        payload = {
            "type": self.request_type,
            "note_sha256": hashlib.sha256(self.note.encode("utf-8")).hexdigest(),
            "count": len(tickets),
        }
        if self.request_type == "export":
            data = [
                {
                    **{
                        fname: (
                            fields.Datetime.to_string(ticket[fname])
                            if ticket._fields[fname].type == "datetime"
                            else str(ticket[fname])
                            if ticket._fields[fname].type == "date" and ticket[fname]
                            else ticket[fname]
                        )
                        for fname in EXPORT_FIELDS
                    },
                    "description": html2plaintext(ticket.description or ""),
                    "messages": [
                        html2plaintext(m.body or "")
                        for m in ticket.message_ids.filtered(
                            lambda m: (
                                m.message_type in ("comment", "email")
                                and not m.subtype_id.internal
                            )
                        )
                    ],
                }
                for ticket in tickets.sudo()
            ]
            content = json.dumps(data, ensure_ascii=False, indent=2, default=str)
            self.write(
                {
                    "export_file": base64.b64encode(content.encode("utf-8")),
                    "export_filename": "personal-data.json",
                }
            )
            tickets._complaint_log(
                "privacy", self.env._("Personal data exported"), payload
            )
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": self.id,
                "view_mode": "form",
                "target": "new",
            }
        still_open = tickets.filtered(lambda t: not t.closed)
        if still_open:
            raise UserError(
                self.env._(
                    "These complaints are still open: %(numbers)s. Close them before "
                    "deleting the complainant's data.",
                    numbers=", ".join(still_open.mapped("number")),
                )
            )
        result = tickets.sudo()._complaint_anonymize("data-subject request")
        payload["result"] = result.as_payload()
        tickets._complaint_log(
            "privacy", self.env._("Personal data deleted on request"), payload
        )
        # The request itself named the person: only the result stays.
        self.write(
            {
                "state": "done",
                "note": False,
                "email": False,
                "phone": False,
                "result_html": self._result_html(result),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _result_html(self, result):
        """The result of an erasure in plain words for the supervisor."""
        _ = self.env._
        erased = [
            Markup("<li>%s: %s</li>") % (label, count)
            for label, count in sorted(result.erased.items())
        ]
        detached = [
            Markup("<li>%s — %s</li>") % (item["what"], item["reason"])
            for item in result.detached
        ]
        kept = [
            Markup("<li>%s — %s</li>") % (item["what"], item["reason"])
            for item in result.kept
        ]
        parts = [
            Markup("<p><strong>%s</strong></p><ul>%s</ul>")
            % (_("Erased"), Markup().join(erased) or Markup("<li>-</li>"))
        ]
        parts.append(
            Markup("<p><strong>%s</strong></p><ul>%s</ul>")
            % (
                _("Detached (kept for other documents)"),
                Markup().join(detached) or Markup("<li>%s</li>") % _("nothing"),
            )
        )
        parts.append(
            Markup("<p><strong>%s</strong></p><ul>%s</ul>")
            % (_("Kept, and why"), Markup().join(kept))
        )
        return Markup().join(parts)
