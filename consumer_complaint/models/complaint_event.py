# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

EVENT_TYPES = [
    ("intake", "Intake"),
    ("grade", "Grade change"),
    ("stage", "Stage change"),
    ("solution", "Solution"),
    ("approval", "Approval"),
    ("customer", "Customer answer"),
    ("escalation", "Escalation"),
    ("compensation", "Compensation"),
    ("evidence", "Evidence"),
    ("reveal", "Personal data revealed"),
    ("override", "Override"),
    ("privacy", "Privacy request"),
    ("survey", "Survey"),
    ("other", "Other"),
]


# Advisory-lock namespace of the event chain (any constant unique to this addon).
EVENT_LOCK_KEY = 640531


class ComplaintEvent(models.Model):
    """Append-only, hash-chained log of key complaint events.

    Each entry stores the SHA-256 of its own content chained with the hash of
    the previous entry of the same company, so that an edited, deleted or
    reordered entry breaks the chain and is found by ``_verify_chain``.
    """

    _name = "complaint.event"
    _description = "Complaint Event Log Entry"
    _order = "id desc"
    _log_access = False

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Complaint", index=True, ondelete="restrict"
    )
    event_type = fields.Selection(EVENT_TYPES, required=True)
    summary = fields.Char(required=True)
    payload = fields.Text(help="Event details as JSON.")
    user_id = fields.Many2one("res.users", string="By", required=True)
    date = fields.Datetime(required=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    previous_hash = fields.Char(readonly=True)
    hash = fields.Char(string="SHA-256", readonly=True, index=True)

    @api.model
    def _content_digest(self, vals, previous_hash):
        content = json.dumps(
            [
                previous_hash or "",
                vals["ticket_id"] or 0,
                vals["event_type"],
                vals["summary"],
                vals.get("payload") or "",
                vals["user_id"],
                fields.Datetime.to_string(vals["date"]),
                vals["company_id"],
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(content.encode("utf-8")).hexdigest()

    @api.model
    def _append(self, entries):
        """Append entries (dicts with ticket_id, event_type, summary, payload).

        Serialised per company with a transaction-level advisory lock so two
        concurrent transactions cannot chain onto the same previous entry.
        """
        if not entries:
            return self.browse()
        now = fields.Datetime.now()
        by_company = {}
        for entry in entries:
            by_company.setdefault(entry["company_id"], []).append(entry)
        created = self.browse()
        for company_id, company_entries in by_company.items():
            self.env.cr.execute(
                SQL(
                    "SELECT pg_advisory_xact_lock(%s, %s)",
                    EVENT_LOCK_KEY,
                    company_id,
                )
            )
            self.flush_model()
            self.env.cr.execute(
                SQL(
                    "SELECT hash FROM complaint_event WHERE company_id = %s "
                    "ORDER BY id DESC LIMIT 1",
                    company_id,
                )
            )
            row = self.env.cr.fetchone()
            previous = row[0] if row else ""
            vals_list = []
            for entry in company_entries:
                payload = entry.get("payload")
                vals = {
                    "ticket_id": entry.get("ticket_id") or False,
                    "event_type": entry["event_type"],
                    "summary": entry["summary"],
                    "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True)
                    if payload is not None
                    else False,
                    "user_id": entry.get("user_id") or self.env.uid,
                    "date": now,
                    "company_id": company_id,
                }
                digest = self._content_digest(vals, previous)
                vals.update(previous_hash=previous, hash=digest)
                vals_list.append(vals)
                previous = digest
            created |= (
                self.sudo().with_context(complaint_event_append=True).create(vals_list)
            )
            # The head lets verification notice entries removed from the end.
            self.env.cr.execute(
                SQL(
                    "UPDATE res_company SET complaint_event_head = %s WHERE id = %s",
                    previous,
                    company_id,
                )
            )
        return created

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("Event log entries cannot be changed."))

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._("Event log entries cannot be deleted."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("complaint_event_append"):
            raise UserError(
                self.env._("Event log entries are written by the system only.")
            )
        return super().create(vals_list)

    @api.model
    def _verify_chain(self, company=None):
        """Recompute the chain; return (True, None) or (False, broken entry id)."""
        company = company or self.env.company
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT id, ticket_id, event_type, summary, payload, user_id, date,"
                " company_id, previous_hash, hash FROM complaint_event"
                " WHERE company_id = %s ORDER BY id",
                company.id,
            )
        )
        previous = ""
        for row in self.env.cr.dictfetchall():
            vals = dict(row)
            if (vals["previous_hash"] or "") != previous:
                return False, row["id"]
            digest = self._content_digest(vals, previous)
            if digest != row["hash"]:
                return False, row["id"]
            previous = digest
        self.env.cr.execute(
            SQL(
                "SELECT complaint_event_head FROM res_company WHERE id = %s", company.id
            )
        )
        head = self.env.cr.fetchone()[0] or ""
        if head != previous:
            return False, self.search(
                [("company_id", "=", company.id)], order="id desc", limit=1
            ).id or 0
        return True, None

    @api.model
    def action_verify_integrity(self):
        ok, broken_id = self._verify_chain()
        if ok:
            message = self.env._("The event log is intact.")
            kind = "success"
        else:
            message = self.env._(
                "The event log was altered: entry %(id)s does not match the chain.",
                id=broken_id,
            )
            kind = "danger"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": kind, "sticky": not ok},
        }
