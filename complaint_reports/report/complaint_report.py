# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.addons.consumer_complaint.models.helpdesk_ticket_stage import (
    COMPLAINT_STATES,
)
from odoo.exceptions import AccessError
from odoo.tools import SQL

# Alias of the report in the queries built on ``_search``.
ALIAS = "complaint_report"


class ComplaintReport(models.Model):
    """One row per complaint, for pivot and graph analysis.

    A SQL query over ``helpdesk_ticket`` (no copy of the data): grouping and
    aggregation run in PostgreSQL on the indexed ticket columns. Personal
    data (phone, e-mail, address) is deliberately not part of it.
    """

    _name = "complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _rec_name = "number"
    _order = "create_date desc"

    number = fields.Char(readonly=True)
    name = fields.Char(string="Subject", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", readonly=True)
    create_date = fields.Datetime(string="Registered on", readonly=True)
    closed_date = fields.Datetime(string="Closed on", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Handler", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    category_parent_id = fields.Many2one(
        "helpdesk.ticket.category", string="Main category", readonly=True
    )
    severity_id = fields.Many2one("complaint.severity", string="Grade", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", readonly=True)
    complaint_state = fields.Selection(COMPLAINT_STATES, string="Step", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    lot_ref = fields.Char(string="Batch / lot", readonly=True)
    region_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    store_id = fields.Many2one("complaint.store", readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    nbr = fields.Integer(string="# Complaints", readonly=True, aggregator="sum")
    first_response_hours = fields.Float(
        string="First response (h)", readonly=True, aggregator="avg"
    )
    resolution_hours = fields.Float(
        string="Time to close (h)", readonly=True, aggregator="avg"
    )
    response_sla_rate = fields.Float(
        string="Response on time (%)",
        readonly=True,
        aggregator="avg",
        help="Share of complaints whose first response met its deadline.",
    )
    resolution_sla_rate = fields.Float(
        string="Solution on time (%)", readonly=True, aggregator="avg"
    )
    resolved_rate = fields.Float(
        string="Resolution rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of complaints archived with a resolution (withdrawn "
        "ones excluded).",
    )
    reopened_rate = fields.Float(string="Reopened (%)", readonly=True, aggregator="avg")
    repeat_rate = fields.Float(string="Repeat (%)", readonly=True, aggregator="avg")
    compensation_amount = fields.Float(
        string="Compensation", readonly=True, aggregator="sum"
    )
    amount_paid = fields.Float(readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    def _select(self):
        return SQL(
            """
            SELECT t.id AS id,
                   t.id AS ticket_id,
                   t.number, t.name, t.create_date, t.closed_date, t.company_id,
                   t.team_id, t.user_id, t.category_id, t.category_parent_id,
                   t.severity_id, t.channel_id, t.stage_id, t.complaint_state,
                   t.product_id, t.lot_ref, t.region_id, t.store_id,
                   COALESCE(s.closed, false) AS is_closed,
                   1 AS nbr,
                   EXTRACT(EPOCH FROM (t.first_response_date - t.create_date)) / 3600.0
                       AS first_response_hours,
                   CASE WHEN s.closed AND t.closed_date IS NOT NULL
                        THEN EXTRACT(EPOCH FROM (t.closed_date - t.create_date))
                             / 3600.0
                   END AS resolution_hours,
                   CASE WHEN t.response_sla_met THEN 100.0 ELSE 0.0 END
                       AS response_sla_rate,
                   CASE WHEN t.resolution_sla_met THEN 100.0 ELSE 0.0 END
                       AS resolution_sla_rate,
                   CASE WHEN t.complaint_state = 'withdrawn' THEN NULL
                        WHEN t.complaint_state = 'archived' THEN 100.0 ELSE 0.0 END
                       AS resolved_rate,
                   CASE WHEN COALESCE(t.reopen_count, 0) > 0 THEN 100.0 ELSE 0.0 END
                       AS reopened_rate,
                   CASE WHEN t.is_repeat THEN 100.0 ELSE 0.0 END AS repeat_rate,
                   COALESCE(t.compensation_amount, 0) AS compensation_amount,
                   COALESCE(t.amount_paid, 0) AS amount_paid
            """
        )

    def _from(self):
        return SQL(
            "FROM helpdesk_ticket t"
            " LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id"
        )

    def _where(self):
        return SQL("WHERE t.is_complaint AND t.active")

    # ------------------------------------------------------------------
    # Aggregates shared by the dashboard and the monthly health report.
    # Every query starts from ``_search`` so the record rules of the
    # analysis (own / team / all complaints, allowed companies) apply.
    # ------------------------------------------------------------------

    @api.model
    def _kpi_query(self, domain):
        """The rule-filtered query of ``domain``, with the complaint table
        joined as ``ht`` for measures the analysis does not carry (CSAT)."""
        self.env["helpdesk.ticket"].flush_model()
        query = self._search(domain)
        query.add_join(
            "JOIN",
            "ht",
            "helpdesk_ticket",
            SQL("ht.id = %s", SQL.identifier(ALIAS, "id")),
        )
        return query

    @api.model
    def _has_csat(self):
        """complaint_survey is optional: its scores are read only when its
        columns are there."""
        return "csat_score" in self.env["helpdesk.ticket"]._fields

    @api.model
    def _kpi_select(self):
        """Aggregates of one group of report rows, as (alias, SQL) pairs."""
        col = lambda name: SQL.identifier(ALIAS, name)  # noqa: E731
        pairs = [
            ("total", SQL("count(*)")),
            ("response_sla_rate", SQL("avg(%s)", col("response_sla_rate"))),
            ("resolution_sla_rate", SQL("avg(%s)", col("resolution_sla_rate"))),
            ("resolved_rate", SQL("avg(%s)", col("resolved_rate"))),
            ("mttr_hours", SQL("avg(%s)", col("resolution_hours"))),
            ("first_response_hours", SQL("avg(%s)", col("first_response_hours"))),
            ("repeat_rate", SQL("avg(%s)", col("repeat_rate"))),
            ("reopened_rate", SQL("avg(%s)", col("reopened_rate"))),
            ("closed", SQL("count(*) FILTER (WHERE %s)", col("is_closed"))),
            (
                "compensated",
                SQL("count(*) FILTER (WHERE %s > 0)", col("compensation_amount")),
            ),
            ("compensation", SQL("sum(%s)", col("compensation_amount"))),
            ("amount_paid", SQL("sum(%s)", col("amount_paid"))),
        ]
        if self._has_csat():
            pairs += [
                ("csat", SQL("avg(NULLIF(ht.csat_score, 0))")),
                (
                    "csat_satisfied",
                    SQL(
                        "avg(CASE WHEN ht.csat_score > 0 THEN "
                        "CASE WHEN ht.csat_satisfied THEN 100.0 ELSE 0.0 END END)"
                    ),
                ),
                ("csat_answers", SQL("count(*) FILTER (WHERE ht.csat_score > 0)")),
            ]
        return pairs

    @api.model
    def _name_sql(self, model_name, alias):
        """The display name column of ``alias`` in the user's language."""
        field = self.env[model_name]._fields["name"]
        if field.translate:
            return SQL(
                "COALESCE(%s->>%s, %s->>'en_US')",
                SQL.identifier(alias, "name"),
                self.env.lang or "en_US",
                SQL.identifier(alias, "name"),
            )
        return SQL.identifier(alias, "name")

    @api.model
    def _fetch_dicts(self, query):
        self.env.cr.execute(query)
        names = [column.name for column in self.env.cr.description]
        return [dict(zip(names, row, strict=True)) for row in self.env.cr.fetchall()]

    @api.model
    def _kpis(self, domain):
        """Aggregates over all rows of ``domain`` (one query)."""
        query = self._kpi_query(domain)
        pairs = self._kpi_select()
        return self._fetch_dicts(
            query.select(
                *(SQL("%s AS %s", expr, SQL.identifier(a)) for a, expr in pairs)
            )
        )[0]

    @api.model
    def _kpis_by(
        self, domain, group_sql, group_alias="key", join=None, order=None, limit=None
    ):
        """Aggregates of ``domain`` per value of ``group_sql``."""
        query = self._kpi_query(domain)
        pairs = self._kpi_select()
        return self._fetch_dicts(
            SQL(
                "SELECT %s AS %s, %s FROM %s %s WHERE %s GROUP BY 1 ORDER BY %s %s",
                group_sql,
                SQL.identifier(group_alias),
                SQL(", ").join(
                    SQL("%s AS %s", expr, SQL.identifier(a)) for a, expr in pairs
                ),
                query.from_clause,
                join or SQL(),
                query.where_clause or SQL("TRUE"),
                order or SQL("2 DESC"),
                SQL("LIMIT %s", limit) if limit else SQL(),
            )
        )

    @api.model
    def _check_management_access(self):
        """Company-wide reports are for analysts and managers only."""
        user = self.env.user
        if not (
            user.has_group("consumer_complaint.group_complaint_analyst")
            or user.has_group("consumer_complaint.group_complaint_manager")
        ):
            raise AccessError(
                self.env._(
                    "Only complaint analysts and managers can open the management "
                    "reports."
                )
            )
