# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

TRIGGER_STATES = [
    ("followup", "Follow-up"),
    ("archived", "Archived"),
]


class ComplaintSurveyRule(models.Model):
    """Which satisfaction survey a complaint gets, at which step, after which delay.

    A rule may be limited to a team and/or a severity. For a complaint the most
    specific matching rule wins: team and severity, then team only, then
    severity only, then the general rule; among equals the lowest sequence.
    """

    _name = "complaint.survey.rule"
    _description = "Complaint Satisfaction Survey Rule"
    _order = "sequence, id"

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        index=True,
        help="Leave empty to use the rule in every company.",
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        domain="[('is_complaint_team', '=', True)]",
        ondelete="cascade",
        help="Leave empty for the complaints of every team.",
    )
    severity_id = fields.Many2one(
        "complaint.severity",
        string="Severity",
        ondelete="cascade",
        help="Leave empty for the complaints of every severity.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        required=True,
        domain="[('survey_type', '=', 'complaint')]",
        ondelete="restrict",
    )
    trigger_state = fields.Selection(
        TRIGGER_STATES,
        string="Send at step",
        required=True,
        default="followup",
        help="The survey is scheduled when the complaint reaches this step.",
    )
    delay_hours = fields.Integer(
        string="Delay (hours)",
        default=0,
        help="Hours to wait after the complaint reached the step before the "
        "survey is sent. 0 sends it at once.",
    )
    answer_days = fields.Integer(
        string="Answer within (days)",
        default=30,
        help="The customer can answer during this many days after the survey was "
        "sent. 0 means no limit.",
    )
    low_score_threshold = fields.Integer(
        string="Low score up to",
        default=2,
        help="An overall satisfaction (1-5) at or below this value, or a problem "
        "reported as not solved, creates a follow-up activity for the supervisor.",
    )
    reopen_on_low_score = fields.Boolean(
        string="Reopen on low score",
        help="A low score also sends the complaint back to the Solution step (a "
        "closed complaint is reopened to Accepted).",
    )

    _sql_constraints = [
        (
            "delay_hours_positive",
            "CHECK(delay_hours >= 0)",
            "The delay cannot be negative.",
        ),
        (
            "answer_days_positive",
            "CHECK(answer_days >= 0)",
            "The answer period cannot be negative.",
        ),
    ]

    @api.depends("team_id", "severity_id", "survey_id", "trigger_state")
    def _compute_name(self):
        for rule in self:
            scope = " / ".join(
                n for n in (rule.team_id.name, rule.severity_id.name) if n
            ) or self.env._("All complaints")
            rule.name = f"{scope} → {rule.survey_id.title or ''}".strip()

    def _specificity(self):
        self.ensure_one()
        return (2 if self.team_id else 0) + (1 if self.severity_id else 0)

    @api.model
    def _match_tickets(self, tickets):
        """Return {ticket id: rule} with the most specific active rule of each.

        One search for all tickets; the choice is made in memory.
        """
        if not tickets:
            return {}
        rules = self.search(
            [("company_id", "in", tickets.company_id.ids + [False])]
        ).sorted(lambda r: (-r._specificity(), r.sequence, r.id))
        result = {}
        for ticket in tickets:
            for rule in rules:
                if rule.company_id and rule.company_id != ticket.company_id:
                    continue
                if rule.team_id and rule.team_id != ticket.team_id:
                    continue
                if rule.severity_id and rule.severity_id != ticket.severity_id:
                    continue
                result[ticket.id] = rule
                break
        return result
