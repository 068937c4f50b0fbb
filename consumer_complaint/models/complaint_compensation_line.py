# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext

from .complaint_compensation_type import REFUND_KINDS
from .complaint_erasure import ERASING

LINE_STATES = [
    ("proposed", "Proposed"),
    ("approved", "Approved"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("waived", "Waived"),
]
# Lines that grant nothing: refused before, or given up after approval.
NOT_GRANTED_STATES = ("rejected", "waived")
# Authority needed to grant a line, lowest first.
LEVELS = [
    ("handler", "Handler"),
    ("supervisor", "Supervisor"),
    ("manager", "Manager"),
]
LEVEL_RANK = {key: rank for rank, (key, _label) in enumerate(LEVELS)}
# What may still change once a line is approved, done, rejected or waived.
FROZEN_FIELDS = {"ticket_id", "type_id", "amount", "currency_id", "reason", "name"}
# Texts of a decided line that the erasure may scrub (and only the erasure).
ERASABLE_FROZEN = frozenset({"reason"})
# Characters of the complaint's solution shown in the approval queue.
SUMMARY_LENGTH = 160


class ComplaintCompensationLine(models.Model):
    """One remedy granted on a complaint: proposed, approved by the right
    person, then carried out with a proof of execution."""

    _name = "complaint.compensation.line"
    _inherit = ["complaint.decision.mixin"]
    _description = "Complaint Compensation"
    _order = "ticket_id, id"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_complaint', '=', True)]",
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    # Stored copies of the complaint's access keys: the record rules use them.
    team_id = fields.Many2one(
        related="ticket_id.team_id", store=True, string="Team", precompute=True
    )
    user_id = fields.Many2one(
        related="ticket_id.user_id", store=True, string="Handler", precompute=True
    )
    partner_id = fields.Many2one(
        related="ticket_id.partner_id",
        store=True,
        index=True,
        string="Customer",
        precompute=True,
    )
    type_id = fields.Many2one(
        "complaint.compensation.type",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    kind = fields.Selection(related="type_id.kind", store=True)
    name = fields.Char(
        string="Description",
        compute="_compute_name",
        store=True,
        readonly=False,
        help="What the customer gets, in the words the customer will read.",
    )
    reason = fields.Text(
        required=True, help="Why this remedy: the facts and the rule applied."
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_amount",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    amount = fields.Monetary(
        compute="_compute_amount",
        store=True,
        readonly=False,
        precompute=True,
        help="Proposed from the type's rule and the amount paid; may be changed "
        "before approval.",
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company currency"
    )
    amount_company = fields.Monetary(
        string="Amount (company currency)",
        currency_field="company_currency_id",
        compute="_compute_amount_company",
        store=True,
        aggregator="sum",
    )
    state = fields.Selection(
        LINE_STATES, default="proposed", required=True, readonly=True, index=True
    )
    required_level = fields.Selection(
        LEVELS,
        string="Approved by at least",
        compute="_compute_required_level",
        store=True,
        help="Handler: within the proposer's limit. Supervisor: above the "
        "handler's limit, outside the catalogue or on a complaint whose severity "
        "requires approval. Manager: above the supervisor's limit.",
    )
    approval_reason = fields.Char(
        string="Why approval", compute="_compute_required_level", store=True
    )
    proposed_by_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True, required=True
    )
    proposed_date = fields.Datetime(default=fields.Datetime.now, readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)
    rejected_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    rejected_date = fields.Datetime(readonly=True, copy=False)
    reject_reason = fields.Text(readonly=True, copy=False)
    done_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    done_date = fields.Datetime(readonly=True, copy=False)
    reference = fields.Char(
        readonly=True,
        copy=False,
        help="Proof of execution: refund number, coupon code, shipment number.",
    )
    waived_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    waived_date = fields.Datetime(readonly=True, copy=False)
    waive_reason = fields.Text(
        readonly=True,
        copy=False,
        help="Why the approved compensation is not carried out (the customer "
        "declined it, it was settled otherwise...).",
    )
    # What the approver needs to see in the queue without opening the complaint.
    ticket_demand = fields.Selection(related="ticket_id.demand")
    solution_summary = fields.Char(
        string="Solution", compute="_compute_solution_summary"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("type_id")
    def _compute_name(self):
        for line in self:
            line.name = line.type_id.name or line.name

    @api.depends("type_id")
    def _compute_amount(self):
        for line in self:
            ctype = line.type_id
            ticket_currency = line.ticket_id.currency_id or self.env.company.currency_id
            if not ctype:
                line.currency_id = line.currency_id or ticket_currency
                continue
            # Shares of the amount paid are in the complaint's currency.
            if ctype.amount_rule in ("percent", "multiple"):
                line.currency_id = ticket_currency
            else:
                line.currency_id = ctype.currency_id or ticket_currency
            line.amount = ctype._default_amount(line.ticket_id.amount_paid)

    @api.depends("ticket_id.solution")
    def _compute_solution_summary(self):
        # Computed as the reader: the line's rules mirror the complaint's.
        for line in self:
            text = " ".join(
                html2plaintext(
                    line.ticket_id.solution or "", include_references=False
                ).split()
            )
            if len(text) > SUMMARY_LENGTH:
                text = text[: SUMMARY_LENGTH - 1] + "…"
            line.solution_summary = text or False

    @api.depends("amount", "currency_id", "company_id", "proposed_date")
    def _compute_amount_company(self):
        for line in self:
            target = line.company_id.currency_id or self.env.company.currency_id
            if not line.currency_id or line.currency_id == target:
                line.amount_company = line.amount
                continue
            line.amount_company = line.currency_id._convert(
                line.amount,
                target,
                line.company_id or self.env.company,
                (line.company_id or self.env.company)._complaint_local_date(
                    line.proposed_date or fields.Datetime.now()
                ),
            )

    @api.depends(
        "amount_company",
        "type_id.is_custom",
        "type_id.handler_limit",
        "type_id.supervisor_limit",
        "ticket_id.severity_id.requires_approval",
    )
    def _compute_required_level(self):
        for line in self:
            ctype = line.type_id
            company_currency = (
                line.company_id.currency_id or self.env.company.currency_id
            )
            limit_handler = ctype.currency_id._convert(
                ctype.handler_limit,
                company_currency,
                line.company_id or self.env.company,
                fields.Date.context_today(line),
            )
            limit_supervisor = ctype.currency_id._convert(
                ctype.supervisor_limit,
                company_currency,
                line.company_id or self.env.company,
                fields.Date.context_today(line),
            )
            level, reasons = "handler", []
            if line.amount_company > limit_supervisor:
                level = "manager"
                reasons.append(self.env._("above the supervisor's limit"))
            elif line.amount_company > limit_handler:
                level = "supervisor"
                reasons.append(self.env._("above the handler's limit"))
            if ctype.is_custom:
                reasons.append(self.env._("outside the catalogue"))
            if line.ticket_id.severity_id.requires_approval:
                reasons.append(
                    self.env._(
                        "severity %(severity)s",
                        severity=line.ticket_id.severity_id.name,
                    )
                )
            if (ctype.is_custom or line.ticket_id.severity_id.requires_approval) and (
                level == "handler"
            ):
                level = "supervisor"
            line.required_level = level
            line.approval_reason = ", ".join(reasons) or False

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    @api.constrains("amount", "type_id")
    def _check_amount(self):
        for line in self:
            if line.amount < 0:
                raise ValidationError(
                    self.env._(
                        "%(line)s: a compensation amount cannot be negative.",
                        line=line.name,
                    )
                )
            if not line.amount and line.type_id.amount_rule != "none":
                raise ValidationError(
                    self.env._(
                        "%(line)s: enter an amount above zero. A remedy without "
                        "money (repair, apology letter) uses a type with no amount.",
                        line=line.name,
                    )
                )

    @api.constrains("amount", "type_id", "state", "ticket_id")
    def _check_refund_within_paid(self):
        refunds = self.filtered(lambda line: line.kind in REFUND_KINDS)
        for ticket in refunds.ticket_id:
            paid = ticket.amount_paid
            if not paid:
                raise ValidationError(
                    self.env._(
                        "Complaint %(number)s: enter the amount the customer paid "
                        "before proposing a refund.",
                        number=ticket.number,
                    )
                )
            granted = sum(
                ticket.compensation_line_ids.filtered(
                    lambda line: (
                        line.kind in REFUND_KINDS
                        and line.state not in NOT_GRANTED_STATES
                    )
                ).mapped("amount_company")
            )
            if ticket.currency_id.compare_amounts(granted, paid) > 0:
                raise ValidationError(
                    self.env._(
                        "Complaint %(number)s: refunds of %(granted)s would exceed "
                        "the %(paid)s the customer paid. Lower the refund or "
                        "correct the amount paid.",
                        number=ticket.number,
                        granted=ticket.currency_id.format(granted),
                        paid=ticket.currency_id.format(paid),
                    )
                )

    @api.constrains("currency_id", "proposed_date")
    def _check_currency_rate(self):
        Rate = self.env["res.currency.rate"].sudo()
        for line in self:
            company = line.company_id or self.env.company
            if line.currency_id == company.currency_id:
                continue
            day = company._complaint_local_date(
                line.proposed_date or fields.Datetime.now()
            )
            has_rate = Rate.search_count(
                [
                    ("currency_id", "=", line.currency_id.id),
                    ("company_id", "in", [company.id, False]),
                    ("name", "<=", day),
                ],
                limit=1,
            )
            if not has_rate:
                raise ValidationError(
                    self.env._(
                        "%(line)s is in %(currency)s but there is no exchange rate "
                        "to %(company_currency)s on or before %(day)s. Add the rate "
                        "(Accounting or Settings > Currencies) or use "
                        "%(company_currency)s.",
                        line=line.name,
                        currency=line.currency_id.name,
                        company_currency=company.currency_id.name,
                        day=day,
                    )
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    @api.model
    def _complaint_decision_fields(self):
        # The proposer's authority decides the approval: who proposed, the
        # level required and each decision are never chosen. The stored
        # copies of the complaint's keys drive the record rules, and the
        # company-currency amount drives the level.
        return super()._complaint_decision_fields() | {
            "state",
            "required_level",
            "approval_reason",
            "proposed_by_id",
            "proposed_date",
            "approved_by_id",
            "approved_date",
            "rejected_by_id",
            "rejected_date",
            "reject_reason",
            "done_by_id",
            "done_date",
            "reference",
            "waived_by_id",
            "waived_date",
            "waive_reason",
            "amount_company",
            "kind",
            "company_id",
            "team_id",
            "user_id",
            "partner_id",
        }

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        closed = lines.filtered(
            lambda line: line.ticket_id.complaint_state in ("archived", "withdrawn")
        )
        if closed and not self.env.su:
            raise UserError(
                self.env._(
                    "Complaint %(number)s is closed: reopen it before granting "
                    "compensation.",
                    number=closed[0].ticket_id.number,
                )
            )
        auto = lines.filtered(
            lambda line: (
                line.state == "proposed"
                and line._user_level(line.proposed_by_id) >= line._level_rank()
            )
        )
        for proposer, proposer_lines in auto.grouped("proposed_by_id").items():
            # Within the proposer's own limit: the proposal is the approval.
            proposer_lines._complaint_write_decision(
                {
                    "state": "approved",
                    "approved_by_id": proposer.id,
                    "approved_date": fields.Datetime.now(),
                }
            )
        lines._log(lambda line: self.env._("Compensation proposed: %s", line.name))
        auto._log(
            lambda line: self.env._(
                "Compensation approved within own limit: %s", line.name
            ),
            event_type="approval",
        )
        pending = lines.filtered(lambda line: line.state == "proposed")
        if pending:
            pending.ticket_id._complaint_notify_compensation_approvers(pending)
        return lines

    def write(self, vals):
        frozen = FROZEN_FIELDS.intersection(vals)
        # A decided line keeps its facts; the erasure (superuser, while it
        # runs: a context variable, not a context key a caller could set)
        # scrubs the personal data out of its reason and changes nothing else.
        erasing = frozen <= ERASABLE_FROZEN and self.env.su and ERASING.get()
        if frozen and not erasing:
            self.check_access("write")
            locked = self.filtered(lambda line: line.state != "proposed")
            if locked:
                raise UserError(
                    self.env._(
                        "%(line)s is %(state)s and can no longer be changed. Reject "
                        "it and propose a new line instead.",
                        line=locked[0].name,
                        state=locked[0]._selection_label("state"),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_proposed(self):
        if self.filtered(lambda line: line.state != "proposed"):
            raise UserError(
                self.env._(
                    "Approved, done and rejected compensation lines are kept as "
                    "evidence; only proposed lines can be deleted."
                )
            )

    # ------------------------------------------------------------------
    # Authority
    # ------------------------------------------------------------------

    def _selection_label(self, field_name):
        """The translated label of a selection value, for messages."""
        field = self._fields[field_name]
        return dict(field._description_selection(self.env)).get(self[field_name], "")

    def _level_rank(self):
        self.ensure_one()
        return LEVEL_RANK[self.required_level or "handler"]

    def _user_level(self, user=None):
        user = user or self.env.user
        if user._is_superuser():
            return LEVEL_RANK["manager"]
        if user.has_group("consumer_complaint.group_complaint_manager"):
            return LEVEL_RANK["manager"]
        if user.has_group("consumer_complaint.group_complaint_supervisor"):
            return LEVEL_RANK["supervisor"]
        return LEVEL_RANK["handler"]

    def _check_can_decide(self):
        level = self._user_level()
        for line in self:
            if line.state != "proposed":
                raise UserError(
                    self.env._(
                        "%(line)s is already %(state)s.",
                        line=line.name,
                        state=line._selection_label("state"),
                    )
                )
            if level < max(line._level_rank(), LEVEL_RANK["supervisor"]):
                raise AccessError(
                    self.env._(
                        "%(line)s (%(amount)s) must be approved by: %(level)s "
                        "(%(why)s).",
                        line=line.name,
                        amount=line.currency_id.format(line.amount),
                        level=line._selection_label("required_level"),
                        why=line.approval_reason or "-",
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_approve(self):
        self._check_can_decide()
        self._complaint_write_decision(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_date": fields.Datetime.now(),
            }
        )
        self._log(
            lambda line: self.env._("Compensation approved: %s", line.name),
            event_type="approval",
        )
        self.ticket_id._complaint_close_compensation_activities()
        return True

    def _reject(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Please say why the compensation is rejected."))
        self._check_can_decide()
        self._complaint_write_decision(
            {
                "state": "rejected",
                "rejected_by_id": self.env.uid,
                "rejected_date": fields.Datetime.now(),
                "reject_reason": reason,
            }
        )
        self._log(
            lambda line: self.env._("Compensation rejected: %s", line.name),
            event_type="approval",
            extra={"reason": reason},
        )
        self.ticket_id._complaint_close_compensation_activities()
        return True

    def action_reject(self):
        # Checked here too, so that a handler is told before typing a reason.
        self._check_can_decide()
        return self._open_wizard("complaint.compensation.reject", self.env._("Reject"))

    def _check_can_waive(self):
        """A supervisor (a manager above the supervisor's limit) gives up an
        approved line: the same authority as granting it."""
        level = self._user_level()
        labels = dict(self._fields["required_level"]._description_selection(self.env))
        for line in self:
            if line.state != "approved":
                raise UserError(
                    self.env._(
                        "%(line)s is %(state)s: only approved compensation that "
                        "was not carried out can be waived.",
                        line=line.name,
                        state=line._selection_label("state"),
                    )
                )
            needed = max(line._level_rank(), LEVEL_RANK["supervisor"])
            if level < needed:
                raise AccessError(
                    self.env._(
                        "%(line)s (%(amount)s) can only be waived by: %(level)s. "
                        "Ask them, or carry it out and mark it as done.",
                        line=line.name,
                        amount=line.currency_id.format(line.amount),
                        level=labels[LEVELS[needed][0]],
                    )
                )

    def _waive(self, reason):
        if not (reason or "").strip():
            raise UserError(
                self.env._("Please say why the compensation is not carried out.")
            )
        self._check_can_waive()
        self._complaint_write_decision(
            {
                "state": "waived",
                "waived_by_id": self.env.uid,
                "waived_date": fields.Datetime.now(),
                "waive_reason": reason,
            }
        )
        self._log(
            lambda line: self.env._("Compensation waived: %s", line.name),
            event_type="approval",
            extra={"reason": reason},
        )
        return True

    def action_waive(self):
        # Checked here too, so that a handler is told before typing a reason.
        self._check_can_waive()
        return self._open_wizard("complaint.compensation.waive", self.env._("Waive"))

    def action_open_ticket(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.ticket_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_done(self):
        return self._open_wizard(
            "complaint.compensation.done", self.env._("Compensation carried out")
        )

    def _open_wizard(self, model, title):
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_ids": self.ids},
        }

    def _mark_done(self, reference):
        # Checked before a coupon is issued for the line.
        self.check_access("write")
        not_approved = self.filtered(lambda line: line.state != "approved")
        if not_approved:
            raise UserError(
                self.env._(
                    "%(line)s is not approved: only approved compensation can be "
                    "carried out.",
                    line=not_approved[0].name,
                )
            )
        for line in self:
            ref = (reference or "").strip() or line._create_coupon()
            if line.type_id.reference_required and not ref:
                raise UserError(
                    self.env._(
                        "%(line)s: enter the proof of execution (refund number, "
                        "coupon code or shipment number).",
                        line=line.name,
                    )
                )
            line._complaint_write_decision(
                {
                    "state": "done",
                    "done_by_id": self.env.uid,
                    "done_date": fields.Datetime.now(),
                    "reference": ref or False,
                }
            )
        self._log(
            lambda line: self.env._("Compensation carried out: %s", line.name),
        )
        self.ticket_id._complaint_notify_compensation_done(self)
        return True

    def _create_coupon(self):
        """With Odoo's loyalty app installed, a coupon line issues the coupon
        of the company's first coupon programme; its code is the proof."""
        self.ensure_one()
        if self.kind != "coupon" or "loyalty.card" not in self.env:
            return ""
        program = (
            self.env["loyalty.program"]
            .sudo()
            .search(
                [
                    ("program_type", "=", "coupons"),
                    ("company_id", "in", [self.company_id.id, False]),
                ],
                limit=1,
            )
        )
        if not program:
            return ""
        card = (
            self.env["loyalty.card"]
            .sudo()
            .create(
                {
                    "program_id": program.id,
                    "partner_id": self.partner_id.id,
                    "points": 1,
                }
            )
        )
        return card.code

    def _log(self, summary_fn, event_type="compensation", extra=None):
        self.env["complaint.event"]._append(
            [
                {
                    "ticket_id": line.ticket_id.id,
                    "company_id": line.company_id.id,
                    "event_type": event_type,
                    "summary": summary_fn(line),
                    "payload": {
                        "line": line.id,
                        "type": line.kind,
                        "amount": line.amount,
                        "currency": line.currency_id.name,
                        "state": line.state,
                        "reference": line.reference or "",
                        **(extra or {}),
                    },
                }
                for line in self
            ]
        )
