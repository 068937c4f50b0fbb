# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from markupsafe import Markup, escape
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_datetime, html2plaintext
from psycopg2.errors import LockNotAvailable

# Complaint steps after which a complaint is closed.
CLOSED_STATES = ("archived", "withdrawn")
# Who may merge: handlers (on the complaints they may edit, i.e. their
# teams'), supervisors and managers (who imply the handler's role).
MERGE_GROUP = "consumer_complaint.group_complaint_handler"


class ComplaintEvent(models.Model):
    _inherit = "complaint.event"

    event_type = fields.Selection(
        selection_add=[("merge", "Duplicates merged")],
        ondelete={"merge": "set other"},
    )


class HelpdeskTicket(models.Model):
    """Duplicates of one customer's complaint (the form, then the hotline)
    merged into the oldest: its messages, files and compensation go to the
    surviving complaint, the others are closed with a link to it."""

    _inherit = "helpdesk.ticket"

    merged_into_id = fields.Many2one(
        "helpdesk.ticket",
        string="Merged into",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="This complaint was a duplicate: it is followed up in that complaint.",
    )
    merged_date = fields.Datetime(string="Merged on", readonly=True, copy=False)
    merged_ticket_ids = fields.One2many(
        "helpdesk.ticket",
        "merged_into_id",
        string="Merged duplicates",
        readonly=True,
    )
    merged_ticket_count = fields.Integer(
        string="Duplicates", compute="_compute_merged_ticket_count"
    )
    merged_sla_ids = fields.Many2many(
        "helpdesk.ticket.sla",
        string="Deadlines of merged duplicates",
        compute="_compute_merged_sla_ids",
        help="The deadline history of the duplicates merged into this complaint, "
        "as it stood when they were closed.",
    )

    @api.model
    def _complaint_decision_fields(self):
        # Only the merge action links a duplicate to its surviving complaint.
        return super()._complaint_decision_fields() | {"merged_into_id", "merged_date"}

    @api.depends("merged_ticket_ids")
    def _compute_merged_ticket_count(self):
        groups = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("merged_into_id", "in", self._origin.ids)],
                ["merged_into_id"],
                ["__count"],
            )
        )
        for ticket in self:
            ticket.merged_ticket_count = groups.get(ticket._origin, 0)

    @api.depends("merged_ticket_ids.ticket_sla_ids")
    def _compute_merged_sla_ids(self):
        for ticket in self:
            lines = ticket.merged_ticket_ids.ticket_sla_ids
            ticket.merged_sla_ids = lines._filtered_access("read")

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    def _complaint_merge_check_rights(self):
        """Raise unless the user may merge these complaints: a handler,
        supervisor or manager who may edit every one of them."""
        if not self.env.user.has_group(MERGE_GROUP):
            raise AccessError(
                self.env._(
                    "Only handlers, supervisors and managers of the complaint desk "
                    "can merge complaints. Ask the handler of these complaints or a "
                    "supervisor to merge them."
                )
            )
        forbidden = self - self._filtered_access("write")
        if forbidden:
            raise AccessError(
                self.env._(
                    "You cannot edit complaint %(number)s, so you cannot merge it. "
                    "Ask a supervisor to merge complaints handled by other teams.",
                    number=forbidden[0].sudo().number,
                )
            )

    def _complaint_merge_check(self):
        """Raise a message saying what to do unless these complaints can be
        merged into the oldest one."""
        self._complaint_merge_check_rights()
        if len(self) < 2:
            raise UserError(
                self.env._(
                    "Select at least two complaints of the same customer to merge."
                )
            )
        not_complaints = self.filtered(lambda t: not t.is_complaint)
        if not_complaints:
            raise UserError(
                self.env._(
                    "%(number)s is not a complaint: complaints are merged only with "
                    "other complaints.",
                    number=not_complaints[0].number,
                )
            )
        merged = self.filtered("merged_into_id")
        if merged:
            raise UserError(
                self.env._(
                    "Complaint %(number)s was already merged into %(into)s: select "
                    "%(into)s instead.",
                    number=merged[0].number,
                    into=merged[0].merged_into_id.number,
                )
            )
        closed = self.filtered(
            lambda t: t.complaint_state in CLOSED_STATES or t.stage_id.closed
        )
        if closed:
            raise UserError(
                self.env._(
                    "Complaint %(number)s is closed and cannot be merged. Leave it "
                    "out of the selection, or reopen it first if its case is still "
                    "open.",
                    number=closed[0].number,
                )
            )
        if len(self.company_id) > 1:
            raise UserError(
                self.env._(
                    "These complaints belong to different companies (%(companies)s): "
                    "only complaints of one company can be merged.",
                    companies=", ".join(self.company_id.mapped("name")),
                )
            )
        if not all(self.mapped("partner_id")) or len(self.partner_id) > 1:
            raise UserError(
                self.env._(
                    "These complaints are not all from the same customer: only "
                    "complaints of one customer can be merged. If one person filed "
                    "them under two contacts, first link each complaint to the same "
                    "customer."
                )
            )

    def _complaint_check_transition(self, new_stage):
        # A merged duplicate stays closed: the case goes on in the survivor.
        # (Read as the system: customers may not read the link's field.)
        survivor = self.sudo().merged_into_id
        if survivor and not (self.env.su and self.env.context.get("complaint_merging")):
            raise UserError(
                self.env._(
                    "Complaint %(number)s was merged into %(into)s: work on "
                    "%(into)s instead.",
                    number=self.sudo().number,
                    into=survivor.number,
                )
            )
        return super()._complaint_check_transition(new_stage)

    def _complaint_after_transition(self, old_states):
        # The merge logs the closing of each duplicate itself (one ``merge``
        # entry on each complaint involved) and ends its tracking link.
        tickets = self
        if self.env.su and self.env.context.get("complaint_merging"):
            tickets = self.filtered(lambda t: not t.merged_into_id)
            if not tickets:
                return None
        return super(HelpdeskTicket, tickets)._complaint_after_transition(old_states)

    # ------------------------------------------------------------------
    # The merge
    # ------------------------------------------------------------------

    def _complaint_merge_survivor(self):
        return self.sorted(lambda t: (t.create_date, t.id))[:1]

    def _complaint_merge_lock(self):
        """Lock these complaints until the end of the transaction, so that
        two users merging overlapping selections at once cannot chain
        merges (a duplicate merged into a complaint merged elsewhere)."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM helpdesk_ticket WHERE id = ANY(%s)"
                        " FOR UPDATE NOWAIT",
                        self.ids,
                    ),
                    log_exceptions=False,
                )
        except LockNotAvailable:
            raise UserError(
                self.env._(
                    "Another user is merging or changing these complaints right "
                    "now. Try again in a moment."
                )
            ) from None

    def _complaint_merge(self):
        """Merge these complaints into the oldest; return the survivor.

        Locked and checked first (rights, same customer and company, all
        open), then done by the system: messages, files, activities and
        compensation lines move to the survivor; the duplicates are closed
        (step *Withdrawn*) with a link to it and a new tracking token; one
        ``merge`` event-log entry on each complaint involved (the survivor's
        lists the duplicates); one message to the customer.
        """
        self._complaint_merge_check_rights()
        self._complaint_merge_lock()
        self._complaint_merge_check()
        survivor = self._complaint_merge_survivor()
        duplicates = self - survivor
        survivor_sudo, duplicates_sudo = survivor.sudo(), duplicates.sudo()
        note = self.env.ref("mail.mt_note")
        survivor_sudo.message_post(
            body=Markup("<br/>").join(
                Markup(
                    self.env._(
                        "Duplicate %(link)s (registered %(date)s) merged into this "
                        "complaint. Its description: %(description)s"
                    )
                )
                % {
                    "link": duplicate._get_html_link(duplicate.number),
                    "date": format_datetime(self.env, duplicate.create_date),
                    "description": escape(html2plaintext(duplicate.description or "")),
                }
                for duplicate in duplicates_sudo
            ),
            subtype_id=note.id,
            message_type="comment",
        )
        moved = duplicates._complaint_merge_move(survivor)
        # Before closing them: closed complaints take no more messages.
        survivor_link = survivor._get_html_link(survivor.number)
        for duplicate in duplicates_sudo:
            duplicate.message_post(
                body=Markup(self.env._("Merged into %(link)s as a duplicate."))
                % {"link": survivor_link},
                subtype_id=note.id,
                message_type="comment",
            )
        followers = duplicates_sudo.message_partner_ids.filtered(
            lambda p: (
                p == survivor.partner_id or p.user_ids.filtered(lambda u: not u.share)
            )
        )
        survivor_sudo.message_subscribe(partner_ids=followers.ids)
        tags = duplicates.tag_ids - survivor.tag_ids
        if tags:
            survivor.write({"tag_ids": [Command.link(tag.id) for tag in tags]})
        now = fields.Datetime.now()
        duplicates._complaint_write_decision(
            {"merged_into_id": survivor.id, "merged_date": now}
        )
        duplicates_sudo.with_context(complaint_merging=True)._complaint_move_to(
            "withdrawn"
        )
        # As on withdrawal, the duplicates' tracking links die: whoever holds
        # one must not be led to the surviving complaint.
        for duplicate in duplicates_sudo:
            duplicate.access_token = str(uuid.uuid4())
        self.env["complaint.event"]._append(
            [
                {
                    "ticket_id": duplicate.id,
                    "company_id": duplicate.company_id.id,
                    "event_type": "merge",
                    "summary": self.env._(
                        "Closed as a duplicate of %(number)s",
                        number=survivor.number,
                    ),
                    "payload": {
                        "merged_into": survivor.number,
                        "merged_into_id": survivor.id,
                    },
                }
                for duplicate in duplicates_sudo
            ]
        )
        survivor._complaint_log(
            "merge",
            self.env._(
                "Duplicates merged into %(number)s: %(numbers)s",
                number=survivor.number,
                numbers=", ".join(duplicates_sudo.mapped("number")),
            ),
            {
                "duplicates": duplicates_sudo.mapped("number"),
                "duplicate_ids": duplicates.ids,
                **moved,
            },
        )
        survivor._complaint_merge_tell_customer(duplicates_sudo)
        return survivor

    def _complaint_merge_move(self, survivor):
        """Move what hangs from these duplicates to ``survivor`` (rights
        checked by the caller). Returns the counts for the event log."""
        Message = self.env["mail.message"].sudo()
        messages = Message.search(
            [
                ("model", "=", self._name),
                ("res_id", "in", self.ids),
                ("message_type", "!=", "notification"),
            ]
        )
        messages.write({"res_id": survivor.id})
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids)])
        )
        attachments.write({"res_id": survivor.id})
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids)])
        )
        activities.write({"res_id": survivor.id})
        lines = self.sudo().compensation_line_ids
        if lines:
            # Approved and carried-out lines are frozen to their complaint
            # for everyone (compensation evidence); the merge moves them as
            # a whole, once checked and logged.
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "UPDATE complaint_compensation_line SET ticket_id = %s"
                    " WHERE id = ANY(%s)",
                    survivor.id,
                    lines.ids,
                )
            )
            lines.invalidate_recordset(["ticket_id"])
            (self | survivor).invalidate_recordset(["compensation_line_ids"])
            lines.modified(["ticket_id"])
            tickets = (self | survivor).sudo()
            self.env.add_to_compute(tickets._fields["compensation_amount"], tickets)
            self.env.flush_all()
        return {
            "messages": len(messages),
            "attachments": len(attachments),
            "compensation_lines": len(lines),
            "deadline_lines": len(self.sudo().ticket_sla_ids),
        }

    def _complaint_merge_tell_customer(self, duplicates):
        """One message to the customer, on the surviving complaint."""
        self.ensure_one()
        customer = self.partner_id
        body = self.with_context(lang=customer.lang).env._(
            "You registered the same complaint more than once (%(numbers)s). We "
            "have merged them into complaint %(number)s: follow it there, and "
            "write to us in that complaint.",
            numbers=", ".join(duplicates.mapped("number")),
            number=self.number,
        )
        self.sudo().message_post(
            body=body,
            author_id=self.company_id.partner_id.id,
            email_from=self.company_id.email_formatted or self.env.user.email_formatted,
            partner_ids=customer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    # ------------------------------------------------------------------
    # Screens
    # ------------------------------------------------------------------

    def action_complaint_merged_into(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.merged_into_id.id,
            "view_mode": "form",
        }

    def action_complaint_merged_duplicates(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merged duplicates"),
            "res_model": self._name,
            "domain": [("merged_into_id", "=", self.id)],
            "view_mode": "list,form",
        }

    def _complaint_portal_merged_url(self):
        """Portal address of the surviving complaint, for the page of a
        merged one. Never with a token: a duplicate's link does not open the
        survivor. The customer logs in, or uses the survivor's own link sent
        with the merge message."""
        self.ensure_one()
        survivor = self.sudo().merged_into_id
        if not survivor:
            return False
        return f"/my/complaints/{survivor.id}"

    def _complaint_portal_status(self):
        status = super()._complaint_portal_status()
        survivor = self.sudo().merged_into_id
        if survivor:
            status = {
                "label": self.env._("Merged"),
                "text": self.env._(
                    "You registered this complaint twice. We follow it up in "
                    "complaint %(number)s.",
                    number=survivor.number,
                ),
                "color": "secondary",
            }
        return status
