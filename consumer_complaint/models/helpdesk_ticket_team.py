# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# Workflow steps after which a complaint no longer counts in a handler's load.
CLOSED_STATES = ("archived", "withdrawn")


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    is_complaint_team = fields.Boolean(
        string="Complaint team",
        help="Tickets of this team are consumer complaints: they follow the "
        "complaint workflow, get a complaint number and deadlines by severity.",
    )
    complaint_assign_method = fields.Selection(
        [
            ("manual", "Manual"),
            ("balanced", "Fewest open complaints"),
            ("round_robin", "Round-robin"),
        ],
        string="Assignment",
        default="balanced",
        required=True,
        help="How a new complaint is given to a member: manual leaves it "
        "unassigned; fewest open complaints picks the least-loaded active member "
        "(round-robin on ties); round-robin takes members in turn.",
    )

    complaint_deadline_unit = fields.Selection(
        [
            ("calendar", "Calendar hours (24×7)"),
            ("working", "Working hours"),
        ],
        string="Deadlines count",
        default="calendar",
        required=True,
        help="How the hours of a severity are counted for the complaints of this "
        "team: calendar hours run around the clock, nights, weekends and public "
        "holidays included (a 24 h deadline is the same time the next day); "
        "working hours count only the team's working hours, public holidays "
        "(leaves of its calendar) left out. A change applies to complaints "
        "registered afterwards: open complaints keep the deadlines already "
        "given to their customers.",
    )

    @api.constrains("is_complaint_team", "use_sla", "resource_calendar_id")
    def _check_complaint_calendar(self):
        for team in self:
            if (
                team.is_complaint_team
                and team.use_sla
                and not team.resource_calendar_id
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint team %(team)s needs working hours: choose a "
                        "calendar. Deadlines counted in working hours follow it, "
                        "and its time zone dates the deadlines of customers who "
                        "have none.",
                        team=team.name,
                    )
                )

    def _complaint_deadline_unit(self):
        """The unit the SLA lines of this team's tickets count in: calendar
        hours for complaint teams that keep the default, the team calendar
        (helpdesk_mgmt_sla) otherwise."""
        self.ensure_one()
        if self.is_complaint_team and self.complaint_deadline_unit == "calendar":
            return "calendar"
        return "working"

    @api.onchange("is_complaint_team")
    def _onchange_is_complaint_team(self):
        if self.is_complaint_team:
            self.use_sla = True

    def _get_applicable_stages(self):
        # Complaint teams work with the complaint workflow stages only, other
        # teams never see them.
        stages = super()._get_applicable_stages()
        if len(self) == 1 and self.is_complaint_team:
            return stages.filtered("complaint_state")
        return stages.filtered(lambda s: not s.complaint_state)

    def _complaint_supervisors(self):
        """Team leader, or else the company's complaint supervisors."""
        self.ensure_one()
        if self.user_id:
            return self.user_id
        group = self.env.ref("consumer_complaint.group_complaint_supervisor")
        return (
            group.users.filtered(
                lambda u: (
                    not u.share and self.company_id in (u.company_ids or u.company_id)
                )
            )[:1]
            or group.users.filtered(lambda u: not u.share)[:1]
        )

    def _complaint_pick_users(self, count):
        """Return ``count`` handlers for new complaints of this team.

        Set-based: one grouped count of open complaints per member, then the
        choice is made in memory so a batch of complaints spreads evenly.
        """
        self.ensure_one()
        members = self.user_ids.filtered(lambda u: u.active and not u.share)
        if self.complaint_assign_method == "manual" or not members:
            return [False] * count
        ordered = members.sorted("id")
        # The last handler given a complaint of this team, read rather than
        # stored on the team: concurrent intakes then never update one row.
        self.env["helpdesk.ticket"].flush_model(["team_id", "user_id"])
        self.env.cr.execute(
            SQL(
                "SELECT user_id FROM helpdesk_ticket WHERE team_id = %s"
                " AND user_id IS NOT NULL ORDER BY id DESC LIMIT 1",
                self.id,
            )
        )
        row = self.env.cr.fetchone()
        last = row[0] if row else None
        picks = []
        if self.complaint_assign_method == "round_robin":
            ids = ordered.ids
            start = ids.index(last) + 1 if last in ids else 0
            picks = [ids[(start + i) % len(ids)] for i in range(count)]
        else:
            load = dict.fromkeys(ordered.ids, 0)
            # Answered from the partial index of open complaints per handler.
            self.env["helpdesk.ticket"].flush_model(["complaint_state"])
            self.env.cr.execute(
                SQL(
                    "SELECT user_id, count(*) FROM helpdesk_ticket"
                    " WHERE team_id = %s AND user_id = ANY(%s)"
                    " AND complaint_state NOT IN %s GROUP BY user_id",
                    self.id,
                    ordered.ids,
                    CLOSED_STATES,
                )
            )
            load.update(dict(self.env.cr.fetchall()))
            for _i in range(count):
                low = min(load.values())
                tied = [uid for uid in ordered.ids if load[uid] == low]
                # Round-robin among the least loaded: the first after the last pick.
                after = [uid for uid in tied if uid > (last or 0)]
                uid = (after or tied)[0]
                picks.append(uid)
                load[uid] += 1
                last = uid
        return picks
