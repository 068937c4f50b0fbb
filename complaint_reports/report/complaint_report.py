# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

import pytz
from odoo import api, fields, models
from odoo.addons.consumer_complaint.models.helpdesk_ticket_stage import (
    COMPLAINT_STATES,
)
from odoo.exceptions import AccessError
from odoo.tools import SQL, create_index

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
    complaint_deadline = fields.Datetime(string="Next deadline", readonly=True)
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

    def init(self):
        # The dashboard, the monthly report and the spike check all select
        # complaints by registration time; helpdesk_mgmt does not index it.
        create_index(
            self.env.cr,
            "helpdesk_ticket_complaint_create_date_index",
            "helpdesk_ticket",
            ["create_date"],
            where="is_complaint AND active",
        )

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
                   t.complaint_deadline,
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
    def _kpi_select(self, condition=None):
        """Aggregates of one group of report rows, as (alias, SQL) pairs;
        with ``condition``, of the rows meeting it only."""
        col = lambda name: SQL.identifier(ALIAS, name)  # noqa: E731
        # (alias, aggregate, expression, own filter)
        specs = [
            ("total", "count", SQL("*"), None),
            ("response_sla_rate", "avg", col("response_sla_rate"), None),
            ("resolution_sla_rate", "avg", col("resolution_sla_rate"), None),
            ("resolved_rate", "avg", col("resolved_rate"), None),
            ("mttr_hours", "avg", col("resolution_hours"), None),
            ("first_response_hours", "avg", col("first_response_hours"), None),
            ("repeat_rate", "avg", col("repeat_rate"), None),
            ("reopened_rate", "avg", col("reopened_rate"), None),
            ("closed", "count", SQL("*"), col("is_closed")),
            (
                "compensated",
                "count",
                SQL("*"),
                SQL("%s > 0", col("compensation_amount")),
            ),
            ("compensation", "sum", col("compensation_amount"), None),
            ("amount_paid", "sum", col("amount_paid"), None),
        ]
        if self._has_csat():
            specs += [
                ("csat", "avg", SQL("NULLIF(ht.csat_score, 0)"), None),
                (
                    "csat_satisfied",
                    "avg",
                    SQL(
                        "CASE WHEN ht.csat_score > 0 THEN "
                        "CASE WHEN ht.csat_satisfied THEN 100.0 ELSE 0.0 END END"
                    ),
                    None,
                ),
                ("csat_answers", "count", SQL("*"), SQL("ht.csat_score > 0")),
            ]
        pairs = []
        for alias, function, expression, own_filter in specs:
            filters = [f for f in (condition, own_filter) if f is not None]
            pairs.append(
                (
                    alias,
                    SQL(
                        "%s(%s)%s",
                        SQL(function),
                        expression,
                        SQL(" FILTER (WHERE %s)", SQL(" AND ").join(filters))
                        if filters
                        else SQL(),
                    ),
                )
            )
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

    # ------------------------------------------------------------------
    # Management dashboard
    # ------------------------------------------------------------------

    @api.model
    def get_dashboard_data(self, days=30):
        """Everything the management dashboard shows, in one call.

        Four aggregated queries over the rule-filtered analysis (a handler
        sees the figures of their teams only): current counts and the rates
        of the last ``days`` days in one pass, the daily trend, the top ten
        categories and the main category × province heat map.
        """
        days = max(1, min(int(days or 30), 366))

        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        now = fields.Datetime.now()
        local_now = pytz.utc.localize(now).astimezone(tz)
        local_today = local_now.date()
        today_start = (
            tz.localize(datetime.combine(local_today, datetime.min.time()))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )
        first_day = local_today - timedelta(days=days - 1)
        period_start = today_start - timedelta(days=days - 1)
        col = lambda name: SQL.identifier(ALIAS, name)  # noqa: E731
        in_period = SQL("%s >= %s", col("create_date"), period_start)

        query = self._kpi_query([])
        where = query.where_clause or SQL("TRUE")
        period_pairs = self._kpi_select(in_period)
        kpis = self._fetch_dicts(
            SQL(
                """
                SELECT count(*) FILTER (WHERE %(created)s >= %(today)s) AS new_today,
                       count(*) FILTER (WHERE NOT %(closed)s) AS backlog,
                       count(*) FILTER (WHERE NOT %(closed)s
                                          AND %(deadline)s < %(now)s) AS overdue,
                       %(period)s
                  FROM %(from)s
                 WHERE %(where)s
                """,
                created=col("create_date"),
                today=today_start,
                closed=col("is_closed"),
                deadline=col("complaint_deadline"),
                now=now,
                period=SQL(", ").join(
                    SQL("%s AS %s", expr, SQL.identifier(alias))
                    for alias, expr in period_pairs
                ),
                **{"from": query.from_clause, "where": where},
            )
        )[0]

        local_day = SQL(
            "(%s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", col("create_date"), tz.zone
        )
        period_where = SQL("%s AND %s", where, in_period)
        self.env.cr.execute(
            SQL(
                """
                SELECT %s, count(*), count(*) FILTER (WHERE %s)
                  FROM %s WHERE %s GROUP BY 1
                """,
                local_day,
                col("is_closed"),
                query.from_clause,
                period_where,
            )
        )
        per_day = {
            day: (total, closed) for day, total, closed in self.env.cr.fetchall()
        }
        trend = []
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            total, closed = per_day.get(day, (0, 0))
            trend.append(
                {"date": fields.Date.to_string(day), "total": total, "closed": closed}
            )

        none = self.env._("(none)")
        leaf_name = self._name_sql("helpdesk.ticket.category", "lc")
        self.env.cr.execute(
            SQL(
                """
                SELECT %(leaf)s, count(*),
                       avg(%(sla)s), avg(%(hours)s)
                  FROM %(from)s
                  JOIN helpdesk_ticket_category lc ON lc.id = %(category)s
                 WHERE %(where)s
                 GROUP BY %(category)s, lc.name
                 ORDER BY 2 DESC, 1
                 LIMIT 10
                """,
                leaf=leaf_name,
                sla=col("response_sla_rate"),
                hours=col("resolution_hours"),
                category=col("category_id"),
                where=period_where,
                **{"from": query.from_clause},
            )
        )
        period_total = kpis["total"] or 0
        top = [
            {
                "name": name,
                "count": count,
                "share": 100.0 * count / period_total if period_total else 0.0,
                "response_sla_rate": sla,
                "mttr_hours": hours,
            }
            for name, count, sla, hours in self.env.cr.fetchall()
        ]

        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(%(main)s, %(none)s), COALESCE(rs.name, %(none)s),
                       count(*)
                  FROM %(from)s
                  LEFT JOIN helpdesk_ticket_category pc ON pc.id = %(parent)s
                  LEFT JOIN res_country_state rs ON rs.id = %(region)s
                 WHERE %(where)s
                 GROUP BY 1, 2
                """,
                main=self._name_sql("helpdesk.ticket.category", "pc"),
                none=none,
                parent=col("category_parent_id"),
                region=col("region_id"),
                where=period_where,
                **{"from": query.from_clause},
            )
        )
        cells, by_row, by_column = {}, {}, {}
        for category, region, count in self.env.cr.fetchall():
            cells[category, region] = count
            by_row[category] = by_row.get(category, 0) + count
            by_column[region] = by_column.get(region, 0) + count
        # The busiest provinces only: a table of all 34 would not be read.
        columns = sorted(by_column, key=lambda r: (-by_column[r], r))[:12]
        rows = sorted(by_row, key=lambda c: (-by_row[c], c))
        heat_max = max((cells.get((r, c), 0) for r in rows for c in columns), default=0)
        return {
            "days": days,
            "has_csat": self._has_csat(),
            "kpis": {
                "new_today": kpis["new_today"],
                "backlog": kpis["backlog"],
                "overdue": kpis["overdue"],
                "period_total": period_total,
                "response_sla_rate": kpis["response_sla_rate"],
                "resolved_rate": kpis["resolved_rate"],
                "mttr_hours": kpis["mttr_hours"],
                "repeat_rate": kpis["repeat_rate"],
                "csat": kpis.get("csat"),
                "csat_satisfied": kpis.get("csat_satisfied"),
            },
            "domains": {
                "new_today": [
                    ("create_date", ">=", fields.Datetime.to_string(today_start))
                ],
                "backlog": [("is_closed", "=", False)],
                "overdue": [
                    ("is_closed", "=", False),
                    ("complaint_deadline", "<", fields.Datetime.to_string(now)),
                ],
                "period": [
                    ("create_date", ">=", fields.Datetime.to_string(period_start))
                ],
            },
            "trend": trend,
            "top_categories": top,
            "heat_map": {
                "columns": columns,
                "rows": [
                    {
                        "name": row,
                        "total": by_row[row],
                        "cells": [cells.get((row, column), 0) for column in columns],
                    }
                    for row in rows
                ],
                "max": heat_max,
            },
        }
