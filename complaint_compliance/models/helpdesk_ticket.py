# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

from . import compliance_rules as rules

NATURE_FIELDS = (
    "custom_made",
    "perishable",
    "digital_unsealed",
    "periodical",
    "excluded_confirmed",
)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # Facts the checks need; each is confirmed by a person.
    sale_channel = fields.Selection(
        [
            ("online", "Online"),
            ("tv", "TV shopping"),
            ("phone", "Phone order"),
            ("mail_order", "Mail order"),
            ("store", "In store"),
        ],
        string="Sold through",
        help="Distance sales (online, TV, phone, mail order) allow a return without "
        "reason within 7 days.",
    )
    is_food = fields.Boolean(string="Food product")
    is_durable = fields.Boolean(
        string="Durable goods",
        help="Cars, computers, TV sets, fridges, air conditioners, washing machines, "
        "renovation services.",
    )
    custom_made = fields.Boolean(string="Custom-made")
    perishable = fields.Boolean(string="Fresh or perishable")
    digital_unsealed = fields.Boolean(string="Downloaded or unsealed digital goods")
    periodical = fields.Boolean(string="Delivered newspaper or periodical")
    excluded_confirmed = fields.Boolean(
        string="Customer confirmed 'not returnable' at purchase"
    )
    fraud_confirmed = fields.Boolean(
        string="Fraud confirmed",
        tracking=True,
        help="Set only after a person has checked the facts (消法 art. 55).",
    )
    food_noncompliant_confirmed = fields.Boolean(
        string="Non-compliant food confirmed",
        tracking=True,
        help="Set only after a person has checked that the food does not meet "
        "food-safety standards (食品安全法 art. 148).",
    )
    loss_amount = fields.Monetary(string="Loss", currency_field="currency_id")
    proposed_extra_compensation = fields.Monetary(
        string="Extra compensation proposed",
        currency_field="currency_id",
        help="Compensation on top of the refund, compared with the legal minimum.",
    )
    return_received_date = fields.Date(string="Returned goods received on")
    legal_clause_ids = fields.Many2many(
        "complaint.legal.clause",
        string="Legal basis",
        compute="_compute_legal_clauses",
    )
    legal_hint_html = fields.Html(
        string="Legal hints", compute="_compute_legal_clauses", sanitize=False
    )
    compliance_check_html = fields.Html(
        string="Compliance checks", compute="_compute_compliance_checks", sanitize=False
    )
    compliance_blocking = fields.Boolean(compute="_compute_compliance_checks")
    compliance_override_reason = fields.Text(
        string="Override reason", tracking=True, copy=False
    )
    compliance_override_by_id = fields.Many2one(
        "res.users", string="Overridden by", readonly=True, copy=False
    )

    # ------------------------------------------------------------------
    # Hints
    # ------------------------------------------------------------------

    @api.depends(
        "category_id",
        "name",
        "description",
        "is_food",
        "is_durable",
        "sale_channel",
        "channel_code",
        "delivery_date",
    )
    def _compute_legal_clauses(self):
        today = fields.Date.context_today(self)
        clauses = self.env["complaint.legal.clause"].search(
            [
                "|",
                ("effective_from", "=", False),
                ("effective_from", "<=", today),
                "|",
                ("effective_to", "=", False),
                ("effective_to", ">=", today),
            ]
        )
        for ticket in self:
            matched = clauses.filtered(
                lambda c, t=ticket: t._complaint_clause_matches(c)
            )
            ticket.legal_clause_ids = matched
            if matched:
                ticket.legal_hint_html = Markup("<ul class='mb-0'>%s</ul>") % Markup(
                    ""
                ).join(Markup("<li>%s</li>") % c._hint_text() for c in matched)
            else:
                ticket.legal_hint_html = Markup(
                    "<p class='text-muted'>%s</p>"
                ) % self.env._("No clause of the library matches this complaint yet.")

    def _complaint_clause_matches(self, clause):
        self.ensure_one()
        if clause.company_id and clause.company_id != self.company_id:
            return False
        categories = self.category_id | self.category_id.parent_id
        if clause.category_ids & categories:
            return True
        if clause.product_nature == "food" and self.is_food:
            return True
        if clause.product_nature == "durable" and self.is_durable:
            return True
        if clause.sale_channels and self.sale_channel in _split(clause.sale_channels):
            if clause.rule_type != "window" or not self.delivery_date:
                return True
            return bool(
                rules.within_window(
                    clause.window_start,
                    self.delivery_date,
                    (self.create_date or fields.Datetime.now()).date(),
                    clause.window_days or 7,
                )
            )
        if clause.channel_codes and self.channel_code in _split(clause.channel_codes):
            return True
        words = _split(clause.keywords)
        if words:
            text = f"{self.name or ''} {html2plaintext(self.description or '')}"
            return any(word in text for word in words)
        return False

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    def _complaint_compliance_checks(self):
        """[(title, result, clause text, explanation)] for this complaint."""
        self.ensure_one()
        _ = self.env._
        Clause = self.env["complaint.legal.clause"]
        checks = []

        def cite(law, article):
            clause = Clause.search(
                [("law", "=", law), ("article", "=", article)], limit=1
            )
            return clause.name or ""

        if self.demand in ("refund", "exchange"):
            natures = {f for f in NATURE_FIELDS if self[f]}
            requested = (self.create_date or fields.Datetime.now()).date()
            result, reason = rules.seven_day_return(
                self.sale_channel, self.delivery_date, requested, natures
            )
            explanation = {
                "missing_channel": _("cannot check: missing how the goods were sold"),
                "missing_delivery_date": _(
                    "cannot check: missing the delivery or sign date"
                ),
                "not_distance_sale": _("not a distance sale: no return without reason"),
                "excluded_confirmed": _(
                    "the customer confirmed at purchase that the goods are not "
                    "returnable"
                ),
                "window_passed": _("more than 7 days after receipt"),
                "eligible": _("eligible: within 7 days of receipt"),
            }.get(
                reason,
                _("excluded by law: %(kind)s", kind=reason.removeprefix("excluded_")),
            )
            checks.append(
                (
                    _("7-day return without reason"),
                    result,
                    cite("consumer_protection", "25"),
                    explanation,
                )
            )
        for confirmed, kind, law, article in (
            (self.fraud_confirmed, "fraud", "consumer_protection", "55"),
            (self.food_noncompliant_confirmed, "food", "food_safety", "148"),
        ):
            if not confirmed:
                continue
            title = (
                _("Punitive minimum (fraud)")
                if kind == "fraud"
                else _("Punitive minimum (non-compliant food)")
            )
            if not self.amount_paid:
                checks.append(
                    (
                        title,
                        rules.CANNOT,
                        cite(law, article),
                        _("cannot check: missing the amount paid"),
                    )
                )
                continue
            minimum = rules.punitive_extra(kind, self.amount_paid, self.loss_amount)
            if (self.proposed_extra_compensation or 0.0) + 0.005 < minimum:
                checks.append(
                    (
                        title,
                        rules.BLOCKING,
                        cite(law, article),
                        _(
                            "the law implies an extra %(minimum).2f yuan on top of the "
                            "refund; "
                            "%(proposed).2f proposed",
                            minimum=minimum,
                            proposed=self.proposed_extra_compensation or 0.0,
                        ),
                    )
                )
            else:
                checks.append(
                    (
                        title,
                        rules.PASS,
                        cite(law, article),
                        _(
                            "at least the legal minimum of %(minimum).2f yuan",
                            minimum=minimum,
                        ),
                    )
                )
        if self.channel_code == "regulator":
            start = (self.create_date or fields.Datetime.now()).date()
            Holiday = self.env["complaint.holiday"]
            holidays, workdays = Holiday._calendar(start, start + timedelta(days=60))
            due = rules.add_working_days(start, 7, holidays, workdays)
            today = fields.Date.context_today(self)
            left = rules.working_days_between(today, due, holidays, workdays)
            result = rules.PASS if left > 2 else rules.WARNING
            if today > due:
                result = rules.WARNING
            checks.append(
                (
                    _("Regulator deadline"),
                    result,
                    cite("consumer_protection", "46"),
                    _("answer the regulator by %(date)s (7 working days)", date=due),
                )
            )
        for promise in self.legal_clause_ids.filtered(
            lambda c: (
                c.law == "company" and c.rule_type == "deadline" and c.deadline_days
            )
        ):
            start = (self.create_date or fields.Datetime.now()).date()
            if promise.deadline_unit == "working":
                holidays, workdays = self.env["complaint.holiday"]._calendar(
                    start, start + timedelta(days=4 * promise.deadline_days + 30)
                )
                due = rules.add_working_days(
                    start, promise.deadline_days, holidays, workdays
                )
            else:
                due = start + timedelta(days=promise.deadline_days)
            kept = self.complaint_state in ("execution", "followup", "archived")
            late = not kept and fields.Date.context_today(self) > due
            checks.append(
                (
                    _("Company promise"),
                    rules.WARNING if late else rules.PASS,
                    promise.summary,
                    _("promised by %(date)s", date=due),
                )
            )
        if self.return_received_date:
            due = rules.refund_deadline(self.return_received_date)
            done = self.complaint_state in ("followup", "archived")
            result = (
                rules.PASS
                if done or fields.Date.context_today(self) <= due
                else rules.WARNING
            )
            checks.append(
                (
                    _("Refund after the return"),
                    result,
                    cite("consumer_protection", "25"),
                    _(
                        "refund by %(date)s (7 days after receiving the goods)",
                        date=due,
                    ),
                )
            )
        return checks

    @api.depends(
        "demand",
        "sale_channel",
        "delivery_date",
        "amount_paid",
        "loss_amount",
        "proposed_extra_compensation",
        "fraud_confirmed",
        "food_noncompliant_confirmed",
        "return_received_date",
        "channel_code",
        *NATURE_FIELDS,
    )
    def _compute_compliance_checks(self):
        labels = {
            rules.PASS: ("success", self.env._("pass")),
            rules.WARNING: ("warning", self.env._("warning")),
            rules.BLOCKING: ("danger", self.env._("blocking")),
            rules.CANNOT: ("secondary", self.env._("cannot check")),
        }
        for ticket in self:
            checks = ticket._complaint_compliance_checks()
            ticket.compliance_blocking = any(c[1] == rules.BLOCKING for c in checks)
            if not checks:
                ticket.compliance_check_html = Markup(
                    "<p class='text-muted'>%s</p>"
                ) % self.env._(
                    "No check applies: record the facts (how the goods were sold, "
                    "confirmed fraud or non-compliant food, returned goods) to check."
                )
                continue
            rows = Markup("").join(
                Markup(
                    "<tr><td>%s</td><td><span class='badge text-bg-%s'>%s</span></td>"
                    "<td>%s</td><td class='text-muted'>%s</td></tr>"
                )
                % (title, labels[result][0], labels[result][1], explanation, clause)
                for title, result, clause, explanation in checks
            )
            ticket.compliance_check_html = (
                Markup("<table class='table table-sm mb-0'><tbody>%s</tbody></table>")
                % rows
            )

    def _complaint_check_transition(self, new_stage):
        res = super()._complaint_check_transition(new_stage)
        if (
            new_stage.complaint_state == "feedback"
            and not self.compliance_override_by_id
        ):
            blocking = [
                c for c in self._complaint_compliance_checks() if c[1] == rules.BLOCKING
            ]
            if blocking:
                raise UserError(
                    self.env._(
                        "Complaint %(number)s cannot be sent to the customer: "
                        "%(checks)s. "
                        "Raise the proposal, or ask a supervisor to override with a "
                        "reason.",
                        number=self.number,
                        checks="; ".join(f"{c[0]} ({c[2]}): {c[3]}" for c in blocking),
                    )
                )
        return res

    def action_compliance_override(self):
        self.ensure_one()
        if not self.env.user.has_group("consumer_complaint.group_complaint_supervisor"):
            raise AccessError(
                self.env._("Only complaint supervisors can override a legal check.")
            )
        if not (self.compliance_override_reason or "").strip():
            raise UserError(self.env._("Write the reason for the override first."))
        blocking = [
            c for c in self._complaint_compliance_checks() if c[1] == rules.BLOCKING
        ]
        self.compliance_override_by_id = self.env.user
        self._complaint_log_event(
            "override",
            self.env._("Legal check overridden"),
            {
                "reason": self.compliance_override_reason,
                "checks": [f"{c[0]}: {c[3]}" for c in blocking],
            },
        )
        return True


def _split(value):
    return [
        part.strip()
        for part in (value or "").replace("，", ",").split(",")
        if part.strip()
    ]
