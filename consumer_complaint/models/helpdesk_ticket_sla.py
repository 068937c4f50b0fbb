# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError


class HelpdeskTicketSla(models.Model):
    _name = "helpdesk.ticket.sla"
    _inherit = ["helpdesk.ticket.sla", "complaint.decision.mixin"]

    complaint_sla_kind = fields.Selection(
        related="sla_id.complaint_sla_kind", store=True
    )
    complaint_deadline_unit = fields.Selection(
        [("calendar", "Calendar hours"), ("working", "Working hours")],
        string="Counted in",
        compute="_compute_complaint_deadline_unit",
        store=True,
        precompute=True,
        readonly=True,
        help="Set from the team when the line is created and kept: the time "
        "used and the deadline of a line are counted in one unit. Lines from "
        "before this setting count working hours.",
    )

    @api.depends("sla_id.display_name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        # The tags on the complaint form read the policy's name in the
        # reader's language (helpdesk.sla), not the name stored in English.
        super()._compute_display_name()
        for line in self.filtered("sla_id.severity_id"):
            line.display_name = line.sla_id.display_name

    @api.model
    def _complaint_decision_fields(self):
        # Whether a deadline was met and when it falls follow from the
        # policy and the stage moves; written by hand they would hide a
        # breach from the escalation and the reports.
        return super()._complaint_decision_fields() | {
            "state",
            "deadline",
            "hours",
            "consumed_time",
            "last_state_date",
            "expected_stage_id",
            "complaint_sla_kind",
            "complaint_deadline_unit",
        }

    # The ticket only, not its team: computed when the line is created and
    # kept, so that changing the team's setting later does not move the
    # deadlines promised to customers (a line never moves to another ticket).
    @api.depends("ticket_id")
    def _compute_complaint_deadline_unit(self):
        for line in self:
            team = line.ticket_id.team_id
            line.complaint_deadline_unit = (
                "calendar"
                if team and team._complaint_deadline_unit() == "calendar"
                else "working"
            )

    def write(self, vals):
        # Lines are added for a ticket's policies (helpdesk_mgmt_sla); moving
        # one to another policy or ticket would change its deadline.
        moved = {"sla_id", "ticket_id"}.intersection(vals)
        if moved and not self.env.su:
            if any(not self._complaint_unchanged(f, vals[f]) for f in moved):
                raise AccessError(
                    self.env._(
                        "A deadline line cannot be moved to another policy or "
                        "ticket: change the ticket's team, category or severity and "
                        "its deadlines follow."
                    )
                )
        return super().write(vals)

    @api.depends("sla_id", "ticket_id.peak_period_id", "complaint_deadline_unit")
    def _compute_sla_data(self):
        res = super()._compute_sla_data()
        for record in self:
            if record.complaint_deadline_unit == "calendar":
                # A day of a policy is 24 hours, not a working day.
                record.hours = record.sla_id.hours + 24 * record.sla_id.days
            # A peak period (e.g. Spring Festival) shortens the allowed time.
            factor = record.ticket_id.peak_period_id.factor
            if factor:
                record.hours *= factor
        return res

    @api.depends("complaint_deadline_unit")
    def _compute_deadline(self):
        # Calendar hours are plain elapsed time: no calendar, so neither
        # nights nor the public holidays of any calendar are skipped.
        by_clock = self.filtered(lambda r: r.complaint_deadline_unit == "calendar")
        res = super(HelpdeskTicketSla, self - by_clock)._compute_deadline()
        for record in by_clock:
            if record.state in ("accomplished", "expired") and record.deadline:
                continue  # kept, as helpdesk_mgmt_sla does, for the history
            start = record.last_state_date or record.ticket_id.create_date
            record.deadline = start and start + timedelta(
                hours=record.hours - record.consumed_time
            )
        return res

    def _stage_recompute(self):
        # Run on the stage move the user was allowed to make: the clock and
        # the state of the deadline are the system's to write.
        record = self.sudo()
        if record.complaint_deadline_unit == "calendar" and (
            record.state == "in_progress" and record.last_state_date
        ):
            # Count the elapsed time whole; helpdesk_mgmt_sla then finds no
            # time left to count in the team's working calendar.
            now = fields.Datetime.now()
            elapsed = (now - record.last_state_date).total_seconds() / 3600
            record.write(
                {
                    "consumed_time": record.consumed_time + max(elapsed, 0.0),
                    "last_state_date": now,
                }
            )
        return super(HelpdeskTicketSla, record)._stage_recompute()

    def _complaint_mark_reached(self):
        """The target of these SLA lines was reached outside a stage change
        (e.g. the first reply to the customer)."""
        now = fields.Datetime.now()
        for record in self.sudo().filtered(
            lambda r: r.state in ("in_progress", "on_hold")
        ):
            record.state = (
                "accomplished"
                if not record.deadline or record.deadline >= now
                else "expired"
            )
