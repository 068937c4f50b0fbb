# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Creating a complaint from a checked submission: its partner, team,
consent and files (the online channels, through intake.pipeline), the
hotline's partner, and the e-mail channel (message_new)."""

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from ..intake.rate_limit import ONLINE_CHANNELS, ip_hash


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    complaint_intake_ip_hash = fields.Char(
        string="Intake network address (hashed)",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
        help="Keyed hash of the network address an online complaint came from; "
        "only used to limit spam. The address itself is not stored.",
    )
    privacy_consent_date = fields.Datetime(
        string="Personal-data consent",
        readonly=True,
        copy=False,
        help="When the customer agreed to the processing of their personal data "
        "on the online form.",
    )

    @api.model
    def _complaint_online_channel_codes(self):
        """Channels where consumers file by themselves, counted together by
        the per-complainant limit (intake.rate_limit); other addons add
        theirs."""
        return list(ONLINE_CHANNELS)

    @api.model
    def _complaint_intake_team(self, category, store, company):
        team = (
            category._complaint_team() if category else self.env["helpdesk.ticket.team"]
        )
        team = team or store.team_id
        if not team:
            param = (
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("consumer_complaint.intake_team_id")
            )
            if param and param.isdigit():
                team = (
                    self.env["helpdesk.ticket.team"]
                    .sudo()
                    .browse(int(param))
                    .exists()
                    .filtered(lambda t: t.active and t.is_complaint_team)
                )
        if not team:
            team = (
                self.env["helpdesk.ticket.team"]
                .sudo()
                .search(
                    [
                        ("is_complaint_team", "=", True),
                        ("company_id", "in", [company.id, False]),
                    ],
                    order="sequence, id",
                    limit=1,
                )
            )
        return team.sudo()

    # ------------------------------------------------------------------
    # The complainant's partner
    # ------------------------------------------------------------------

    @api.model
    def _complaint_partner_values(self, contact):
        email, phone = contact.get("email"), contact.get("phone")
        return {
            "name": contact.get("name") or email or phone,
            "email": email or False,
            "phone": phone or False,
            "lang": self.env.lang,
        }

    @api.model
    def _complaint_find_or_create_partner(self, contact):
        """Partner of a caller registered by staff (hotline): found by
        e-mail, then by phone, else created. Staff check who calls; online
        guests go through ``_complaint_guest_partner`` instead."""
        partner = self._complaint_known_customer(contact)
        if not partner:
            partner = (
                self.env["res.partner"]
                .sudo()
                .create(self._complaint_partner_values(contact))
            )
        return partner

    @api.model
    def _complaint_guest_partner(self, contact):
        """Partner of an online guest: always a new one, with what they typed.

        A typed phone or e-mail proves nothing: attaching the complaint to
        the customer who has it would let anyone write in that customer's
        name and see their complaint. That customer is asked to confirm
        instead (``_complaint_link_request``).
        """
        # No "contact created" message nor follower on a partner made for
        # one complaint: the complaint's own chatter says who filed it.
        return (
            self.env["res.partner"]
            .sudo()
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(self._complaint_partner_values(contact))
        )

    # ------------------------------------------------------------------
    # Creation
    # ------------------------------------------------------------------

    @api.model
    def _complaint_intake_create(
        self, values, contact, files, channel, partner=None, address=None
    ):
        """Create a complaint from a checked online submission.

        Runs as superuser: the caller checked the input (intake.pipeline).
        ``partner`` is the logged-in customer; a guest gets a partner of
        their own and the known customer their contact matches, if any, a
        confirmation link. Raises on any failure so that the caller's
        transaction (or savepoint) is rolled back as a whole.
        """
        Ticket = self.sudo()
        company = self.env.company
        category = self.env["helpdesk.ticket.category"].browse(
            values.get("category_id")
        )
        store = self.env["complaint.store"].sudo().browse(values.get("store_id"))
        team = Ticket._complaint_intake_team(category, store, company)
        if not team:
            raise UserError(
                self.env._("Complaints cannot be received online at the moment.")
            )
        known = self.env["res.partner"]
        if not partner:
            known = Ticket._complaint_known_customer(contact)
            partner = Ticket._complaint_guest_partner(contact)
        vals = dict(
            values,
            partner_id=partner.id,
            partner_name=contact.get("name") or partner.name,
            partner_email=contact.get("email") or partner.email or False,
            channel_id=channel.id,
            team_id=team.id,
            company_id=team.company_id.id or company.id,
            privacy_consent_date=fields.Datetime.now(),
            complaint_intake_ip_hash=ip_hash(self.env, address),
        )
        vals.setdefault("partner_phone", contact.get("phone") or False)
        # The chatter's creation message, posted by the intake job, names the
        # guest who filed it, not the website's "Public user".
        ticket = Ticket.create(vals)
        ticket.message_subscribe(partner_ids=partner.ids)
        ticket._complaint_log(
            "privacy",
            self.env._("Consent to personal-data processing given"),
            {"channel": channel.code or "", "partner": partner.id},
        )
        if files:
            ticket._complaint_attach_files(files)
        if known.email:
            # Asked by e-mail from the intake job (_complaint_link_request).
            ticket.sudo().complaint_link_partner_id = known
        # The number and the tracking link reach the customer by the
        # acknowledgement template of the first workflow stage.
        return ticket

    def _complaint_attach_files(self, files, message=None):
        """Store checked files on the complaint (and on ``message``).

        Each new attachment of a complaint is logged as evidence, with its
        SHA-256, by the ir.attachment override of this addon.
        """
        self.ensure_one()
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": item["name"],
                        "raw": item["raw"],
                        "mimetype": item["mimetype"],
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                    for item in files
                ]
            )
        )
        if message:
            message.sudo().attachment_ids = [(4, att.id) for att in attachments]
        return attachments

    # ------------------------------------------------------------------
    # E-mail channel
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg, custom_values=None):
        """A mail to the alias of a complaint team opens a complaint."""
        values = dict(custom_values or {})
        team = self.env["helpdesk.ticket.team"].browse(values.get("team_id")).exists()
        if not team.is_complaint_team:
            return super().message_new(msg, custom_values=values)
        channel = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_channel_email", raise_if_not_found=False
        )
        if channel:
            values.setdefault("channel_id", channel.id)
        name, email = tools.parse_contact_from_email(msg.get("email_from") or "")
        if name:
            values.setdefault("partner_name", name)
        if tools.is_html_empty(msg.get("body")):
            # The mail body is the description; a mail with attachments only
            # still needs one.
            values.setdefault(
                "description",
                plaintext2html(msg.get("subject") or self.env._("No description")),
            )
        ticket = super().message_new(msg, custom_values=values)
        if email and ticket.partner_email != email:
            # The gateway stores "Name <address>"; keep the address only.
            ticket.partner_email = email
        return ticket
