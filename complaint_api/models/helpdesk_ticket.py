# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timezone

from odoo import api, fields, models, tools
from odoo.tools import consteq, html2plaintext

# Workflow steps told to integrations under another code: the approval step
# the desk may take is not told apart from the solution step.
API_STATE = {"review": "solution"}


def utc(value):
    """Odoo's naive UTC datetime, with its time zone (for JSON)."""
    return value.replace(tzinfo=timezone.utc) if value else None


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    api_key_id = fields.Many2one(
        "complaint.api.key",
        string="Registered through",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        groups="consumer_complaint.group_complaint_manager",
        help="The integration (API key) that registered this complaint; only "
        "that integration follows it through the API.",
    )

    @api.model
    def _complaint_online_channel_codes(self):
        # Consumers file through a mini-program or an app as on the web form;
        # an order system or a regulator files for many people.
        return super()._complaint_online_channel_codes() + ["miniprogram", "app"]

    @api.model
    def _complaint_decision_fields(self):
        # Set at intake by the API (as superuser): changed later, it would
        # hand the complaint to another integration.
        return super()._complaint_decision_fields() | {"api_key_id"}

    # ------------------------------------------------------------------
    # API: lookup, what the integration sees, webhook
    # ------------------------------------------------------------------

    @api.model
    def _api_find(self, key, number, token=None):
        """The complaint ``number`` of integration ``key`` (sudoed), when the
        tracking token matches (if asked), else an empty recordset: another
        integration's complaint and a wrong token look like a missing one.

        A complaint into which one of the key's complaints was merged is the
        key's too, opened with its own token (the merge renews the
        duplicate's token: a duplicate's link does not lead to the survivor).
        A complaint without token (erased) is never opened by any token."""
        if not key or not number or not isinstance(number, str) or len(number) > 64:
            return self.browse()
        ticket = self.sudo().search(
            [
                ("number", "=", number),
                ("is_complaint", "=", True),
                ("company_id", "=", key.company_id.id),
                "|",
                ("api_key_id", "=", key.id),
                ("merged_ticket_ids.api_key_id", "=", key.id),
            ],
            limit=1,
        )
        if token is None:
            return ticket
        if not (ticket and token and isinstance(token, str)):
            return self.browse()
        if not (ticket.access_token and consteq(ticket.access_token, token)):
            return self.browse()
        return ticket

    def _api_status(self):
        """The portal's plain words, with a stable code."""
        self.ensure_one()
        status = self._complaint_portal_status()
        state = self.complaint_state or "accepted"
        return {
            "code": API_STATE.get(state, state),
            "label": status["label"],
            "text": status["text"],
        }

    def _api_detail(self):
        """What the customer's page shows, as data."""
        self.ensure_one()
        timeline, messages = [], []
        for item in self._complaint_portal_timeline():
            if item["kind"] == "message":
                messages.append(
                    {
                        "date": utc(item["date"]),
                        "author": item["author"],
                        "text": html2plaintext(item["body"] or ""),
                        "files": [
                            {"name": att.name, "mimetype": att.mimetype}
                            for att in item["attachments"]
                        ],
                    }
                )
            else:
                timeline.append({"date": utc(item["date"]), "title": item["title"]})
        solution = self.complaint_portal_solution
        return {
            "number": self.number,
            "merged_into": self.sudo().merged_into_id.number or None,
            "submitted": utc(self.create_date),
            "status": self._api_status(),
            "promise": self._complaint_portal_deadline_text() or None,
            "solution": None
            if tools.is_html_empty(solution)
            else html2plaintext(solution),
            "can_answer": self._complaint_portal_can_answer(),
            "can_withdraw": self._complaint_portal_can_withdraw(),
            "timeline": timeline,
            "messages": messages,
            "compensation": self._complaint_portal_compensation(),
        }

    def _api_summary(self):
        """One complaint in an integration's list of changes."""
        self.ensure_one()
        return {
            "number": self.number,
            "order_ref": self.order_ref or None,
            "merged_into": self.sudo().merged_into_id.number or None,
            "submitted": utc(self.create_date),
            "updated": utc(self.write_date),
            "status": self._api_status(),
        }

    def _complaint_after_transition(self, old_states):
        res = super()._complaint_after_transition(old_states)
        merging = self.env.su and self.env.context.get("complaint_merging")
        # A merged duplicate is told once, as merged (its closing by the
        # merge); nothing else of it is told, the case goes on in the survivor.
        tickets = self.sudo().filtered(
            lambda t: (
                t.api_key_id.webhook_url
                and t.api_key_id.active
                and (merging or not t.merged_into_id)
            )
        )
        if tickets:
            now = fields.Datetime.to_string(fields.Datetime.now())
            self.env["complaint.api.delivery"]._enqueue(
                [ticket._api_webhook_values(old_states, now) for ticket in tickets]
            )
        return res

    def _api_webhook_values(self, old_states, now):
        self.ensure_one()
        event = "complaint.merged" if self.merged_into_id else "complaint.status"
        previous = old_states.get(self.id)
        return {
            "key_id": self.api_key_id.id,
            "ticket_id": self.id,
            "event": event,
            "payload": {
                "event": event,
                "number": self.number,
                "order_ref": self.order_ref or None,
                "merged_into": self.merged_into_id.number or None,
                "previous": API_STATE.get(previous) or previous or None,
                "status": self.with_context(
                    lang=self.partner_id.lang or self.env.lang
                )._api_status(),
                "date": now,
            },
        }
