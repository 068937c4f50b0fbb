# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import json
import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .complaint_masking import (
    PERSONAL_DATA_GROUP,
    domain_field_names,
    mask_export_rows,
    mask_text,
    order_field_names,
)

EVENT_TYPES = [
    ("intake", "Intake"),
    # The key "grade" is stored in the hash chain of existing logs: only its
    # label follows the UI's word.
    ("grade", "Severity change"),
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
# Who may run the verification of the chain (the compliance manager's group
# exists only with complaint_compliance installed).
VERIFY_GROUPS = (
    "consumer_complaint.group_complaint_supervisor",
    "complaint_compliance.group_compliance_manager",
)


def scrub_payload(value):
    """``value`` with the e-mail addresses and phone numbers of its texts
    masked: the log is kept forever, also after the complainant's data is
    erased, so it must not hold them (a customer's reason may quote them)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: scrub_payload(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub_payload(item) for item in value]
    return value


class ComplaintEvent(models.Model):
    """Append-only, hash-chained log of key complaint events.

    Entries are written unsealed; sealing (a cron every minute, and every
    verification) gives each entry of a company its position and the SHA-256
    of its content, id and position chained with the previous entry's hash,
    and stores the last hash on the company. An edited, deleted, inserted or
    reordered sealed entry then breaks the chain (``_verify_chain``).

    Sealing later rather than at writing time keeps intake free of a row
    every transaction of the company would update (the chain head), which
    made concurrent intakes fail on serialisation conflicts.
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
    chain_seq = fields.Integer(
        string="Position",
        readonly=True,
        index="btree_not_null",
        help="Place in the company's chain; empty until the entry is sealed "
        "(within a minute).",
    )
    previous_hash = fields.Char(readonly=True)
    hash = fields.Char(string="SHA-256", readonly=True, index="btree_not_null")
    # The chain seals the digest of the wording, not the wording: the summary
    # and payload of the entries of an erased complainant can then be scrubbed
    # (PIPL art. 47) and the chain still verifies. The salt makes the digest
    # of a short text (a phone number) impossible to guess; it goes with the
    # erasure, so what was erased cannot be confirmed either. Entries sealed
    # before the digest existed have none and chain their wording.
    content_salt = fields.Char(readonly=True, groups="base.group_system")
    content_digest = fields.Char(readonly=True, groups="base.group_system")
    erased_date = fields.Datetime(
        string="Erased on",
        readonly=True,
        help="The wording of this entry was scrubbed of personal data by an "
        "erasure; its place in the chain is unchanged.",
    )

    @api.model
    def _wording_digest(self, salt, summary, payload):
        content = json.dumps(
            [salt, summary or "", payload or ""],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(content.encode("utf-8")).hexdigest()

    @api.model
    def _content_digest(self, vals, previous_hash, position=None):
        if vals.get("content_digest"):
            summary, payload = "", "sha256:" + vals["content_digest"]
        else:
            summary, payload = vals["summary"], vals.get("payload") or ""
        content = json.dumps(
            [
                previous_hash or "",
                vals.get("id") or 0,
                position if position is not None else vals.get("chain_seq") or 0,
                vals["ticket_id"] or 0,
                vals["event_type"],
                summary,
                payload,
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
        """Append entries (dicts with ticket_id, company_id, event_type,
        summary, payload); they are sealed into the chain later."""
        if not entries:
            return self.browse()
        now = fields.Datetime.now()
        vals_list = [
            {
                "ticket_id": entry.get("ticket_id") or False,
                "event_type": entry["event_type"],
                "summary": mask_text(entry["summary"]),
                "payload": json.dumps(
                    scrub_payload(entry["payload"]), ensure_ascii=False, sort_keys=True
                )
                if entry.get("payload") is not None
                else False,
                "user_id": entry.get("user_id") or self.env.uid,
                "date": now,
                "company_id": entry["company_id"],
                "content_salt": secrets.token_hex(16),
            }
            for entry in entries
        ]
        for vals in vals_list:
            vals["content_digest"] = self._wording_digest(
                vals["content_salt"], vals["summary"], vals["payload"]
            )
        return self.sudo().with_context(complaint_event_append=True).create(vals_list)

    @api.model
    def _seal(self, company=None):
        """Chain the unsealed entries of each company (of ``company`` only
        when given), in the order they were written."""
        self.flush_model()
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT DISTINCT company_id FROM complaint_event"
                " WHERE chain_seq IS NULL AND hash IS NULL AND %s",
                SQL("company_id = %s", company.id) if company else SQL("TRUE"),
            )
        )
        company_ids = sorted(row[0] for row in cr.fetchall())
        for company_id in company_ids:
            # Two sealers of one company wait for each other.
            cr.execute(
                SQL("SELECT pg_advisory_xact_lock(%s, %s)", EVENT_LOCK_KEY, company_id)
            )
            cr.execute(
                SQL(
                    "SELECT hash, chain_seq FROM complaint_event"
                    " WHERE company_id = %s AND chain_seq IS NOT NULL"
                    " ORDER BY chain_seq DESC LIMIT 1",
                    company_id,
                )
            )
            previous, position = cr.fetchone() or ("", 0)
            cr.execute(
                SQL(
                    "SELECT id, ticket_id, event_type, summary, payload, user_id,"
                    " date, company_id, content_digest FROM complaint_event"
                    " WHERE company_id = %s AND chain_seq IS NULL AND hash IS NULL"
                    " ORDER BY id",
                    company_id,
                )
            )
            rows = cr.dictfetchall()
            for start in range(0, len(rows), 5000):
                values = []
                for row in rows[start : start + 5000]:
                    position += 1
                    digest = self._content_digest(row, previous, position)
                    values.append(
                        SQL("(%s, %s, %s, %s)", row["id"], position, previous, digest)
                    )
                    previous = digest
                cr.execute(
                    SQL(
                        "UPDATE complaint_event e SET chain_seq = v.seq,"
                        " previous_hash = v.previous, hash = v.hash"
                        " FROM (VALUES %s) AS v(id, seq, previous, hash)"
                        " WHERE e.id = v.id",
                        SQL(", ").join(values),
                    )
                )
            # The head lets verification notice entries removed from the end.
            cr.execute(
                SQL(
                    "UPDATE res_company SET complaint_event_head = %s WHERE id = %s",
                    previous,
                    company_id,
                )
            )
        if company_ids:
            self.invalidate_model(["chain_seq", "previous_hash", "hash"])
            self.env["res.company"].invalidate_model(["complaint_event_head"])
        return len(company_ids)

    @api.model
    def _cron_seal(self):
        self._seal()

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("Event log entries cannot be changed."))

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._("Event log entries cannot be deleted."))

    @api.model_create_multi
    def create(self, vals_list):
        # The context key alone would be client-controlled: _append also
        # runs as superuser.
        if not (self.env.su and self.env.context.get("complaint_event_append")):
            raise UserError(
                self.env._("Event log entries are written by the system only.")
            )
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Masking: payloads written before scrubbing may still hold contact data
    # ------------------------------------------------------------------

    def _complaint_must_mask(self):
        return not (
            self.env.su
            or self.env.user.share
            or self.env.user.has_group(PERSONAL_DATA_GROUP)
        )

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if "payload" in fnames and self._complaint_must_mask():
            for vals in result:
                if vals.get("payload"):
                    vals["payload"] = mask_text(vals["payload"])
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        rows = super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        if self._complaint_must_mask():
            mask_export_rows(rows, fields, {"payload": None})
        return rows

    def _complaint_refuse_payload(self, names):
        if "payload" in names:
            raise AccessError(
                self.env._(
                    "Searching, grouping or sorting the event log by its details "
                    "needs the personal-data role. Filter by complaint, type or "
                    "date instead."
                )
            )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self._complaint_must_mask():
            self._complaint_refuse_payload(
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
            self._complaint_refuse_payload(
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
    def _verify_chain(self, company=None):
        """Seal what is pending, then recompute the chain; return
        (True, None) or (False, id of the first entry that does not match)."""
        company = company or self.env.company
        self._seal(company)
        self.env.cr.execute(
            SQL(
                "SELECT id, ticket_id, event_type, summary, payload, user_id, date,"
                " company_id, chain_seq, previous_hash, hash, content_salt,"
                " content_digest, erased_date FROM complaint_event"
                " WHERE company_id = %s ORDER BY chain_seq NULLS FIRST, id",
                company.id,
            )
        )
        previous = ""
        position = 0
        # An erased entry must be followed by the privacy entry of the
        # erasure of its complaint.
        erased = []
        last_privacy = {}
        for row in self.env.cr.dictfetchall():
            position += 1
            if row["chain_seq"] != position or (row["previous_hash"] or "") != previous:
                return False, row["id"]
            digest = self._content_digest(row, previous, position)
            if digest != row["hash"]:
                return False, row["id"]
            if row["content_digest"] and not self._wording_matches(row):
                return False, row["id"]
            if row["content_digest"] and not row["content_salt"]:
                erased.append((row["ticket_id"], position, row["id"]))
            if row["event_type"] == "privacy" and row["ticket_id"]:
                last_privacy[row["ticket_id"]] = position
            previous = digest
        for ticket_id, erased_position, row_id in erased:
            if last_privacy.get(ticket_id, 0) <= erased_position:
                return False, row_id
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
    def _wording_matches(self, row):
        """The wording of an entry matches its sealed digest. An erased
        entry has lost its salt: its scrubbed wording can no longer be
        checked, only that it was erased (and, in ``_verify_chain``, that
        the erasure of its complaint was logged after it)."""
        if row["content_salt"]:
            return (
                self._wording_digest(
                    row["content_salt"], row["summary"], row["payload"]
                )
                == row["content_digest"]
            )
        return bool(row["erased_date"])

    @api.model
    def _complaint_erase_entries(self, ticket_ids, scrubber, drop_keys=()):
        """Scrub the personal data out of the entries of ``ticket_ids``.

        The only change ever made to a written entry: the wording is
        scrubbed, free-text details (``drop_keys``: reasons, notes) are
        removed, the salt goes and the entry is marked erased. The chain
        seals the digest of the wording, so it still verifies. Entries
        sealed before the digest existed are left as they are (changing them
        would break the chain) and counted. Returns (erased, legacy).
        """
        if not ticket_ids:
            return 0, 0
        self.flush_model()
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT id, summary, payload, content_digest FROM complaint_event"
                " WHERE ticket_id = ANY(%s) ORDER BY id",
                list(ticket_ids),
            )
        )
        values = []
        legacy = 0
        for row in cr.dictfetchall():
            if not row["content_digest"]:
                legacy += 1
                continue
            payload = row["payload"]
            if payload:
                try:
                    payload = json.dumps(
                        scrubber.data(json.loads(payload), drop=drop_keys),
                        ensure_ascii=False,
                        sort_keys=True,
                    )
                except ValueError:
                    payload = scrubber.text(payload)
            values.append(
                SQL(
                    "(%s, %s, %s)",
                    row["id"],
                    scrubber.text(row["summary"]) or "-",
                    payload or None,
                )
            )
        for start in range(0, len(values), 5000):
            # The one write an entry ever gets (write() refuses any other).
            cr.execute(
                SQL(
                    "UPDATE complaint_event e SET summary = v.summary,"
                    " payload = v.payload, content_salt = NULL,"
                    " erased_date = (now() AT TIME ZONE 'UTC')"
                    " FROM (VALUES %s) AS v(id, summary, payload)"
                    " WHERE e.id = v.id",
                    SQL(", ").join(values[start : start + 5000]),
                )
            )
        self.invalidate_model(["summary", "payload", "content_salt", "erased_date"])
        return len(values), legacy

    @api.model
    def _convert_legacy_entries(self, company):
        """Give the entries sealed before wording digests existed a salt and
        a digest, then re-seal the company's chain, so that an erasure can
        scrub them too. For the data migration of an existing database.

        Refused unless the chain verifies as it stands; the head it had is
        recorded in a new entry, so the conversion itself is on the record.
        Returns the number of entries converted.
        """
        ok, broken = self._verify_chain(company)
        if not ok:
            raise UserError(
                self.env._(
                    "The event log of %(company)s does not verify (entry "
                    "%(id)s): it cannot be converted.",
                    company=company.name,
                    id=broken,
                )
            )
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT id, summary, payload FROM complaint_event"
                " WHERE company_id = %s AND content_digest IS NULL ORDER BY id",
                company.id,
            )
        )
        legacy = cr.dictfetchall()
        if not legacy:
            return 0
        values = []
        for row in legacy:
            salt = secrets.token_hex(16)
            digest = self._wording_digest(salt, row["summary"], row["payload"])
            values.append(SQL("(%s, %s, %s)", row["id"], salt, digest))
        for start in range(0, len(values), 5000):
            cr.execute(
                SQL(
                    "UPDATE complaint_event e SET content_salt = v.salt,"
                    " content_digest = v.digest"
                    " FROM (VALUES %s) AS v(id, salt, digest) WHERE e.id = v.id",
                    SQL(", ").join(values[start : start + 5000]),
                )
            )
        old_head = company.sudo().complaint_event_head
        # Re-seal the whole chain of the company in its order.
        cr.execute(
            SQL(
                "UPDATE complaint_event SET chain_seq = NULL, previous_hash = NULL,"
                " hash = NULL WHERE company_id = %s",
                company.id,
            )
        )
        self.invalidate_model()
        self._seal(company)
        self._append(
            [
                {
                    "company_id": company.id,
                    "event_type": "other",
                    "summary": self.env._("Event log converted to wording digests"),
                    "payload": {"previous_head": old_head, "count": len(legacy)},
                }
            ]
        )
        self._seal(company)
        return len(legacy)

    @api.model
    def _check_can_verify(self):
        """Verification seals pending entries and reads the whole chain of
        the company: supervisors and compliance managers only."""
        if self.env.su:
            return
        groups = self.env.user.groups_id
        allowed = any(
            (group := self.env.ref(xmlid, raise_if_not_found=False)) and group in groups
            for xmlid in VERIFY_GROUPS
        )
        if not allowed:
            raise AccessError(
                self.env._(
                    "Only complaint supervisors and compliance managers can verify "
                    "the event log. Ask one of them to run the check."
                )
            )

    @api.model
    def action_verify_integrity(self):
        self._check_can_verify()
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
