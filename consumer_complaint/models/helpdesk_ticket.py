# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import logging
from datetime import datetime

import pytz
from markupsafe import Markup
from odoo import api, fields, models
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL, clean_context, is_html_empty

from .helpdesk_ticket_stage import COMPLAINT_STATES

_logger = logging.getLogger(__name__)

DEMANDS = [
    ("refund", "Refund"),
    ("exchange", "Exchange"),
    ("repair", "Repair"),
    ("compensation", "Compensation"),
    ("apology", "Apology"),
    ("explanation", "Explanation"),
]

ROOT_CAUSE_TYPES = [
    ("man", "People (人)"),
    ("machine", "Machine (机)"),
    ("material", "Material (料)"),
    ("method", "Method (法)"),
    ("environment", "Environment (环)"),
    ("measurement", "Measurement (测)"),
    ("supplier", "Supplier"),
    ("logistics", "Logistics"),
    ("staff", "Staff"),
    ("design", "Design"),
    ("none", "No fault found"),
]

# Forward moves of the workflow; any earlier step and withdrawal are also allowed.
NEXT_STATES = {
    "accepted": ["investigating"],
    "investigating": ["solution"],
    "solution": ["review", "feedback"],
    "review": ["feedback"],
    "feedback": ["execution", "solution"],
    "execution": ["followup"],
    "followup": ["archived"],
    "archived": [],
    "withdrawn": [],
}
STATE_ORDER = [key for key, _label in COMPLAINT_STATES]
# Complaints created in the transaction whose intake effects wait for its commit.
INTAKE_EFFECTS_KEY = "consumer_complaint.intake_effects"


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "complaint.decision.mixin"]

    is_complaint = fields.Boolean(
        related="team_id.is_complaint_team", store=True, index=True
    )
    complaint_state = fields.Selection(
        related="stage_id.complaint_state", store=True, index=True, string="Step"
    )
    channel_code = fields.Selection(
        related="channel_id.code", store=True, string="Channel type"
    )
    regulator_case_number = fields.Char(
        string="Regulator case number",
        tracking=True,
        help="Case number of the complaint transferred by a regulator (e.g. 12315).",
    )
    anonymous = fields.Boolean(
        help="The complainant asked not to be identified to the departments that "
        "handle the case."
    )
    partner_phone = fields.Char(string="Contact phone", index="btree_not_null")
    order_ref = fields.Char(
        string="Order number", index="btree_not_null", tracking=True
    )
    product_id = fields.Many2one("product.product", index=True)
    lot_ref = fields.Char(string="Batch / lot", index="btree_not_null")
    purchase_date = fields.Date()
    delivery_date = fields.Date(
        string="Delivery or sign date",
        help="Day the customer received or signed for the goods; legal return "
        "windows count from it.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_paid = fields.Monetary(currency_field="currency_id")
    region_id = fields.Many2one(
        "res.country.state",
        string="Province",
        index=True,
        domain="[('country_id.code', '=', 'CN')]",
    )
    city = fields.Char()
    store_id = fields.Many2one("complaint.store", index=True)
    demand = fields.Selection(DEMANDS, string="Customer wants")
    severity_id = fields.Many2one(
        "complaint.severity",
        string="Severity",
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    severity_color = fields.Integer(related="severity_id.color")
    category_parent_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Main category",
        compute="_compute_category_parent_id",
        store=True,
        index=True,
    )
    peak_period_id = fields.Many2one(
        "complaint.peak.period", string="Peak period", readonly=True, copy=False
    )
    # Work
    solution = fields.Html(
        help="The solution proposed to the customer; sent in the feedback step."
    )
    resolution = fields.Html(help="What was finally done for the customer.")
    root_cause_type = fields.Selection(ROOT_CAUSE_TYPES, tracking=True)
    root_cause_notes = fields.Text(
        string="Root cause (5 whys)",
        help="Ask why five times: each answer on its own line.",
    )
    corrective_action = fields.Text()
    knowledge_id = fields.Many2one(
        "complaint.knowledge", string="Knowledge entry", copy=False, readonly=True
    )
    approval_required = fields.Boolean(compute="_compute_approval_required")
    approved_by_id = fields.Many2one(
        "res.users", string="Approved by", readonly=True, copy=False, tracking=True
    )
    approved_date = fields.Datetime(readonly=True, copy=False)
    customer_response = fields.Selection(
        [("accepted", "Accepted"), ("rejected", "Rejected")],
        readonly=True,
        copy=False,
        tracking=True,
    )
    customer_response_reason = fields.Text(readonly=True, copy=False)
    customer_response_date = fields.Datetime(readonly=True, copy=False)
    escalation_count = fields.Integer(readonly=True, copy=False)
    reopen_count = fields.Integer(readonly=True, copy=False)
    is_repeat = fields.Boolean(
        string="Repeat complaint",
        readonly=True,
        copy=False,
        help="The same customer complained before about the same order, product or "
        "category within the repeat window.",
    )
    # Deadlines
    first_response_date = fields.Datetime(readonly=True, copy=False)
    response_deadline = fields.Datetime(
        compute="_compute_complaint_deadlines", store=True
    )
    resolution_deadline = fields.Datetime(
        string="Solution deadline", compute="_compute_complaint_deadlines", store=True
    )
    response_sla_met = fields.Boolean(
        string="Response on time", compute="_compute_complaint_deadlines", store=True
    )
    resolution_sla_met = fields.Boolean(
        string="Solution on time", compute="_compute_complaint_deadlines", store=True
    )
    complaint_deadline = fields.Datetime(
        string="Next deadline",
        compute="_compute_complaint_deadlines",
        store=True,
        index="btree_not_null",
    )
    deadline_warning_date = fields.Datetime(
        compute="_compute_complaint_deadlines", store=True, index="btree_not_null"
    )
    deadline_status = fields.Selection(
        [
            ("on_track", "On track"),
            ("due_today", "Due today"),
            ("at_risk", "At risk"),
            ("overdue", "Overdue"),
            ("none", "No deadline"),
        ],
        compute="_compute_deadline_status",
        search="_search_deadline_status",
    )
    warned_deadline = fields.Datetime(readonly=True, copy=False)
    escalated_deadline = fields.Datetime(readonly=True, copy=False)
    breach_count = fields.Integer(readonly=True, copy=False)
    event_ids = fields.One2many("complaint.event", "ticket_id", string="Event log")

    def init(self):
        """The only init() of the addon: what the ORM cannot declare, each
        step in the file of its concern."""
        res = super().init()
        self._complaint_init_load_index()
        self._complaint_init_repeat_indexes()
        self._complaint_init_terms_column()
        return res

    def _complaint_init_load_index(self):
        """Open complaints per team and handler, counted at every intake by
        the balanced routing: an index-only count."""
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS helpdesk_ticket_open_load_idx "
                "ON helpdesk_ticket (team_id, user_id) "
                "WHERE complaint_state NOT IN ('archived', 'withdrawn')"
            )
        )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("category_id", "category_id.parent_id")
    def _compute_category_parent_id(self):
        for ticket in self:
            category = ticket.category_id
            ticket.category_parent_id = category.parent_id or category

    @api.depends("severity_id.requires_approval")
    def _compute_approval_required(self):
        for ticket in self:
            ticket.approval_required = ticket._complaint_needs_approval()

    def _complaint_needs_approval(self):
        """Hook: other features (compensation limits) add reasons."""
        self.ensure_one()
        return bool(self.severity_id.requires_approval)

    @api.depends(
        "ticket_sla_ids.deadline",
        "ticket_sla_ids.state",
        "create_date",
        "company_id.complaint_warning_share",
    )
    def _compute_complaint_deadlines(self):
        for ticket in self:
            lines = ticket.ticket_sla_ids
            response = lines.filtered(lambda r: r.complaint_sla_kind == "response")[:1]
            resolution = lines.filtered(lambda r: r.complaint_sla_kind == "resolution")[
                :1
            ]
            ticket.response_deadline = response.deadline
            ticket.resolution_deadline = resolution.deadline
            ticket.response_sla_met = response.state == "accomplished"
            ticket.resolution_sla_met = resolution.state == "accomplished"
            running = [
                r.deadline for r in lines if r.state == "in_progress" and r.deadline
            ]
            deadline = min(running) if running else False
            ticket.complaint_deadline = deadline
            start = ticket.create_date
            if deadline and start and deadline > start:
                share = ticket.company_id.complaint_warning_share or 0.75
                ticket.deadline_warning_date = start + (deadline - start) * share
            else:
                ticket.deadline_warning_date = deadline

    @api.depends("complaint_deadline", "deadline_warning_date")
    def _compute_deadline_status(self):
        now = fields.Datetime.now()
        end_of_day = self._complaint_end_of_today()
        for ticket in self:
            deadline = ticket.complaint_deadline
            if not deadline or ticket.closed:
                ticket.deadline_status = "none"
            elif deadline <= now:
                ticket.deadline_status = "overdue"
            elif deadline <= end_of_day:
                ticket.deadline_status = "due_today"
            elif ticket.deadline_warning_date and ticket.deadline_warning_date <= now:
                ticket.deadline_status = "at_risk"
            else:
                ticket.deadline_status = "on_track"

    def _complaint_end_of_today(self):
        """End of the user's day, in UTC, as naive datetime."""
        now = fields.Datetime.now()
        local = fields.Datetime.context_timestamp(self, now)
        end = local.replace(hour=23, minute=59, second=59, microsecond=0)
        return now + (end - local)

    def _search_deadline_status(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(self.env._("Unsupported search on the deadline status."))
        values = [value] if operator == "=" else list(value)
        now = fields.Datetime.now()
        end_of_day = self._complaint_end_of_today()
        open_ = [("stage_id.closed", "=", False), ("complaint_deadline", "!=", False)]
        domains = {
            "overdue": open_ + [("complaint_deadline", "<=", now)],
            "due_today": open_
            + [
                ("complaint_deadline", ">", now),
                ("complaint_deadline", "<=", end_of_day),
            ],
            "at_risk": open_
            + [
                ("complaint_deadline", ">", end_of_day),
                ("deadline_warning_date", "<=", now),
            ],
            "on_track": open_
            + [
                ("complaint_deadline", ">", end_of_day),
                ("deadline_warning_date", ">", now),
            ],
            "none": [
                "|",
                ("stage_id.closed", "=", True),
                ("complaint_deadline", "=", False),
            ],
        }
        selected = [domains[val] for val in values if val in domains]
        return expression.OR(selected) if selected else expression.FALSE_DOMAIN

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        if self.env.context.get("complaint_mode"):
            return stages.search([("complaint_state", "!=", False)])
        return super()._read_group_stage_ids(stages, domain)

    # ------------------------------------------------------------------
    # Decision fields: set by actions and by the system, never typed
    # ------------------------------------------------------------------

    @api.model
    def _complaint_decision_fields(self):
        return super()._complaint_decision_fields() | {
            # Stored copies of the step and of the team's kind: written
            # directly they would fake a step or skip the workflow checks.
            "complaint_state",
            "is_complaint",
            "approved_by_id",
            "approved_date",
            "customer_response",
            "customer_response_reason",
            "customer_response_date",
            "escalation_count",
            "reopen_count",
            "is_repeat",
            "knowledge_id",
            "first_response_date",
            "response_deadline",
            "resolution_deadline",
            "response_sla_met",
            "resolution_sla_met",
            "complaint_deadline",
            "deadline_warning_date",
            "warned_deadline",
            "escalated_deadline",
            "breach_count",
            "peak_period_id",
            # Defined by helpdesk_ticket_portal.py and helpdesk_ticket_privacy.py:
            # set by the online intake and the anonymisation only.
            "privacy_consent_date",
            "complaint_intake_ip_hash",
            "anonymized_date",
            # Whom the intake job asks to confirm a guest's complaint: typed,
            # it would have the company e-mail a signed link to anyone.
            "complaint_link_partner_id",
            "complaint_link_nonce",
        }

    @api.model
    def _complaint_intake_fields(self):
        """Decision fields the intake fills in ``create()`` (peak period,
        triage proposal): checked on the caller's values before the intake
        computes them."""
        return {"peak_period_id"}

    def _complaint_guard_decisions(self, vals_list, create=False, before_intake=False):
        if create and not before_intake:
            # create() already refused these in the caller's values; what is
            # there now was decided by the intake.
            intake = self._complaint_intake_fields()
            vals_list = [
                {fname: value for fname, value in vals.items() if fname not in intake}
                for vals in vals_list
            ]
        return super()._complaint_guard_decisions(vals_list, create=create)

    def _complaint_guard_first_stage(self, vals_list):
        """A complaint starts at the first step: created at a later one it
        would skip the checks of every move (solution, approval, legal
        checks)."""
        if self.env.su:
            return
        stage_ids = {vals["stage_id"] for vals in vals_list if vals.get("stage_id")}
        later = (
            self.env["helpdesk.ticket.stage"]
            .browse(stage_ids)
            .filtered(lambda s: s.complaint_state not in (False, "accepted"))
        )
        if later:
            raise AccessError(
                self.env._(
                    "A complaint is registered at the Accepted step; it cannot be "
                    "created at %(stage)s. Create it without a stage, then move it "
                    "with the buttons of the complaint.",
                    stage=later[0].name,
                )
            )

    # ------------------------------------------------------------------
    # Creation: numbering, routing, grading, deadlines
    # ------------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        if self.env.context.get("complaint_mode"):
            # Complaints are routed to a handler; do not default to the typist.
            defaults.pop("user_id", None)
        return defaults

    def _prepare_ticket_number(self, values):
        team_id = values.get("team_id")
        if (
            team_id
            and self.env["helpdesk.ticket.team"].browse(team_id).is_complaint_team
        ):
            seq = self.env["ir.sequence"]
            if values.get("company_id"):
                seq = seq.with_company(values["company_id"])
            number = seq.next_by_code("consumer.complaint")
            if number:
                return number
        return super()._prepare_ticket_number(values)

    @api.model
    def _complaint_is_intake(self, vals):
        """Whether ``vals`` make a complaint: a complaint team, a category of
        one, or a form of the complaint menus."""
        if vals.get("team_id"):
            return (
                self.env["helpdesk.ticket.team"]
                .browse(vals["team_id"])
                .is_complaint_team
            )
        if vals.get("category_id"):
            category = self.env["helpdesk.ticket.category"].browse(vals["category_id"])
            return category._complaint_team().is_complaint_team
        if vals.get("store_id"):
            return (
                self.env["complaint.store"]
                .browse(vals["store_id"])
                .team_id.is_complaint_team
            )
        return bool(self.env.context.get("complaint_mode"))

    @api.model
    def _complaint_prepare_vals(self, vals_list):
        """Intake, step "prepare values": everything a complaint needs before
        it is saved, whatever the channel. Each step is one method; other
        files plug in by extending the step, not ``create()``."""
        todo = [vals for vals in vals_list if self._complaint_is_intake(vals)]
        if not todo:
            return
        rule_severities = self._complaint_prepare_triage(todo)
        self._complaint_prepare_team(todo)
        self._complaint_prepare_severity(todo, rule_severities)
        self._complaint_prepare_routing(todo)

    @api.model
    def _complaint_prepare_triage(self, vals_list):
        """Hook of helpdesk_ticket_triage.py: proposed category; returns the
        severity the severity rules ask for, per vals (or None)."""
        return [None] * len(vals_list)

    @api.model
    def _complaint_vals_company(self, vals):
        """The company a complaint about to be created belongs to."""
        company_id = (
            vals.get("company_id")
            or self.env["helpdesk.ticket.team"]
            .browse(vals.get("team_id"))
            .company_id.id
            or self.env.company.id
        )
        return self.env["res.company"].browse(company_id)

    @api.model
    def _complaint_prepare_team(self, vals_list):
        """Team from the category or the store, then the peak period, whose
        emergency team takes over."""
        Category = self.env["helpdesk.ticket.category"]
        Peak = self.env["complaint.peak.period"]
        now = fields.Datetime.now()
        peaks = {}  # one lookup per company for a batch, not per complaint
        for vals in vals_list:
            category = Category.browse(vals.get("category_id"))
            if not vals.get("team_id") and category:
                vals["team_id"] = category._complaint_team().id or False
            if not vals.get("team_id") and vals.get("store_id"):
                vals["team_id"] = (
                    self.env["complaint.store"].browse(vals["store_id"]).team_id.id
                    or False
                )
            team = self.env["helpdesk.ticket.team"].browse(vals.get("team_id"))
            if not team.is_complaint_team:
                continue
            company = self.env["res.company"].browse(
                vals.get("company_id") or team.company_id.id or self.env.company.id
            )
            if company not in peaks:
                peaks[company] = Peak._find_active(company, now)
            peak = peaks[company]
            if peak:
                vals["peak_period_id"] = peak.id
                # The context comes from the client: only code running as
                # superuser may keep its team out of the emergency routing.
                keep_team = self.env.su and self.env.context.get("complaint_keep_team")
                if peak.emergency_team_id and not keep_team:
                    vals["team_id"] = peak.emergency_team_id.id

    @api.model
    def _complaint_prepare_severity(self, vals_list, rule_severities):
        """The severity typed or the category's (else the mildest), raised to
        the severity of a matching severity rule."""
        Severity = self.env["complaint.severity"]
        by_company = {}  # {company: {level: severity}}
        for vals, rule_severity in zip(vals_list, rule_severities, strict=True):
            team = self.env["helpdesk.ticket.team"].browse(vals.get("team_id"))
            if not team.is_complaint_team:
                continue
            if not vals.get("severity_id"):
                company = self._complaint_vals_company(vals)
                if company not in by_company:
                    by_company[company] = Severity._complaint_by_level(company)
                levels = by_company[company]
                category = self.env["helpdesk.ticket.category"].browse(
                    vals.get("category_id")
                )
                severity = category and category._complaint_severity()
                if severity:
                    # the company's own severity of that level, if it has one
                    severity = levels.get(severity.level, severity)
                elif levels:
                    severity = levels[max(levels)]
                vals["severity_id"] = severity.id if severity else False
            current = Severity.browse(vals["severity_id"])
            if rule_severity and (not current or rule_severity.level < current.level):
                vals["severity_id"] = rule_severity.id

    @api.model
    def _complaint_prepare_routing(self, vals_list):
        """The least loaded handler of the team, unless one was chosen."""
        to_route = {}
        for vals in vals_list:
            team = self.env["helpdesk.ticket.team"].browse(vals.get("team_id"))
            if not team.is_complaint_team:
                continue
            if (
                vals.get("user_id") == self.env.uid
                and self.env.user not in team.user_ids
            ):
                # helpdesk_mgmt defaults the handler to whoever types the ticket;
                # a complaint registered for another team is routed instead.
                vals.pop("user_id")
            if not vals.get("user_id"):
                # Explicitly unassigned until routed: no default handler.
                vals["user_id"] = False
                to_route.setdefault(team, []).append(vals)
        for team, team_vals in to_route.items():
            for vals, user_id in zip(
                team_vals, team._complaint_pick_users(len(team_vals)), strict=True
            ):
                if user_id:
                    vals["user_id"] = user_id

    @api.model_create_multi
    def create(self, vals_list):
        """The intake pipeline of every channel: check, prepare values,
        create, log; what the customer need not wait for (e-mails, the
        handler's notification, supervisors' activities, the similar-case
        index) runs as a job once the transaction commits."""
        self._complaint_guard_decisions(vals_list, create=True, before_intake=True)
        self._complaint_guard_first_stage(vals_list)
        self._complaint_unmask_vals_list(vals_list)
        self._complaint_prepare_vals(vals_list)
        deferred = [
            bool(vals.get("team_id"))
            and self.env["helpdesk.ticket.team"]
            .browse(vals["team_id"])
            .is_complaint_team
            for vals in vals_list
        ]
        tickets = self._complaint_create_split(vals_list, deferred)
        complaints = tickets.filtered("is_complaint")
        if complaints:
            complaints._complaint_after_create()
            complaints._complaint_defer_effects()
        return tickets

    def _complaint_create_split(self, vals_list, deferred):
        """Create complaints without the mail effects of creation (the stage's
        acknowledgement template, the handler's notification), which the
        intake job sends; other tickets as helpdesk_mgmt does. Returned in
        the order of ``vals_list``."""
        quiet = super(
            HelpdeskTicket,
            self.with_context(
                mail_create_nolog=True,
                mail_notrack=True,
                mail_auto_subscribe_no_notify=True,
                complaint_defer_handler=True,
            ),
        )
        if all(deferred):
            return quiet.create(vals_list).with_env(self.env)
        if not any(deferred):
            return super().create(vals_list)
        complaints = iter(
            quiet.create([v for v, d in zip(vals_list, deferred, strict=True) if d])
        )
        others = iter(
            super().create(
                [v for v, d in zip(vals_list, deferred, strict=True) if not d]
            )
        )
        return self.browse(
            [next(complaints).id if d else next(others).id for d in deferred]
        )

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        # The handler of a new complaint follows it from the intake job, which
        # tells them it is theirs: not by mail.thread inside the request,
        # where they would also be sent the creation message.
        if self.env.context.get("complaint_defer_handler"):
            updated_values = dict(updated_values, user_id=False)
        return super()._message_auto_subscribe_followers(
            updated_values, default_subtype_ids
        )

    def _complaint_before_log(self):
        """Hook: work done on new complaints before their intake is logged,
        whose result the intake entry records (repeat detection)."""

    def _complaint_intake_payload(self, ticket):
        return {}

    def _complaint_after_create(self):
        """Intake, in the customer's transaction: what the event log and the
        customer's answer need (repeat detection, the intake entry)."""
        self._complaint_before_log()
        self.env["complaint.event"]._append(
            [
                {
                    "ticket_id": ticket.id,
                    "company_id": ticket.company_id.id,
                    "event_type": "intake",
                    "summary": ticket.number,
                    "payload": {
                        "channel": ticket.channel_code or "",
                        "category": ticket.category_id.complete_name or "",
                        # The payload's keys are hashed: "grade" stays.
                        "grade": ticket.severity_id.code or "",
                        "description_sha256": self._complaint_digest(
                            ticket.description
                        ),
                        **self._complaint_intake_payload(ticket),
                    },
                }
                for ticket in self
            ]
        )

    def _complaint_defer_effects(self):
        """Queue the intake effects of these complaints: one job per
        transaction, enqueued when it commits, so that it sees what the
        channel adds after ``create()`` (files, the guest as author) and a
        rolled-back intake sends nothing. E-mails follow the creation
        context: an import or the demo data without tracking sends none."""
        ctx = self.env.context
        quiet = ctx.get("tracking_disable")
        key = (
            # The chatter's creation message, as mail.thread would post it.
            not (quiet or ctx.get("mail_create_nolog")),
            not (quiet or ctx.get("mail_notrack")),
            # The handler follows and is told; told nothing; or, with
            # tracking off, neither (None).
            None if quiet else not ctx.get("mail_auto_subscribe_no_notify"),
            # queue_job's own switch: the demo history runs them at install.
            bool(ctx.get("queue_job__no_delay")),
        )
        pending = self.env.cr.precommit.data.setdefault(INTAKE_EFFECTS_KEY, {})
        if not pending:
            self.env.cr.precommit.add(self.sudo()._complaint_enqueue_effects)
        pending.setdefault(key, []).extend(self.ids)

    def _complaint_enqueue_effects(self):
        pending = self.env.cr.precommit.data.pop(INTAKE_EFFECTS_KEY, {})
        for (log, acknowledge, notify, no_delay), ids in pending.items():
            tickets = self.browse(ids).exists()
            if tickets:
                tickets.with_context(queue_job__no_delay=no_delay).with_delay(
                    description=self.env._("Complaint intake: e-mails and activities")
                )._complaint_intake_effects(
                    log=log, acknowledge=acknowledge, notify=notify
                )

    def _complaint_intake_effects(self, log=True, acknowledge=True, notify=True):
        """Job: the acknowledgement of the first stage, the handler's
        notification, the supervisors' activity of a severity that asks for it
        and the similar-case index. One transaction: a failure leaves nothing
        half sent; it is retried by the job function's retry pattern, then
        shown to administrators as a failed job."""
        try:
            self._complaint_run_intake_effects(log, acknowledge, notify)
        except RetryableJobError:
            raise
        except Exception as exc:
            raise RetryableJobError(str(exc)) from exc

    def _complaint_run_intake_effects(self, log, acknowledge, notify):
        tickets = self.exists().filtered("is_complaint")
        for ticket in tickets:
            if log:
                ticket._complaint_post_creation_message()
            if acknowledge:
                ticket._complaint_acknowledge()
            if notify is not None and ticket.user_id:
                ticket.with_context(
                    mail_auto_subscribe_no_notify=not notify
                )._message_auto_subscribe({"user_id": ticket.user_id.id})
        urgent = tickets.filtered("severity_id.notify_supervisor")
        if urgent:
            urgent._complaint_notify_supervisors(
                lambda env, ticket: env._("Major complaint registered"),
                "consumer_complaint.mail_activity_complaint_major",
            )
        tickets._complaint_index_terms()

    def _complaint_acknowledge(self):
        """The e-mail of the stage the complaint was filed in, as helpdesk_mgmt
        sends a stage's template (``_track_template``), even if a handler
        moved the complaint before the job ran. Written by who filed it, or
        by the company for a guest: not by the website's public user."""
        self.ensure_one()
        stage = self.stage_id
        if self.complaint_state != "accepted":
            stage = self.env["helpdesk.ticket.stage"]._complaint_stage(
                "accepted", self.company_id
            )
        if not stage.mail_template_id:
            return
        template = stage.mail_template_id
        user = self.env.user
        author = self.company_id.partner_id if user._is_public() else user.partner_id
        self.with_context(
            clean_context(self.env.context)
        )._fallback_lang().message_mail_with_source(
            template,
            author_id=author.id,
            # given with the author, or the composer leaves it empty
            email_from=template.email_from or author.email_formatted,
            auto_delete_keep_log=False,
            subtype_id=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            email_layout_xmlid="mail.mail_notification_light",
            message_type="auto_comment",
        )

    def _complaint_post_creation_message(self):
        """The chatter's creation message (mail.thread.create), in the name
        of who filed the complaint: the customer when a guest used the form,
        not the website's public user."""
        self.ensure_one()
        user = self.env.user
        author = self.partner_id if user._is_public() else user.partner_id
        subtype = self._creation_subtype()
        if not subtype:
            self._message_log(body=self._creation_message(), author_id=author.id)
            return
        self.sudo().message_post(
            subtype_id=subtype.id,
            author_id=author.id,
            # Dated when the complaint was filed, not when the job ran.
            date=self.create_date,
            # summary="o_mail_notification" hides the body in the chatter.
            body=Markup('<div summary="o_mail_notification"><p>%s</p></div>')
            % self._creation_message(),
        )

    def _complaint_index_terms(self):
        """Hook of helpdesk_ticket_similar.py: the similar-case index."""

    @api.model
    def _complaint_digest(self, html):
        return hashlib.sha256((html or "").encode("utf-8")).hexdigest()

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def write(self, vals):
        """The only write() of the addon: the workflow's checks, then the
        steps other files plug into (severity, stage and category changes)."""
        vals = self._complaint_unmask_vals(vals)
        if self.env.context.get("complaint_defer_handler") and not self.env.su:
            # Only the intake defers the handler's notice to its job: sent by
            # a client, the key would hand a complaint over unannounced.
            self = self.with_context(complaint_defer_handler=False)
        # The context comes from the client: it skips the checks only for
        # code already running as superuser (fixtures, data migrations).
        skip = self.env.su and self.env.context.get("complaint_skip_checks")
        if "stage_id" in vals and not skip:
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            for ticket in self.filtered(
                lambda t: t.is_complaint and t.stage_id != stage
            ):
                ticket._complaint_check_transition(stage)
        old_severities = (
            {t.id: t.severity_id for t in self} if "severity_id" in vals else {}
        )
        old_states = (
            {t.id: t.complaint_state for t in self} if "stage_id" in vals else {}
        )
        old_categories = (
            {t.id: t.category_id for t in self} if "category_id" in vals else {}
        )
        res = super().write(vals)
        if old_severities:
            self._complaint_after_severity_change(old_severities)
        if old_categories:
            self._complaint_after_category_write(old_categories)
        if old_states:
            moved = self.filtered(
                lambda t: t.is_complaint and t.complaint_state != old_states[t.id]
            )
            if moved:
                moved._complaint_after_transition(old_states)
        return res

    def _complaint_after_severity_change(self, old_severities):
        changed = self.filtered(
            lambda t: t.is_complaint and t.severity_id != old_severities[t.id]
        )
        for ticket in changed:
            ticket.refresh_sla()
        if changed:
            self.env["complaint.event"]._append(
                [
                    {
                        "ticket_id": t.id,
                        "company_id": t.company_id.id,
                        # "grade" is the event type's stored key, part of
                        # the hash chain of every existing log: it stays.
                        "event_type": "grade",
                        "summary": f"{old_severities[t.id].code or '-'} → "
                        f"{t.severity_id.code or '-'}",
                    }
                    for t in changed
                ]
            )

    def _complaint_after_category_write(self, old_categories):
        """Hook: the category was written (triage corrections, the similar
        index); ``old_categories`` maps ids to the category before."""

    def _complaint_check_transition(self, new_stage):
        """Raise a UserError that says what is missing for the move.

        Other addons extend this hook (legal checks before feedback).
        """
        self.ensure_one()
        target = new_stage.complaint_state
        current = self.complaint_state
        if not target:
            raise UserError(
                self.env._(
                    "Complaint %(number)s can only move to a stage of the complaint "
                    "workflow.",
                    number=self.number,
                )
            )
        if current in ("archived", "withdrawn") and target != "accepted":
            raise UserError(
                self.env._(
                    "Complaint %(number)s is closed. Reopen it (back to Accepted) "
                    "before working on it again.",
                    number=self.number,
                )
            )
        forward = target not in ("withdrawn",) and STATE_ORDER.index(
            target
        ) > STATE_ORDER.index(current or "accepted")
        if forward and target not in NEXT_STATES.get(current or "accepted", []):
            allowed = ", ".join(
                dict(COMPLAINT_STATES)[s] for s in NEXT_STATES.get(current, [])
            )
            raise UserError(
                self.env._(
                    "Complaint %(number)s cannot jump from %(current)s to %(target)s. "
                    "Next step: %(allowed)s.",
                    number=self.number,
                    current=self.stage_id.name,
                    target=new_stage.name,
                    allowed=allowed or "-",
                )
            )
        missing = []
        if target in ("review", "feedback") and is_html_empty(self.solution):
            missing.append(self.env._("a solution text (Solution tab)"))
        if (
            target == "feedback"
            and self._complaint_needs_approval()
            and not self.approved_by_id
        ):
            missing.append(self.env._("the approval of a supervisor"))
        if target == "archived":
            if is_html_empty(self.resolution):
                missing.append(self.env._("the resolution"))
            if not self.root_cause_type:
                missing.append(self.env._("the root-cause type"))
        if missing:
            raise UserError(
                self.env._(
                    "Complaint %(number)s cannot move to %(stage)s: missing %(what)s.",
                    number=self.number,
                    stage=new_stage.name,
                    what=self.env._(", ").join(missing),
                )
            )

    def _complaint_after_transition(self, old_states):
        entries = []
        for ticket in self:
            entries.append(
                {
                    "ticket_id": ticket.id,
                    "company_id": ticket.company_id.id,
                    "event_type": "stage",
                    "summary": f"{old_states[ticket.id] or '-'} → "
                    f"{ticket.complaint_state}",
                }
            )
            if ticket.complaint_state == "feedback":
                entries.append(
                    {
                        "ticket_id": ticket.id,
                        "company_id": ticket.company_id.id,
                        "event_type": "solution",
                        "summary": self.env._("Solution sent to the customer"),
                        "payload": {
                            "solution_sha256": self._complaint_digest(ticket.solution)
                        },
                    }
                )
            if ticket.complaint_state == "accepted" and old_states[ticket.id] in (
                "archived",
                "withdrawn",
            ):
                # Counted by the system on a move the user was allowed to make.
                ticket.sudo().reopen_count += 1
        self.env["complaint.event"]._append(entries)
        started = self.filtered(
            lambda t: t.complaint_state == "investigating" and not t.first_response_date
        )
        if started:
            started.sudo().write({"first_response_date": fields.Datetime.now()})
        # A new solution round needs a fresh approval and a fresh answer.
        back = self.filtered(lambda t: t.complaint_state in ("solution", "accepted"))
        if back:
            back.sudo().write(back._complaint_reset_decisions())
        review = self.filtered(lambda t: t.complaint_state == "review")
        if review:
            review._complaint_notify_supervisors(
                lambda env, ticket: env._("Solution to approve"),
                "consumer_complaint.mail_activity_complaint_approval",
            )

    def _complaint_reset_decisions(self):
        """Values clearing the decisions of a solution round, when a
        complaint goes back to rework it. Hook: other addons add theirs."""
        return {"approved_by_id": False, "approved_date": False}

    def _complaint_move_to(self, state):
        for ticket in self:
            stage = self.env["helpdesk.ticket.stage"]._complaint_stage(
                state, ticket.company_id
            )
            if not stage:
                raise UserError(
                    self.env._(
                        "No stage is configured for the workflow step %(step)s.",
                        step=dict(COMPLAINT_STATES)[state],
                    )
                )
            ticket.write({"stage_id": stage.id})
        return True

    def action_complaint_investigate(self):
        self.ensure_one()
        return self._complaint_move_to("investigating")

    def action_complaint_propose(self):
        self.ensure_one()
        return self._complaint_move_to("solution")

    def action_complaint_submit(self):
        """Send the solution for approval, or straight to the customer."""
        self.ensure_one()
        if self._complaint_needs_approval() and not self.approved_by_id:
            return self._complaint_move_to("review")
        return self._complaint_move_to("feedback")

    def action_complaint_approve(self):
        self.ensure_one()
        self._complaint_check_supervisor()
        if self.complaint_state != "review":
            raise UserError(
                self.env._("Only a complaint waiting for review can be approved.")
            )
        self._complaint_write_decision(
            {"approved_by_id": self.env.uid, "approved_date": fields.Datetime.now()}
        )
        self._complaint_log(
            "approval", self.env._("Solution approved"), {"decision": "approved"}
        )
        self.activity_feedback(
            ["consumer_complaint.mail_activity_complaint_approval"],
            feedback=self.env._("Approved"),
        )
        return self._complaint_move_to("feedback")

    def action_complaint_refuse(self):
        self.ensure_one()
        self._complaint_check_supervisor()
        if self.complaint_state != "review":
            raise UserError(
                self.env._("Only a complaint waiting for review can be refused.")
            )
        self._complaint_log(
            "approval", self.env._("Solution refused"), {"decision": "refused"}
        )
        self.activity_feedback(
            ["consumer_complaint.mail_activity_complaint_approval"],
            feedback=self.env._("Refused: rework the solution"),
        )
        return self._complaint_move_to("solution")

    @api.model
    def _complaint_send_digest(self, tickets_by_user, kind):
        """One e-mail per user listing the complaints whose deadline comes
        close (kind "warning", to handlers) or just passed ("breach", to
        supervisors), instead of one e-mail per activity."""
        mails = []
        for user, tickets in tickets_by_user.items():
            if not user.email:
                continue
            body = self.env["ir.qweb"]._render(
                "consumer_complaint.complaint_deadline_digest_body",
                {
                    "user": user,
                    "kind": kind,
                    "tickets": tickets[:200],
                    "more": max(len(tickets) - 200, 0),
                },
                lang=user.lang,
            )
            _ = self.with_context(lang=user.lang).env._
            mails.append(
                {
                    "subject": _(
                        "%(count)s complaint deadline(s) breached", count=len(tickets)
                    )
                    if kind == "breach"
                    else _(
                        "%(count)s complaint deadline(s) coming close",
                        count=len(tickets),
                    ),
                    "body_html": body,
                    "email_to": user.email_formatted,
                    "email_from": self.env.company.email_formatted
                    or self.env.user.email_formatted,
                    "auto_delete": True,
                }
            )
        if mails:
            self.env["mail.mail"].sudo().create(mails)

    def _complaint_check_supervisor(self):
        if not self.env.user.has_group("consumer_complaint.group_complaint_supervisor"):
            raise AccessError(
                self.env._(
                    "Only complaint supervisors can approve or refuse solutions."
                )
            )

    def action_complaint_done(self):
        self.ensure_one()
        return self._complaint_move_to("followup")

    def action_complaint_withdraw(self):
        self.ensure_one()
        return self._complaint_move_to("withdrawn")

    def action_complaint_reopen(self):
        self.ensure_one()
        return self._complaint_move_to("accepted")

    def action_complaint_customer_response(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer's answer"),
            "res_model": "complaint.customer.response",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_complaint_close(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close complaint"),
            "res_model": "complaint.close",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def _complaint_customer_accept(self):
        self.ensure_one()
        if self.complaint_state != "feedback":
            raise UserError(
                self.env._("There is no solution waiting for the customer's answer.")
            )
        self._complaint_write_decision(
            {
                "customer_response": "accepted",
                "customer_response_reason": False,
                "customer_response_date": fields.Datetime.now(),
            }
        )
        self._complaint_log("customer", self.env._("Customer accepted the solution"))
        return self._complaint_move_to("execution")

    def _complaint_customer_reject(self, reason):
        """The customer rejects the solution: escalate and rework it."""
        self.ensure_one()
        if self.complaint_state != "feedback":
            raise UserError(
                self.env._("There is no solution waiting for the customer's answer.")
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Please say why the solution is rejected."))
        mode = self.company_id.complaint_escalation_mode
        vals = {
            "customer_response": "rejected",
            "customer_response_reason": reason,
            "customer_response_date": fields.Datetime.now(),
            "escalation_count": self.escalation_count + 1,
        }
        if mode in ("severity", "both") and self.severity_id:
            levels = self.env["complaint.severity"]._complaint_by_level(self.company_id)
            higher = [level for level in levels if level < self.severity_id.level]
            if higher:
                vals["severity_id"] = levels[max(higher)].id
        supervisor = self.team_id._complaint_supervisors()
        if mode in ("supervisor", "both") and supervisor:
            vals["user_id"] = supervisor[:1].id
        self._complaint_write_decision(vals)
        self._complaint_log(
            "customer",
            self.env._("Customer rejected the solution"),
            {"reason": reason},
        )
        self._complaint_log(
            "escalation",
            self.env._("Escalated after rejection"),
            {
                # The payload's keys are hashed: "grade" stays.
                "grade": self.severity_id.code or "",
                "user": self.user_id.login or "",
                "mode": mode,
            },
        )
        self.message_post(
            body=self.env._(
                "The customer rejected the solution: %(reason)s", reason=reason
            ),
            subtype_xmlid="mail.mt_note",
        )
        return self._complaint_move_to("solution")

    def _complaint_log(self, event_type, summary, payload=None):
        return self.env["complaint.event"]._append(
            [
                {
                    "ticket_id": ticket.id,
                    "company_id": ticket.company_id.id,
                    "event_type": event_type,
                    "summary": summary,
                    "payload": payload,
                }
                for ticket in self
            ]
        )

    def _complaint_activity_vals(self, user, activity_type, summary, due=None, days=0):
        """Values of an activity for `user` on this complaint.

        `summary` takes an environment and returns the text: it is written
        in the recipient's language, not the acting user's. The due date is
        a day of the recipient's own calendar (mail.activity judges overdue
        in the user's time zone): the local day of `due` (a UTC datetime),
        else today there, plus `days`. A complaint filed at 01:05 in Beijing
        is due today, not yesterday.
        """
        self.ensure_one()
        tz = pytz.timezone(
            user.tz
            or self.company_id.partner_id.tz
            or self.team_id.resource_calendar_id.tz
            or "Asia/Shanghai"
        )
        moment = pytz.utc.localize(due) if due else datetime.now(pytz.utc)
        day = fields.Date.add(moment.astimezone(tz).date(), days=days)
        lang = user.lang or self.env.lang or "en_US"
        return {
            "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "user_id": user.id,
            "summary": summary(self.with_context(lang=lang).env),
            "date_deadline": day,
        }

    def _complaint_supervisors(self):
        """Who supervises this complaint: its team's supervisors, else the
        first complaint supervisor of its company."""
        self.ensure_one()
        if self.team_id:
            return self.team_id._complaint_supervisors()
        group = self.env.ref("consumer_complaint.group_complaint_supervisor")
        return group.users.filtered(
            lambda u: not u.share and self.company_id in u.company_ids
        )[:1]

    def _complaint_notify_supervisors(
        self, summary, activity_xmlid, users=None, days=0, automated=True
    ):
        """The one place that gives supervisors work on complaints: one
        activity per complaint and recipient, dated and worded for the
        recipient (_complaint_activity_vals). ``summary(env, ticket)`` gives
        the text; ``users(ticket)`` the recipients, by default the
        supervisors. Automated activities are closed by activity_feedback()
        on the decision."""
        activity_type = self.env.ref(activity_xmlid)
        recipients = users or (lambda ticket: ticket._complaint_supervisors())
        vals_list = [
            dict(
                ticket._complaint_activity_vals(
                    user,
                    activity_type,
                    lambda env, ticket=ticket: summary(env, ticket),
                    days=days,
                ),
                automated=automated,
            )
            for ticket in self
            for user in recipients(ticket)
        ]
        if vals_list:
            self.env["mail.activity"].sudo().create(vals_list)

    # ------------------------------------------------------------------
    # First reply to the customer counts as the first response
    # ------------------------------------------------------------------

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        if (
            msg_vals.get("message_type") == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and not self.env.user.share
            and message.author_id == self.env.user.partner_id
        ):
            pending = self.filtered(
                lambda t: t.is_complaint and not t.first_response_date
            )
            if pending:
                pending.sudo().write({"first_response_date": fields.Datetime.now()})
                pending.sudo().ticket_sla_ids.filtered(
                    lambda r: r.complaint_sla_kind == "response"
                )._complaint_mark_reached()
        return res

    # ------------------------------------------------------------------
    # Knowledge
    # ------------------------------------------------------------------

    def action_complaint_create_knowledge(self):
        self.ensure_one()
        if self.complaint_state != "archived":
            raise UserError(
                self.env._("Only archived complaints can become knowledge entries.")
            )
        if not self.knowledge_id:
            knowledge = self.env["complaint.knowledge"].create(
                {
                    "name": self.name,
                    "category_id": self.category_id.id,
                    "problem": self.description,
                    "solution": self.resolution or self.solution,
                    "root_cause_type": self.root_cause_type,
                    "root_cause_notes": self.root_cause_notes,
                    "corrective_action": self.corrective_action,
                    "ticket_id": self.id,
                    "company_id": self.company_id.id,
                }
            )
            self._complaint_write_decision({"knowledge_id": knowledge.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "complaint.knowledge",
            "res_id": self.knowledge_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Deadline cron
    # ------------------------------------------------------------------

    @api.model
    def _complaint_isolated(self, tickets, work, what):
        """Run ``work`` on a batch of complaints; if it fails, on each one
        alone, so that one broken complaint does not stop the others. Returns
        the complaints done; the broken ones are logged and retried next run."""
        try:
            with self.env.cr.savepoint():
                work(tickets)
            return tickets
        except Exception:
            done = self.browse()
            for ticket in tickets:
                try:
                    with self.env.cr.savepoint():
                        work(ticket)
                    done |= ticket
                except Exception as error:
                    _logger.warning(
                        "Complaint deadline %s skipped for complaint %s (id %s): %s",
                        what,
                        ticket.number,
                        ticket.id,
                        error,
                    )
            return done

    @api.model
    def _cron_complaint_deadlines(self, limit=3000):
        """Warn handlers of deadlines coming close and escalate breaches.

        Set-based: two SQL selections over the open complaints, activities
        created in batches, flags written with one UPDATE each. At most
        ``limit`` complaints of each kind per run, oldest deadline first; the
        cron reports what remains so Odoo runs it again at once.
        """
        now = fields.Datetime.now()
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT t.id FROM helpdesk_ticket t
                  JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE t.is_complaint AND NOT COALESCE(s.closed, false)
                   AND t.complaint_deadline > %(now)s
                   AND t.deadline_warning_date <= %(now)s
                   AND t.user_id IS NOT NULL
                   AND t.warned_deadline IS DISTINCT FROM t.complaint_deadline
                 ORDER BY t.complaint_deadline
                """,
                now=now,
            )
        )
        warn_ids = [r[0] for r in cr.fetchall()]
        warn_rest, warn_ids = warn_ids[limit:], warn_ids[:limit]
        cr.execute(
            SQL(
                """
                SELECT t.id FROM helpdesk_ticket t
                  JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE t.is_complaint AND NOT COALESCE(s.closed, false)
                   AND t.complaint_deadline <= %(now)s
                   AND t.escalated_deadline IS DISTINCT FROM t.complaint_deadline
                 ORDER BY t.complaint_deadline
                """,
                now=now,
            )
        )
        breach_ids = [r[0] for r in cr.fetchall()]
        breach_rest, breach_ids = breach_ids[limit:], breach_ids[:limit]
        Activity = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
        )
        batch = 1000
        warn_type = self.env.ref("consumer_complaint.mail_activity_complaint_deadline")
        warned_by_user = {}

        def warn(tickets):
            Activity.create(
                [
                    t._complaint_activity_vals(
                        t.user_id,
                        warn_type,
                        lambda env: env._("Deadline approaching"),
                        due=t.complaint_deadline,
                    )
                    for t in tickets
                ]
            )

        for start in range(0, len(warn_ids), batch):
            tickets = self.sudo().browse(warn_ids[start : start + batch])
            for ticket in self._complaint_isolated(tickets, warn, "warning"):
                warned_by_user.setdefault(ticket.user_id, []).append(ticket)
        warn_ids = [t.id for tickets in warned_by_user.values() for t in tickets]
        if warn_ids:
            cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET warned_deadline = complaint_deadline"
                    " WHERE id = ANY(%s)",
                    warn_ids,
                )
            )
        breached_by_user = {}

        def escalate(tickets):
            tickets.with_context(
                mail_activity_quick_update=True
            )._complaint_notify_supervisors(
                lambda env, ticket: env._("Deadline breached"),
                "consumer_complaint.mail_activity_complaint_breach",
                automated=False,
            )
            self.env["complaint.event"]._append(
                [
                    {
                        "ticket_id": ticket.id,
                        "company_id": ticket.company_id.id,
                        "event_type": "escalation",
                        "summary": self.env._("Deadline breached"),
                        "payload": {
                            "deadline": fields.Datetime.to_string(
                                ticket.complaint_deadline
                            )
                        },
                        "user_id": self.env.ref("base.user_root").id,
                    }
                    for ticket in tickets
                ]
            )

        escalated_ids = []
        for start in range(0, len(breach_ids), batch):
            tickets = self.sudo().browse(breach_ids[start : start + batch])
            for ticket in self._complaint_isolated(tickets, escalate, "escalation"):
                escalated_ids.append(ticket.id)
                for user in ticket.team_id._complaint_supervisors():
                    breached_by_user.setdefault(user, []).append(ticket)
            self.env.invalidate_all()
        breach_ids = escalated_ids
        if warned_by_user:
            self._complaint_send_digest(warned_by_user, "warning")
        if breached_by_user:
            self._complaint_send_digest(breached_by_user, "breach")
        if breach_ids:
            cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET escalated_deadline = "
                    "complaint_deadline,"
                    " breach_count = COALESCE(breach_count, 0) + 1"
                    " WHERE id = ANY(%s)",
                    breach_ids,
                )
            )
        if warn_ids or breach_ids:
            self.invalidate_model(
                ["warned_deadline", "escalated_deadline", "breach_count"]
            )
        remaining = len(warn_rest) + len(breach_rest)
        self.env["ir.cron"]._notify_progress(
            done=len(warn_ids) + len(breach_ids), remaining=remaining
        )
        return {
            "warned": len(warn_ids),
            "escalated": len(breach_ids),
            "remaining": remaining,
        }
