# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..intake import form
from ..models.helpdesk_ticket import DEMANDS


class ComplaintHotline(models.TransientModel):
    """Quick entry of a complaint taken on the phone (400 hotline)."""

    _name = "complaint.hotline"
    _inherit = ["complaint.decision.mixin"]
    _description = "Hotline complaint entry"

    state = fields.Selection(
        [("draft", "Entry"), ("done", "Registered")], default="draft", required=True
    )
    phone = fields.Char(
        string="Caller's phone",
        required=True,
        help="Mainland mobile number (e.g. 13800138000) or landline with area "
        "code (e.g. 010-12345678). Customers with this number are looked up.",
    )
    phone_normalized = fields.Char(compute="_compute_partner_ids")
    partner_ids = fields.Many2many(
        "res.partner",
        compute="_compute_partner_ids",
        string="Customers with this number",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        help="Leave empty to register a new customer with the name below.",
    )
    complaint_count = fields.Integer(
        string="Previous complaints", compute="_compute_previous_complaints"
    )
    previous_complaints = fields.Html(
        string="Last complaints", compute="_compute_previous_complaints", sanitize=False
    )
    partner_name = fields.Char(string="Caller's name")
    email = fields.Char(string="E-mail")
    category_id = fields.Many2one("helpdesk.ticket.category", required=True)
    # What the intake would give the complaint (category, severity rules on
    # the words of the call), computed by the intake's own code.
    proposed_severity_id = fields.Many2one(
        "complaint.severity",
        string="Severity proposed by the intake",
        compute="_compute_proposed_severity_id",
    )
    severity_rules = fields.Char(
        string="Severity rules matched", compute="_compute_proposed_severity_id"
    )
    severity_id = fields.Many2one(
        "complaint.severity",
        string="Severity",
        compute="_compute_severity_id",
        store=True,
        readonly=False,
        help="The severity the complaint gets: the category's, raised by the "
        "severity rules when the caller's words call for it. Change it if the "
        "call shows the case is more or less serious.",
    )
    severity_manual = fields.Boolean(
        help="The receptionist chose the severity: it no longer follows the proposal."
    )
    severity_reason = fields.Char(string="Why", compute="_compute_severity_reason")
    product_id = fields.Many2one("product.product")
    order_ref = fields.Char(string="Order number")
    purchase_date = fields.Date()
    store_id = fields.Many2one("complaint.store")
    demand = fields.Selection(DEMANDS, string="Customer wants")
    description = fields.Text(string="What happened", required=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", readonly=True)
    # Read with the user's rights (not the sudo of a related field): the
    # wizard must not become a way to read the number of another complaint.
    ticket_number = fields.Char(
        string="Complaint number", compute="_compute_ticket_number"
    )

    @api.model
    def _complaint_decision_fields(self):
        # Which complaint the call registered is set by "Register" only.
        return super()._complaint_decision_fields() | {"state", "ticket_id"}

    @api.depends("ticket_id", "state")
    def _compute_ticket_number(self):
        for wizard in self:
            ticket = wizard.ticket_id if wizard.state == "done" else False
            wizard.ticket_number = (
                ticket._filtered_access("read").number if ticket else False
            )

    @api.depends("phone")
    def _compute_partner_ids(self):
        for wizard in self:
            phone = form.normalize_phone(wizard.phone)
            wizard.phone_normalized = phone or False
            wizard.partner_ids = self._find_partners(phone) if phone else False

    @api.model
    def _find_partners(self, phone):
        """Partners whose phone matches, or who complained with this number."""
        Ticket = self.env["helpdesk.ticket"]
        partners = Ticket._complaint_partners_by_phone(phone)
        tickets = Ticket.sudo().search(
            Ticket._complaint_contact_domain(phone=phone)
            + [("partner_id", "!=", False)],
            order="id desc",
            limit=20,
        )
        return partners | tickets.partner_id.with_env(self.env)

    @api.depends("partner_ids")
    def _compute_partner_id(self):
        for wizard in self:
            if wizard.partner_id not in wizard.partner_ids:
                wizard.partner_id = (
                    wizard.partner_ids if len(wizard.partner_ids) == 1 else False
                )

    @api.depends("partner_id", "partner_ids", "phone_normalized")
    def _compute_previous_complaints(self):
        Ticket = self.env["helpdesk.ticket"].sudo()
        for wizard in self:
            partners = wizard.partner_id or wizard.partner_ids
            if not partners:
                wizard.complaint_count = 0
                wizard.previous_complaints = False
                continue
            # The caller's: the customer's, or filed with this number.
            domain = [("is_complaint", "=", True)] + Ticket._complaint_contact_domain(
                partners, wizard.phone_normalized
            )
            wizard.complaint_count = Ticket.search_count(domain)
            lines = [
                Markup("<li>%s · %s · %s · %s</li>")
                % (
                    ticket.number,
                    # the receptionist's day, not the day in UTC
                    fields.Date.to_string(
                        fields.Date.context_today(self, ticket.create_date)
                    ),
                    ticket.stage_id.name or "",
                    ticket.name,
                )
                for ticket in Ticket.search(domain, order="id desc", limit=5)
            ]
            wizard.previous_complaints = (
                Markup("<ul class='mb-0'>%s</ul>") % Markup().join(lines)
                if lines
                else False
            )

    @api.depends("category_id", "store_id", "description")
    def _compute_proposed_severity_id(self):
        """Severity the intake gives these entries, by the code it runs at
        creation (``helpdesk.ticket._complaint_prepare_vals``) on the values
        "Register" sends, left without a severity."""
        todo = self.filtered("category_id")
        (self - todo).update({"proposed_severity_id": False, "severity_rules": False})
        if not todo:
            return
        vals_list = [wizard._complaint_ticket_vals() for wizard in todo]
        # Fills in these values only: nothing is written.
        self.env["helpdesk.ticket"].with_context(
            complaint_mode=True
        )._complaint_prepare_vals(vals_list)
        Severity = self.env["complaint.severity"]
        for wizard, vals in zip(todo, vals_list, strict=True):
            wizard.proposed_severity_id = Severity.browse(vals.get("severity_id"))
            wizard.severity_rules = vals.get("triage_severity_rules") or False

    @api.depends("proposed_severity_id")
    def _compute_severity_id(self):
        # A severity the receptionist chose stays when the text changes after.
        for wizard in self.filtered(lambda w: not w.severity_manual):
            wizard.severity_id = wizard.proposed_severity_id

    @api.onchange("severity_id")
    def _onchange_severity_id(self):
        for wizard in self:
            wizard.severity_manual = wizard.severity_id != wizard.proposed_severity_id

    @api.depends("severity_id", "proposed_severity_id", "severity_rules", "category_id")
    def _compute_severity_reason(self):
        for wizard in self:
            proposed = wizard.proposed_severity_id
            default = (
                wizard.category_id._complaint_severity()
                if wizard.category_id
                else self.env["complaint.severity"]
            )
            if not wizard.severity_id:
                reason = False
            elif wizard.severity_id != proposed:
                reason = (
                    self.env._(
                        "Chosen by you; the intake proposes %(severity)s.",
                        severity=proposed.name,
                    )
                    if proposed
                    else self.env._("Chosen by you.")
                )
            elif wizard.severity_rules and proposed != default:
                reason = self.env._(
                    "Raised by rule: %(rules)s", rules=wizard.severity_rules
                )
            elif proposed == default:
                reason = self.env._(
                    "Default severity of %(category)s",
                    category=wizard.category_id.complete_name,
                )
            else:
                reason = self.env._("Default severity")
            wizard.severity_reason = reason

    def _complaint_ticket_vals(self, checked=None):
        """Values of the complaint "Register" creates, before the intake
        completes them (severity, handler).

        :param checked: the entries as ``_check_entry`` accepted them; without
            them (the severity proposed while typing), the texts are only cleaned.
        """
        self.ensure_one()
        if checked is None:
            checked = {
                "description": form.clean_text(self.description, multiline=True),
                "order_ref": form.clean_text(self.order_ref),
            }
        team = self.env["helpdesk.ticket"]._complaint_intake_team(
            self.category_id, self.store_id, self.env.company
        )
        return {
            **form.description_values(checked["description"]),
            "category_id": self.category_id.id,
            "team_id": team.id,
            "channel_id": self.env.ref("consumer_complaint.channel_hotline").id,
            "product_id": self.product_id.id or False,
            "order_ref": checked["order_ref"] or False,
            "purchase_date": self.purchase_date,
            "store_id": self.store_id.id or False,
            "demand": self.demand or False,
        }

    def _check_entry(self):
        """The entries, checked by the online form's checks; a call always
        has the caller's phone number.

        :return: dict of the accepted phone, email, name, description and
            order_ref (False when empty)
        :raise UserError: what is wrong, all of it
        """
        self.ensure_one()
        env = self.env
        post = {
            "phone": self.phone,
            "email": self.email,
            "name": self.partner_name,
            "description": self.description,
            "order_ref": self.order_ref,
        }
        errors = {}
        checked = {
            "phone": form.check_phone(
                env,
                post,
                errors,
                required=True,
                invalid=env._(
                    "The phone number %(phone)s is not valid: enter a mainland "
                    "mobile number (11 digits) or a landline with its area code "
                    "(e.g. 010-12345678).",
                    phone=self.phone or "",
                ),
            ),
            "email": form.check_email(
                env,
                post,
                errors,
                invalid=env._(
                    "The e-mail address %(email)s is not valid.", email=self.email
                ),
            ),
            "name": form.check_name(
                env,
                post,
                errors,
                required=not self.partner_id,
                missing=env._("Choose the customer or enter the caller's name."),
            ),
            "description": form.check_description(
                env, post, errors, missing=env._("Describe what happened.")
            ),
            "order_ref": form.check_order_ref(env, post, errors),
        }
        if errors:
            raise UserError("\n".join(errors.values()))
        return checked

    def action_create(self):
        self.ensure_one()
        if self.ticket_id:
            raise UserError(self.env._("This call is already registered."))
        checked = self._check_entry()
        Ticket = self.env["helpdesk.ticket"]
        partner = self.partner_id
        contact = {
            "name": checked["name"] or partner.name,
            "email": checked["email"] or partner.email or False,
            "phone": checked["phone"],
        }
        if not partner:
            partner = Ticket._complaint_find_or_create_partner(contact)
        vals = self._complaint_ticket_vals(checked)
        if not vals["team_id"]:
            raise UserError(
                self.env._("No complaint team is configured to receive this complaint.")
            )
        vals.update(
            {
                "severity_id": self.severity_id.id or False,
                "partner_id": partner.id,
                "partner_name": contact["name"],
                "partner_email": contact["email"],
                "partner_phone": checked["phone"],
            }
        )
        ticket = Ticket.with_context(complaint_mode=True).create(vals)
        if self.severity_id and ticket.severity_id != self.severity_id:
            # The receptionist lowered a severity the rules raise: the complaint
            # keeps the severity shown, and the log records the change. The
            # severity was theirs to set at creation; moving the SLA lines it
            # changes needs more than their rights.
            ticket.sudo().severity_id = self.severity_id
        self._complaint_write_decision({"ticket_id": ticket.id, "state": "done"})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Complaint registered"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_open_ticket(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.ticket_id.number,
            "res_model": "helpdesk.ticket",
            "res_id": self.ticket_id.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "consumer_complaint.helpdesk_ticket_view_form_complaint"
                    ).id,
                    "form",
                )
            ],
            "context": {"complaint_mode": True},
            "target": "current",
        }

    def action_new_call(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hotline entry"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
        }
