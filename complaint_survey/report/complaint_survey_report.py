# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.helpdesk_ticket import NPS_CATEGORIES


class ComplaintSurveyReport(models.Model):
    """Satisfaction of surveyed complaints, one row per complaint.

    Rates are averages of 0/100 values per row, so that any grouping (handler,
    team, category, month...) shows the right percentage with the ``avg``
    aggregator: response rate over surveyed complaints, satisfaction rate and
    NPS (promoters minus detractors) over answered ones.
    """

    _name = "complaint.survey.report"
    _description = "Complaint Satisfaction Analysis"
    _auto = False
    _rec_name = "ticket_id"
    _order = "date desc"
    _depends = {
        "helpdesk.ticket": [
            "is_complaint",
            "survey_user_input_id",
            "survey_sent_date",
            "survey_answer_date",
            "company_id",
            "team_id",
            "user_id",
            "category_id",
            "category_parent_id",
            "severity_id",
            "channel_id",
            "nps_category",
            "problem_solved",
            "survey_by_phone",
            "survey_low_score",
            "csat_score",
            "csat_satisfied",
            "nps_score",
            "speed_score",
            "attitude_score",
        ],
        "survey.user_input": ["state", "survey_id", "test_entry", "create_date"],
    }

    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", readonly=True)
    date = fields.Datetime(string="Survey date", readonly=True)
    answer_date = fields.Datetime(string="Answer date", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Handler", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    category_parent_id = fields.Many2one(
        "helpdesk.ticket.category", string="Main category", readonly=True
    )
    severity_id = fields.Many2one(
        "complaint.severity", string="Severity", readonly=True
    )
    channel_id = fields.Many2one("helpdesk.ticket.channel", readonly=True)
    survey_id = fields.Many2one("survey.survey", readonly=True)
    nps_category = fields.Selection(
        NPS_CATEGORIES, string="NPS category", readonly=True
    )
    problem_solved = fields.Selection(
        [("yes", "Solved"), ("no", "Not solved")],
        string="Problem solved",
        readonly=True,
    )
    answered = fields.Boolean(readonly=True)
    by_phone = fields.Boolean(string="Answered by phone", readonly=True)
    low_score = fields.Boolean(string="Low satisfaction", readonly=True)
    surveyed_count = fields.Integer(string="Surveyed", readonly=True)
    answered_count = fields.Integer(string="Answers", readonly=True)
    satisfied_count = fields.Integer(string="Satisfied", readonly=True)
    low_score_count = fields.Integer(string="Low scores", readonly=True)
    response_rate = fields.Float(
        string="Response rate (%)", readonly=True, aggregator="avg"
    )
    satisfaction_rate = fields.Float(
        string="Satisfaction rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of answers with an overall satisfaction of 4 or 5.",
    )
    solved_rate = fields.Float(
        string="Solved rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of answers saying the problem was solved.",
    )
    nps = fields.Float(
        string="NPS",
        readonly=True,
        aggregator="avg",
        help="Percentage of promoters minus percentage of detractors.",
    )
    csat_score = fields.Float(
        string="Satisfaction (1-5)", readonly=True, aggregator="avg"
    )
    nps_score = fields.Float(
        string="Recommendation (0-10)", readonly=True, aggregator="avg"
    )
    speed_score = fields.Float(string="Speed (1-5)", readonly=True, aggregator="avg")
    attitude_score = fields.Float(
        string="Attitude (1-5)", readonly=True, aggregator="avg"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s %s %s)",
                SQL.identifier(self._table),
                self._select(),
                self._from(),
                self._where(),
            )
        )

    def _select(self):
        answered = SQL("(ui.state = 'done')")
        return SQL(
            """
            SELECT
                t.id AS id,
                t.id AS ticket_id,
                COALESCE(t.survey_sent_date, ui.create_date) AS date,
                t.survey_answer_date AS answer_date,
                t.company_id,
                t.team_id,
                t.user_id,
                t.category_id,
                t.category_parent_id,
                t.severity_id,
                t.channel_id,
                ui.survey_id,
                t.nps_category,
                t.problem_solved,
                %(answered)s AS answered,
                COALESCE(t.survey_by_phone, false) AS by_phone,
                COALESCE(t.survey_low_score, false) AS low_score,
                1 AS surveyed_count,
                CASE WHEN %(answered)s THEN 1 ELSE 0 END AS answered_count,
                CASE WHEN %(answered)s AND t.csat_satisfied THEN 1 ELSE 0 END
                    AS satisfied_count,
                CASE WHEN %(answered)s AND t.survey_low_score THEN 1 ELSE 0 END
                    AS low_score_count,
                CASE WHEN %(answered)s THEN 100.0 ELSE 0.0 END AS response_rate,
                CASE WHEN %(answered)s AND t.csat_score > 0
                    THEN CASE WHEN t.csat_satisfied THEN 100.0 ELSE 0.0 END
                END AS satisfaction_rate,
                CASE WHEN %(answered)s AND t.problem_solved IS NOT NULL
                    THEN CASE WHEN t.problem_solved = 'yes' THEN 100.0 ELSE 0.0 END
                END AS solved_rate,
                CASE t.nps_category
                    WHEN 'promoter' THEN 100.0
                    WHEN 'passive' THEN 0.0
                    WHEN 'detractor' THEN -100.0
                END AS nps,
                NULLIF(t.csat_score, 0)::float AS csat_score,
                CASE WHEN t.nps_category IS NOT NULL THEN t.nps_score END::float
                    AS nps_score,
                NULLIF(t.speed_score, 0)::float AS speed_score,
                NULLIF(t.attitude_score, 0)::float AS attitude_score
            """,
            answered=answered,
        )

    def _from(self):
        return SQL(
            """
            FROM helpdesk_ticket t
            JOIN survey_user_input ui ON ui.id = t.survey_user_input_id
            """
        )

    def _where(self):
        # Every complaint with a survey answer record was surveyed: the record
        # is created when the survey is e-mailed or opened for a phone call.
        return SQL("WHERE t.is_complaint AND ui.test_entry IS NOT TRUE")

    def action_open_ticket(self):
        self.ensure_one()
        return self.ticket_id.get_formview_action()
