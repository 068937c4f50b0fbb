# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the customer sees of a complaint (portal pages, the API's detail,
e-mails) and does on it: post, withdraw, confirm a guest complaint as theirs.

The intake itself (checks, limits, creation) is in intake/ and
helpdesk_ticket_intake.py."""

import hmac
import secrets
import uuid

import pytz
from babel.dates import format_skeleton
from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import plaintext2html
from odoo.tools.misc import babel_locale_parse, hash_sign, verify_hash_signed

# Steps in which the customer may still withdraw the complaint.
WITHDRAWABLE_STATES = ("accepted", "investigating", "solution", "review", "feedback")
# Steps before a solution is proposed: the promised answer time is shown.
WAITING_STATES = ("accepted", "investigating", "solution", "review")

# Steps in which a complaint is closed: customers no longer write or upload.
CLOSED_STATES = ("archived", "withdrawn")
# How long the link that lets a known customer claim a guest complaint works.
LINK_CONFIRM_HOURS = 72
LINK_CONFIRM_SCOPE = "consumer_complaint.link_confirm"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # A guest typed the phone or e-mail of a known customer: the complaint
    # stays with the guest until that customer confirms it from the link sent
    # to their stored address (single use: the nonce is cleared on use).
    complaint_link_partner_id = fields.Many2one(
        "res.partner",
        string="Customer asked to confirm",
        readonly=True,
        copy=False,
        groups="base.group_system",
    )
    complaint_link_nonce = fields.Char(
        readonly=True, copy=False, groups="base.group_system"
    )

    # The tracking link's token lets whoever holds it act as the customer
    # (accept or reject the solution, withdraw, write to the handler): staff
    # never read it; the link is built as superuser for the customer's e-mails.
    access_token = fields.Char(groups="base.group_system")

    def _portal_ensure_token(self):
        return super(HelpdeskTicket, self.sudo())._portal_ensure_token()

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for ticket in self.filtered("is_complaint"):
            ticket.access_url = f"/my/complaints/{ticket.id}"
        return res

    @api.model
    def _search(self, domain, *args, **kwargs):
        # helpdesk_mgmt's portal ticket pages build their searches inside
        # the route: they run with this key, complaints having pages of
        # their own. The key only ever narrows a search.
        if self.env.context.get("complaint_hide_complaints"):
            domain = expression.AND([domain or [], [("is_complaint", "=", False)]])
        return super()._search(domain, *args, **kwargs)

    # ------------------------------------------------------------------
    # A known customer confirms a guest complaint
    # ------------------------------------------------------------------

    def _complaint_link_request(self, customer):
        """Send ``customer``, at their stored address, a signed single-use
        link that attaches this guest complaint to them."""
        self.ensure_one()
        ticket = self.sudo()
        nonce = secrets.token_urlsafe(16)
        ticket.write(
            {"complaint_link_partner_id": customer.id, "complaint_link_nonce": nonce}
        )
        token = hash_sign(
            ticket.env,
            LINK_CONFIRM_SCOPE,
            {"ticket": ticket.id, "partner": customer.id, "nonce": nonce},
            expiration_hours=LINK_CONFIRM_HOURS,
        )
        url = f"{ticket.get_base_url()}/complaint/confirm/{ticket.id}?token={token}"
        lang = customer.lang or self.env.lang
        body = self.env["ir.qweb"]._render(
            "consumer_complaint.complaint_link_confirm_mail",
            {
                "ticket": ticket,
                "customer": customer,
                "url": url,
                "hours": LINK_CONFIRM_HOURS,
            },
            lang=lang,
        )
        company = ticket.company_id
        # Not linked to the complaint: the link must not show in its chatter.
        self.env["mail.mail"].sudo().create(
            {
                "subject": ticket.with_context(lang=lang).env._(
                    "Is complaint %(number)s yours?", number=ticket.number
                ),
                "body_html": body,
                "email_to": customer.email_formatted,
                "email_from": company.email_formatted
                or self.env.ref("base.user_root").email_formatted,
                "auto_delete": True,
            }
        )
        # Not a "customer" event: the guest's timeline must not tell that
        # the contact they typed belongs to a customer.
        ticket._complaint_log(
            "other",
            self.env._("Confirmation link sent to a known customer"),
            {"partner": customer.id},
        )

    @api.model
    def _complaint_link_check(self, ticket_id, token):
        """The complaint and customer of a confirmation link, or ``None``
        when it is forged, expired, used or for another complaint."""
        try:
            payload = verify_hash_signed(
                self.sudo().env, LINK_CONFIRM_SCOPE, token or ""
            )
        except (ValueError, TypeError, UnicodeDecodeError):
            payload = None
        if not isinstance(payload, dict) or payload.get("ticket") != ticket_id:
            return None
        ticket = self.sudo().browse(ticket_id).exists()
        nonce = payload.get("nonce")
        if (
            not ticket
            or not ticket.complaint_link_nonce
            or not isinstance(nonce, str)
            or not hmac.compare_digest(ticket.complaint_link_nonce, nonce)
            or ticket.complaint_link_partner_id.id != payload.get("partner")
        ):
            return None
        return ticket, ticket.complaint_link_partner_id

    @api.model
    def _complaint_link_confirm(self, ticket_id, token):
        """Attach the complaint to the customer who confirmed it.

        The link dies (its nonce is cleared), the guest's partner stops
        following the complaint and the tracking link changes: whoever
        filed it with another person's contact loses access to it.
        :return: the complaint, or ``None`` when the link is not valid.
        """
        found = self._complaint_link_check(ticket_id, token)
        if not found:
            return None
        ticket, customer = found
        guest = ticket.partner_id
        ticket.write(
            {
                "partner_id": customer.id,
                "complaint_link_partner_id": False,
                "complaint_link_nonce": False,
                "access_token": str(uuid.uuid4()),
            }
        )
        if guest and guest != customer:
            ticket.message_unsubscribe(partner_ids=guest.ids)
        ticket.message_subscribe(partner_ids=customer.ids)
        ticket._complaint_log(
            "customer",
            self.env._("Complaint confirmed by the customer from the e-mail link"),
            {"partner": customer.id, "guest_partner": guest.id},
        )
        return ticket

    def _complaint_tracking_url(self):
        """Absolute link to follow the complaint without an account (pages,
        e-mails, the API). As superuser: the token is created on first use."""
        self.ensure_one()
        return self.get_base_url() + self.sudo().get_portal_url()

    # ------------------------------------------------------------------
    # What the customer sees
    # ------------------------------------------------------------------

    @api.model
    def _complaint_portal_status_words(self):
        return {
            "accepted": (
                self.env._("Received"),
                self.env._(
                    "We have received your complaint and will contact you soon."
                ),
                "info",
            ),
            "investigating": (
                self.env._("Being looked into"),
                self.env._("We are checking the facts of your complaint."),
                "info",
            ),
            "solution": (
                self.env._("Preparing a solution"),
                self.env._("We are preparing a solution for you."),
                "info",
            ),
            "review": (
                self.env._("Preparing a solution"),
                self.env._("We are preparing a solution for you."),
                "info",
            ),
            "feedback": (
                self.env._("Waiting for your answer"),
                self.env._(
                    "We have proposed a solution. Please tell us whether you accept it."
                ),
                "warning",
            ),
            "execution": (
                self.env._("Solution being carried out"),
                self.env._("You accepted the solution; we are carrying it out."),
                "primary",
            ),
            "followup": (
                self.env._("Solved"),
                self.env._(
                    "The solution has been carried out. We may contact you to ask "
                    "how it went."
                ),
                "success",
            ),
            "archived": (
                self.env._("Closed"),
                self.env._("This complaint is closed."),
                "secondary",
            ),
            "withdrawn": (
                self.env._("Withdrawn"),
                self.env._("This complaint was withdrawn."),
                "secondary",
            ),
        }

    def _complaint_portal_status(self):
        """Plain words for the customer: ``{"label", "text", "color"}``."""
        self.ensure_one()
        words = self._complaint_portal_status_words()
        label, text, color = words.get(self.complaint_state or "accepted")
        return {"label": label, "text": text, "color": color}

    def _complaint_portal_tz(self):
        self.ensure_one()
        user = self.env.user
        tz = self.partner_id.tz
        if not tz and not user._is_public() and user.partner_id == self.partner_id:
            tz = user.tz
        # Not the context's: that is the zone of whoever renders the page or
        # the e-mail, not the customer's.
        return (
            tz
            or self.company_id.partner_id.tz
            or self.team_id.resource_calendar_id.tz
            or "Asia/Shanghai"
        )

    def _complaint_portal_format_dt(self, value, with_year=None):
        """Date and time in the customer's time zone, e.g. 11月24日 18:00."""
        self.ensure_one()
        if not value:
            return ""
        try:
            tz = pytz.timezone(self._complaint_portal_tz())
        except pytz.UnknownTimeZoneError:
            tz = pytz.timezone("Asia/Shanghai")
        local = pytz.utc.localize(value).astimezone(tz).replace(tzinfo=None)
        if with_year is None:
            now = pytz.utc.localize(fields.Datetime.now()).astimezone(tz)
            with_year = local.year != now.year
        locale = babel_locale_parse(self.env.lang or "en_US")
        day = format_skeleton("yMMMd" if with_year else "MMMd", local, locale=locale)
        return f"{day} {local:%H:%M}"

    def _complaint_portal_deadline(self):
        self.ensure_one()
        if self.complaint_state not in WAITING_STATES:
            return False
        return self.resolution_deadline or self.complaint_deadline or False

    def _complaint_portal_deadline_text(self):
        """The promised answer time, with the year so that it is a date
        wherever it is read, e.g. "Expected solution by 2026年11月24日 18:00"."""
        self.ensure_one()
        deadline = self._complaint_portal_deadline()
        if not deadline:
            return ""
        if deadline < fields.Datetime.now():
            return self.env._(
                "Our solution is overdue; your complaint has been escalated and "
                "will be answered as soon as possible."
            )
        return self.env._(
            "Expected solution by %(date)s",
            date=self._complaint_portal_format_dt(deadline, with_year=True),
        )

    def _complaint_portal_can_answer(self):
        self.ensure_one()
        return self.complaint_state == "feedback"

    def _complaint_portal_can_withdraw(self):
        self.ensure_one()
        return self.complaint_state in WITHDRAWABLE_STATES

    def _complaint_portal_rejection(self):
        """The customer's answer when they rejected the last solution, shown
        back to them: ``{"reason", "date_text"}``, or None."""
        self.ensure_one()
        ticket = self.sudo()
        if (
            ticket.customer_response != "rejected"
            or not ticket.customer_response_reason
        ):
            return None
        return {
            "reason": ticket.customer_response_reason,
            "date_text": self._complaint_portal_format_dt(
                ticket.customer_response_date
            ),
        }

    def _complaint_portal_internal_messages(self):
        self.ensure_one()
        return self.sudo().message_ids.filtered(
            lambda m: m.is_internal or m.subtype_id.internal
        )

    def _complaint_portal_public_messages(self):
        self.ensure_one()
        return self.sudo().message_ids.filtered(
            lambda m: (
                m.message_type in ("comment", "email", "email_outgoing")
                and not m.is_internal
                and m.subtype_id
                and not m.subtype_id.internal
            )
        )

    def _complaint_portal_attachments(self):
        """Files the customer may see: those of messages to or from the
        customer, and those uploaded without a message by the customer or
        by the product itself (intake). A file a staff member drops in the
        chatter reaches the customer only in a message sent to them."""
        self.ensure_one()
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", self._name), ("res_id", "=", self.id)],
                order="id",
            )
        )
        on_messages = self.sudo().message_ids.attachment_ids
        public = self._complaint_portal_public_messages().attachment_ids

        def visible(attachment):
            if attachment in on_messages:
                return attachment in public
            uploader = attachment.create_uid
            return (
                not uploader or uploader._is_superuser() or not uploader._is_internal()
            )

        return attachments.filtered(visible)

    def _complaint_portal_timeline(self):
        """Customer-visible events, newest first: list of dicts.

        Status changes come from the event log (never its internal details),
        messages only when posted for the customer (never internal notes).
        """
        self.ensure_one()
        words = self._complaint_portal_status_words()
        items = []
        events = self.sudo().event_ids.filtered(
            lambda e: e.event_type in ("intake", "stage", "solution", "customer")
        )
        last_label = None
        for event in events.sorted(lambda e: (e.date, e.id)):
            if event.event_type == "intake":
                title = self.env._(
                    "Complaint %(number)s registered", number=self.number
                )
                last_label = words["accepted"][0]
            elif event.event_type == "stage":
                state = (event.summary or "").rsplit("→", 1)[-1].strip()
                if state not in words or words[state][0] == last_label:
                    continue
                last_label = words[state][0]
                title = self.env._("Status: %(status)s", status=last_label)
            elif event.event_type == "solution":
                title = self.env._("A solution was proposed to you")
            else:
                title = event.summary
            items.append(
                {
                    "date": event.date,
                    "kind": "status",
                    "title": title,
                    "author": "",
                    "body": False,
                    "attachments": self.env["ir.attachment"],
                    "order": (0, event.id),
                }
            )
        for message in self._complaint_portal_public_messages():
            if tools.is_html_empty(message.body) and not message.attachment_ids:
                continue
            items.append(
                {
                    "date": message.date,
                    "kind": "message",
                    "title": "",
                    "author": message.author_id.name or message.email_from or "",
                    "body": message.body,
                    "attachments": message.attachment_ids,
                    "order": (1, message.id),
                }
            )
        items.sort(key=lambda item: (item["date"], item["order"]), reverse=True)
        for item in items:
            item["date_text"] = self._complaint_portal_format_dt(item["date"])
        return items

    def _complaint_portal_compensation(self):
        """Compensation lines to show, when the compensation feature provides them."""
        self.ensure_one()
        if not hasattr(self, "_complaint_portal_compensation_lines"):
            return []
        lines = self._complaint_portal_compensation_lines() or []
        result = []
        for line in lines:
            if isinstance(line, dict):
                result.append(
                    {
                        "name": line.get("name") or line.get("description") or "",
                        "amount": line.get("amount"),
                        "state": line.get("state_label") or line.get("state") or "",
                    }
                )
                continue
            state = ""
            if "state" in line._fields and line.state:
                state = dict(
                    line._fields["state"]._description_selection(line.env)
                ).get(line.state, line.state)
            result.append(
                {
                    "name": line.display_name,
                    "amount": line.amount if "amount" in line._fields else None,
                    "state": state,
                }
            )
        return result

    def _complaint_run_intake_effects(self, log, acknowledge, notify):
        res = super()._complaint_run_intake_effects(log, acknowledge, notify)
        # A guest typed the contact of a known customer, whom the intake
        # chose: that customer is asked, out of the guest's request.
        for ticket in (
            self.exists()
            .sudo()
            .filtered(
                lambda t: t.complaint_link_partner_id and not t.complaint_link_nonce
            )
        ):
            ticket._complaint_link_request(ticket.complaint_link_partner_id)
        return res

    def _complaint_after_transition(self, old_states):
        res = super()._complaint_after_transition(old_states)
        # A withdrawn complaint's tracking link dies with it: copies of the
        # link (forwarded e-mails, shared screens) no longer open it.
        withdrawn = self.filtered(lambda t: t.complaint_state == "withdrawn")
        for ticket in withdrawn.sudo():
            ticket.access_token = str(uuid.uuid4())
        return res

    # ------------------------------------------------------------------
    # What the customer does (called on the record returned by the portal's
    # access check, i.e. after it)
    # ------------------------------------------------------------------

    def _complaint_portal_post(self, text, files, author):
        """A message, evidence or both from the customer."""
        self.ensure_one()
        body = plaintext2html(text) if text else ""
        message = self.sudo().message_post(
            body=body,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        if files:
            self._complaint_attach_files(files, message=message)
        return message

    def _complaint_portal_withdraw(self, reason, author):
        self.ensure_one()
        if not self._complaint_portal_can_withdraw():
            raise UserError(self.env._("This complaint can no longer be withdrawn."))
        ticket = self.sudo()
        text = self.env._("I withdraw my complaint.")
        if reason:
            text = f"{text}\n{reason}"
        ticket.message_post(
            body=plaintext2html(text),
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        ticket._complaint_log(
            "customer",
            self.env._("Customer withdrew the complaint"),
            {"reason": reason or ""},
        )
        return ticket._complaint_move_to("withdrawn")
