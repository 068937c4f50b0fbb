# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import namedtuple
from datetime import timedelta

from markupsafe import Markup
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

from . import compliance_rules as rules

# One check result. ``clause`` is the complaint.legal.clause record the check
# rests on (its name and verification status are shown with the result).
Check = namedtuple("Check", "title result clause explanation")

RETURN_NATURES = [
    ("none", "None of the kinds below"),
    ("custom_made", "Custom-made (excluded by law)"),
    ("perishable", "Fresh or perishable (excluded by law)"),
    ("digital_unsealed", "Downloaded or unsealed digital goods (excluded by law)"),
    ("periodical", "Delivered newspaper or periodical (excluded by law)"),
    (
        "opening_affects_safety",
        "Opening affects safety, health or quality (excludable with confirmation)",
    ),
    (
        "value_lost_on_use",
        "Loses much value once activated or tried (excludable with confirmation)",
    ),
    ("flawed", "Sold as near expiry or flawed (excludable with confirmation)"),
]
# Steps at which the company has answered / refunded.
ANSWERED_STATES = ("execution", "followup", "archived")


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # Facts the checks need; each is entered and confirmed by a person. An
    # empty selection means "not checked yet", never "no".
    request_date = fields.Date(
        string="Consumer asked on",
        compute="_compute_request_date",
        store=True,
        readonly=False,
        tracking=True,
        help="Day the consumer made the request, in the company's time zone. "
        "Defaults to the day the complaint was received; correct it when the "
        "consumer asked earlier (return windows and deadlines count from it).",
    )
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
    return_nature = fields.Selection(
        RETURN_NATURES,
        string="Nature of the goods (7-day return)",
        help="Empty: not checked yet. Only the kinds marked 'excludable with "
        "confirmation' can be excluded by the consumer's confirmation at purchase.",
    )
    purchase_confirmation = fields.Selection(
        [
            ("confirmed", "Consumer confirmed 'not returnable' at purchase"),
            ("not_confirmed", "No such confirmation"),
        ],
        string="Confirmation at purchase",
        help="Empty: not checked yet.",
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
    food_flaw_kind = fields.Selection(
        [
            ("safety", "Does not meet food-safety standards"),
            (
                "label_only",
                "Label or instruction flaw only, neither affecting safety nor "
                "misleading",
            ),
        ],
        string="Kind of food flaw",
        help="Empty: not checked yet (食品安全法 art. 148).",
    )
    food_seller_role = fields.Selection(
        [
            ("producer", "We produced the food"),
            ("seller_knowing", "We sold it knowing it was non-compliant"),
            ("seller_unknowing", "We sold it without knowing"),
        ],
        string="Our role for the food",
        help="Empty: not checked yet. The producer is liable whether or not it "
        "knew; a seller only when it knowingly sold (食品安全法 art. 148).",
    )
    item_price = fields.Monetary(
        string="Price of the item concerned",
        currency_field="currency_id",
        help="Price paid for the item the complaint is about (not the whole "
        "order); punitive compensation is a multiple of it.",
    )
    loss_amount = fields.Monetary(string="Loss", currency_field="currency_id")
    loss_known = fields.Boolean(
        string="Loss established",
        help="Tick once the consumer's loss is established (enter 0 when there is "
        "none). An empty loss is not a zero loss.",
    )
    proposed_extra_compensation = fields.Monetary(
        string="Extra compensation proposed",
        currency_field="currency_id",
        help="Compensation on top of the refund, compared with the legal minimum.",
    )
    return_received_date = fields.Date(string="Returned goods received on")
    refund_date = fields.Date(string="Refunded on")
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
    # Decision fields
    # ------------------------------------------------------------------

    @api.model
    def _complaint_decision_fields(self):
        return super()._complaint_decision_fields() | {"compliance_override_by_id"}

    def write(self, vals):
        if "compliance_override_reason" in vals and not self.env.su:
            overridden = self.filtered("compliance_override_by_id")
            if overridden and not overridden._complaint_unchanged(
                "compliance_override_reason", vals["compliance_override_reason"]
            ):
                # The reason is part of the supervisor's decision, as logged.
                raise AccessError(
                    self.env._(
                        "Complaint %(number)s: the reason of a legal-check "
                        "override cannot be changed once the override is given. "
                        "It is cleared when the solution goes back for rework.",
                        number=overridden[0].number,
                    )
                )
        return super().write(vals)

    def _complaint_reset_decisions(self):
        # The override was given for one proposal: a reworked solution is
        # checked again.
        return dict(
            super()._complaint_reset_decisions(),
            compliance_override_by_id=False,
            compliance_override_reason=False,
        )

    # ------------------------------------------------------------------
    # Local dates
    # ------------------------------------------------------------------

    def _complaint_tz(self):
        """The company's time zone: a legal day is a day there, not in UTC."""
        return (self.company_id or self.env.company)._complaint_tz()

    def _complaint_local_date(self, timestamp):
        """Local date of a naive UTC timestamp (never ``timestamp.date()``)."""
        return (self.company_id or self.env.company)._complaint_local_date(timestamp)

    def _complaint_today(self):
        return self._complaint_local_date(fields.Datetime.now())

    @api.depends("create_date")
    def _compute_request_date(self):
        for ticket in self:
            if not ticket.request_date:
                ticket.request_date = ticket._complaint_local_date(
                    ticket.create_date or fields.Datetime.now()
                )

    def _complaint_day(self):
        """The day the rules count from: the consumer's request."""
        return self.request_date or self._complaint_local_date(
            self.create_date or fields.Datetime.now()
        )

    # ------------------------------------------------------------------
    # Hints
    # ------------------------------------------------------------------

    def _complaint_clauses_in_force(self, day):
        """Clauses in force on ``day``: a complaint keeps the rules of its date."""
        return self.env["complaint.legal.clause"].search(
            [
                "|",
                ("effective_from", "=", False),
                ("effective_from", "<=", day),
                "|",
                ("effective_to", "=", False),
                ("effective_to", ">=", day),
            ]
        )

    @api.depends(
        "category_id",
        "name",
        "description",
        "is_food",
        "is_durable",
        "sale_channel",
        "channel_code",
        "delivery_date",
        "request_date",
        "company_id",
    )
    def _compute_legal_clauses(self):
        notice = self.env._(
            "Summaries for the agent, not legal advice: check the statute before "
            "relying on them."
        )
        for ticket in self:
            clauses = ticket._complaint_clauses_in_force(ticket._complaint_day())
            matched = clauses.filtered(ticket._complaint_clause_matches)
            ticket.legal_clause_ids = matched
            if matched:
                ticket.legal_hint_html = Markup(
                    "<ul class='mb-1'>%s</ul><p class='text-muted small mb-0'>%s</p>"
                ) % (
                    Markup("").join(
                        Markup("<li>%s</li>") % c._hint_text() for c in matched
                    ),
                    notice,
                )
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
                    self.delivery_date, self._complaint_day(), clause.window_days or 7
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

    def _complaint_cite(self, law, article=None, rule_type=None):
        """The clause in force on the complaint's day, or an empty record."""
        domain = [("law", "=", law), ("id", "in", self._complaint_in_force_ids())]
        if article:
            domain.append(("article", "=", article))
        if rule_type:
            domain.append(("rule_type", "=", rule_type))
        domain += [
            "|",
            ("company_id", "=", False),
            ("company_id", "=", self.company_id.id),
        ]
        return self.env["complaint.legal.clause"].search(domain, limit=1)

    def _complaint_in_force_ids(self):
        return self._complaint_clauses_in_force(self._complaint_day()).ids

    def _complaint_missing(self, fact):
        """Explanation for a check that lacks a fact: which, and where to enter it."""
        return self.env._(
            "cannot check: %(fact)s not known. Enter it on the Legal basis tab.",
            fact=fact,
        )

    def _complaint_field_label(self, fname):
        return self._fields[fname]._description_string(self.env)

    def _complaint_is_quality(self):
        """Quality complaints fall under 消法 art. 24 (and 食安法 art. 148 for
        food), not under the return without reason of art. 25."""
        codes = {c.code or "" for c in self.category_id | self.category_id.parent_id}
        return self.food_noncompliant_confirmed or any(
            code == "quality" or code.startswith("quality_") for code in codes
        )

    def _complaint_compliance_checks(self):
        """[Check] for this complaint; each a hint for the agent."""
        self.ensure_one()
        checks = []
        if self.demand in ("refund", "exchange"):
            if self._complaint_is_quality():
                checks += self._complaint_check_quality_return()
            else:
                checks += self._complaint_check_seven_day_return()
        if self.fraud_confirmed:
            checks += self._complaint_check_fraud()
        if self.food_noncompliant_confirmed:
            checks += self._complaint_check_food()
        checks += self._complaint_check_deadlines()
        if self.return_received_date:
            checks += self._complaint_check_refund()
        return [self._complaint_apply_verification(c) for c in checks]

    def _complaint_apply_verification(self, check):
        # A clause not checked against the statute never blocks (legal facts:
        # "secondary" and "unverified" are hints needing legal review).
        if check.result == rules.BLOCKING and check.clause.verification != "checked":
            return check._replace(result=rules.WARNING)
        return check

    def _complaint_check_seven_day_return(self):
        """消法 art. 25; 七日无理由退货暂行办法 arts. 6-8; 民法典 art. 201."""
        _ = self.env._
        clause = self._complaint_cite("consumer_protection", "25")
        title = _("7-day return without reason")
        days = clause.window_days or 7
        holidays, missing = self._complaint_period_holidays(self.delivery_date, days)
        result, reason = rules.seven_day_return(
            self.sale_channel,
            self.delivery_date,
            self._complaint_day(),
            self.return_nature,
            self.purchase_confirmation,
            days,
            holidays,
        )
        if missing and reason in ("eligible", "window_passed"):
            return [
                Check(
                    title, rules.CANNOT, clause, self._complaint_missing_years(missing)
                )
            ]
        natures = dict(self._fields["return_nature"]._description_selection(self.env))
        label = self._complaint_field_label
        explanation = {
            "missing_channel": self._complaint_missing(label("sale_channel")),
            "missing_nature": self._complaint_missing(label("return_nature")),
            "missing_confirmation": self._complaint_missing(
                label("purchase_confirmation")
            ),
            "missing_delivery_date": self._complaint_missing(label("delivery_date")),
            "missing_request_date": self._complaint_missing(label("request_date")),
            "not_distance_sale": _(
                "hint: not a distance sale, so no return without reason"
            ),
            "excluded_by_law": _(
                "hint: excluded by law: %(kind)s", kind=natures.get(self.return_nature)
            ),
            "excluded_confirmed": _(
                "hint: excludable by its nature (%(kind)s) and the consumer "
                "confirmed it at purchase",
                kind=natures.get(self.return_nature),
            ),
            "window_passed": _(
                "hint: asked on %(asked)s, after the last day %(last)s (the 7 days "
                "run from the day after receipt)",
                asked=self._complaint_day(),
                last=self._complaint_window_end(clause),
            ),
            "eligible": _(
                "hint: asked on %(asked)s, within the 7 days ending %(last)s",
                asked=self._complaint_day(),
                last=self._complaint_window_end(clause),
            ),
        }[reason]
        return [Check(title, result, clause, explanation)]

    def _complaint_window_end(self, clause):
        if not self.delivery_date:
            return ""
        days = clause.window_days or 7
        holidays = self._complaint_period_holidays(self.delivery_date, days)[0]
        return rules.last_day(self.delivery_date, days, holidays)

    def _complaint_period_holidays(self, start, days):
        """(holidays, years not entered) for a period of ``days`` days.

        民法典 art. 203: a period whose last day is a statutory holiday ends on
        the day after the holiday. Whether this extends the 7-day return and
        refund periods needs legal review, so it applies only when the company
        chose it (Settings); otherwise no holiday is returned.
        """
        company = self.company_id or self.env.company
        if not start or not company.complaint_extend_holiday_end:
            return set(), []
        Holiday = self.env["complaint.holiday"]
        end = start + timedelta(days=days)
        holidays = Holiday._calendar(end, end + timedelta(days=30))[0]
        last = rules.last_day(start, days, holidays)
        needed = set(range(end.year, last.year + 1))
        return holidays, sorted(needed - Holiday._years_covered(needed))

    def _complaint_missing_years(self, years):
        return self.env._(
            "cannot check: holidays of %(years)s not entered. Enter them in "
            "Configuration > Public holidays.",
            years=", ".join(str(y) for y in years),
        )

    def _complaint_check_quality_return(self):
        """消法 art. 24: quality problems, return within 7 days of receipt."""
        _ = self.env._
        clause = self._complaint_cite("consumer_protection", "24")
        title = _("Return for a quality problem")
        if not self.delivery_date:
            return [
                Check(
                    title,
                    rules.CANNOT,
                    clause,
                    self._complaint_missing(
                        self._complaint_field_label("delivery_date")
                    ),
                )
            ]
        days = clause.window_days or 7
        holidays, missing = self._complaint_period_holidays(self.delivery_date, days)
        if missing:
            return [
                Check(
                    title, rules.CANNOT, clause, self._complaint_missing_years(missing)
                )
            ]
        if rules.within_window(
            self.delivery_date, self._complaint_day(), days, holidays
        ):
            return [
                Check(
                    title,
                    rules.PASS,
                    clause,
                    _(
                        "hint: asked within 7 days of receipt (last day %(last)s): "
                        "a return is possible; the business pays the shipping",
                        last=self._complaint_window_end(clause),
                    ),
                )
            ]
        return [
            Check(
                title,
                rules.WARNING,
                clause,
                _(
                    "hint: asked after %(last)s: a return only if the conditions to "
                    "end the contract are met, otherwise exchange or repair",
                    last=self._complaint_window_end(clause),
                ),
            )
        ]

    def _complaint_check_fraud(self):
        """消法 art. 55 (1): multiplier × price, floor for the extra part."""
        clause = self._complaint_cite("consumer_protection", "55", "punitive")
        return [
            self._complaint_punitive(
                self.env._("Punitive minimum (fraud)"), clause, loss=None
            )
        ]

    def _complaint_check_food(self):
        """食品安全法 art. 148 (2): producer, or a seller that knew (明知); not
        for label flaws that neither affect safety nor mislead."""
        _ = self.env._
        title = _("Punitive minimum (non-compliant food)")
        clause = self._complaint_cite("food_safety", "148", "punitive")
        applies, reason = rules.food_punitive_applies(
            self.food_seller_role, self.food_flaw_kind
        )
        if applies is None:
            fname = "food_flaw_kind" if reason == "missing_flaw" else "food_seller_role"
            return [
                Check(
                    title,
                    rules.CANNOT,
                    clause,
                    self._complaint_missing(self._complaint_field_label(fname)),
                )
            ]
        if not applies:
            explanation = (
                _(
                    "hint: not for a label or instruction flaw that neither affects "
                    "safety nor misleads"
                )
                if reason == "label_only"
                else _(
                    "hint: a seller that did not know is not liable for the punitive "
                    "part; the producer remains liable"
                )
            )
            return [Check(title, rules.NOT_APPLICABLE, clause, explanation)]
        if not self.loss_known:
            return [
                Check(
                    title,
                    rules.CANNOT,
                    clause,
                    _(
                        "cannot check: loss not known (3 times the loss may exceed "
                        "the minimum). Enter the loss and tick '%(field)s' on the "
                        "Legal basis tab.",
                        field=self._complaint_field_label("loss_known"),
                    ),
                )
            ]
        return [self._complaint_punitive(title, clause, loss=self.loss_amount)]

    def _complaint_punitive(self, title, clause, loss):
        """Compare the proposal with the minimum the clause's figures imply."""
        _ = self.env._
        if not clause:
            return Check(
                title,
                rules.CANNOT,
                clause,
                _("cannot check: the clause is not in the library on this date"),
            )
        if not self.item_price:
            return Check(
                title,
                rules.CANNOT,
                clause,
                self._complaint_missing(self._complaint_field_label("item_price")),
            )
        floor = self._complaint_floor(clause.floor_amount)
        if floor is None:
            return Check(
                title,
                rules.CANNOT,
                clause,
                _(
                    "cannot check: no CNY exchange rate on or before %(date)s. Enter "
                    "it in the currency settings.",
                    date=self._complaint_day(),
                ),
            )
        minimum = rules.punitive_extra(
            self.item_price,
            clause.multiplier,
            floor,
            loss=loss,
            loss_multiplier=clause.loss_multiplier,
        )
        currency = self.currency_id or self.env.company.currency_id
        proposed = self.proposed_extra_compensation or 0.0
        values = {
            "minimum": currency.format(minimum),
            "proposed": currency.format(proposed),
        }
        if currency.compare_amounts(proposed, minimum) < 0:
            return Check(
                title,
                rules.BLOCKING,
                clause,
                _(
                    "hint: the clause suggests at least %(minimum)s extra on top of "
                    "the refund once a person has confirmed the facts; %(proposed)s "
                    "proposed",
                    **values,
                ),
            )
        return Check(
            title,
            rules.PASS,
            clause,
            _(
                "hint: %(proposed)s proposed, not below the %(minimum)s the clause "
                "suggests",
                **values,
            ),
        )

    def _complaint_floor(self, floor_cny):
        """The clause's floor (yuan) in the company's currency at the complaint's
        date; None when no CNY rate is known for that date."""
        company = self.company_id or self.env.company
        cny = self.env.ref("base.CNY")
        if not floor_cny or company.currency_id == cny:
            return floor_cny or 0.0
        day = self._complaint_day()
        rated = (
            self.env["res.currency.rate"]
            .sudo()
            .search_count(
                [
                    ("currency_id", "=", cny.id),
                    ("name", "<=", day),
                    ("company_id", "in", [False, company.root_id.id]),
                ],
                limit=1,
            )
        )
        if not rated:
            return None
        return cny._convert(floor_cny, company.currency_id, company, day)

    def _complaint_check_deadlines(self):
        """Deadlines of the matched clauses, with their own ``deadline_days``.

        The company's deadline for a complaint via a regulator is the 12315 ODR
        clause (10 working days, secondary source), not 消法 art. 46, which is
        the authority's own duty from its own receipt.
        """
        checks = []
        for clause in self.legal_clause_ids.filtered(
            lambda c: c.rule_type == "deadline" and c.deadline_days
        ):
            checks.append(self._complaint_check_deadline(clause))
        return checks

    def _complaint_check_deadline(self, clause):
        _ = self.env._
        if clause.law == "company":
            title = _("Company promise")
        elif "regulator" in _split(clause.channel_codes):
            title = _("Regulator deadline")
        else:
            title = _("Deadline")
        start = self._complaint_day()
        if clause.deadline_unit == "working":
            Holiday = self.env["complaint.holiday"]
            holidays, workdays = Holiday._calendar(
                start, start + timedelta(days=4 * clause.deadline_days + 60)
            )
            due = rules.add_working_days(
                start, clause.deadline_days, holidays, workdays
            )
            # A year with no holidays entered would put the date too early
            # (e.g. across National Day): say so instead of guessing.
            needed = set(range(start.year, due.year + 1))
            missing = sorted(needed - Holiday._years_covered(needed))
            if missing:
                return Check(
                    title, rules.CANNOT, clause, self._complaint_missing_years(missing)
                )
        else:
            due = start + timedelta(days=clause.deadline_days)
        today = self._complaint_today()
        answered = self.complaint_state in ANSWERED_STATES
        result = rules.WARNING if not answered and today > due else rules.PASS
        return Check(
            title,
            result,
            clause,
            _(
                "hint: by %(date)s (%(days)s %(unit)s from %(start)s)",
                date=due,
                days=clause.deadline_days,
                unit=_("working days")
                if clause.deadline_unit == "working"
                else _("calendar days"),
                start=start,
            ),
        )

    def _complaint_check_refund(self):
        """消法 art. 25: refund within 7 days of receiving the returned goods."""
        _ = self.env._
        clause = self._complaint_cite("consumer_protection", "25")
        title = _("Refund after the return")
        holidays, missing = self._complaint_period_holidays(
            self.return_received_date, 7
        )
        if missing:
            return [
                Check(
                    title, rules.CANNOT, clause, self._complaint_missing_years(missing)
                )
            ]
        due = rules.refund_deadline(self.return_received_date, 7, holidays)
        result, reason = rules.refund_on_time(
            self.return_received_date,
            self.refund_date,
            self._complaint_today(),
            7,
            holidays,
        )
        explanation = {
            "refunded_on_time": _(
                "hint: refunded on %(refund)s, due by %(date)s",
                refund=self.refund_date,
                date=due,
            ),
            "refunded_late": _(
                "hint: refunded on %(refund)s, after %(date)s",
                refund=self.refund_date,
                date=due,
            ),
            "overdue": _(
                "hint: refund due by %(date)s and no refund date entered. Enter "
                "'%(field)s' on the Legal basis tab once refunded.",
                date=due,
                field=self._complaint_field_label("refund_date"),
            ),
            "missing_refund_date": _(
                "cannot check: %(field)s not known (refund due by %(date)s). Enter "
                "it on the Legal basis tab.",
                field=self._complaint_field_label("refund_date"),
                date=due,
            ),
        }[reason]
        return [Check(title, result, clause, explanation)]

    @api.depends(
        "demand",
        "sale_channel",
        "delivery_date",
        "request_date",
        "item_price",
        "loss_amount",
        "loss_known",
        "proposed_extra_compensation",
        "fraud_confirmed",
        "food_noncompliant_confirmed",
        "food_flaw_kind",
        "food_seller_role",
        "return_received_date",
        "refund_date",
        "channel_code",
        "return_nature",
        "purchase_confirmation",
        "category_id",
        "legal_clause_ids",
    )
    def _compute_compliance_checks(self):
        _ = self.env._
        labels = {
            rules.PASS: ("success", _("no issue found")),
            rules.WARNING: ("warning", _("look at this")),
            rules.BLOCKING: ("danger", _("blocking")),
            rules.CANNOT: ("secondary", _("cannot check")),
            rules.NOT_APPLICABLE: ("light", _("not applicable")),
        }
        notice = _(
            "Summaries for the agent, not legal advice: a person confirms the facts "
            "and checks the statute."
        )
        for ticket in self:
            checks = ticket._complaint_compliance_checks()
            ticket.compliance_blocking = any(c.result == rules.BLOCKING for c in checks)
            if not checks:
                ticket.compliance_check_html = Markup(
                    "<p class='text-muted'>%s</p>"
                ) % _(
                    "No check applies: record the facts (how the goods were sold, "
                    "confirmed fraud or non-compliant food, returned goods) to check."
                )
                continue
            rows = Markup("").join(
                Markup(
                    "<tr><td>%s</td><td><span class='badge text-bg-%s'>%s</span></td>"
                    "<td>%s</td><td class='text-muted'>%s</td></tr>"
                )
                % (
                    c.title,
                    labels[c.result][0],
                    labels[c.result][1],
                    c.explanation,
                    ticket._complaint_clause_label(c.clause),
                )
                for c in checks
            )
            ticket.compliance_check_html = Markup(
                "<table class='table table-sm mb-0'><caption>%s</caption>"
                "<tbody>%s</tbody></table>"
            ) % (notice, rows)

    def _complaint_clause_label(self, clause):
        if not clause:
            return self.env._("no clause in the library")
        name = clause.summary if clause.law == "company" else clause.name
        return f"{name} {clause._verification_note()}"

    def _complaint_check_transition(self, new_stage):
        res = super()._complaint_check_transition(new_stage)
        if (
            new_stage.complaint_state == "feedback"
            and not self.compliance_override_by_id
        ):
            blocking = [
                c
                for c in self._complaint_compliance_checks()
                if c.result == rules.BLOCKING
            ]
            if blocking:
                raise UserError(
                    self.env._(
                        "Complaint %(number)s cannot be sent to the customer: "
                        "%(checks)s. "
                        "Raise the proposal, or ask a supervisor to override with a "
                        "reason. These checks are summaries for the agent, not legal "
                        "advice.",
                        number=self.number,
                        checks="; ".join(
                            f"{c.title} ({self._complaint_clause_label(c.clause)}): "
                            f"{c.explanation}"
                            for c in blocking
                        ),
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
            c for c in self._complaint_compliance_checks() if c.result == rules.BLOCKING
        ]
        self._complaint_write_decision({"compliance_override_by_id": self.env.uid})
        self._complaint_log(
            "override",
            self.env._("Legal check overridden"),
            {
                "reason": self.compliance_override_reason,
                "checks": [f"{c.title}: {c.explanation}" for c in blocking],
            },
        )
        return True


def _split(value):
    return [
        part.strip()
        for part in (value or "").replace("，", ",").split(",")
        if part.strip()
    ]
