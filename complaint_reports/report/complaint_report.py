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
    # Every column the query reads, joined tables included: pending changes
    # to them are written to the database before the report is read. Addons
    # adding columns (``_select_additional_fields``) extend it with theirs.
    _depends = {
        "helpdesk.ticket": [
            "active",
            "amount_paid",
            "category_id",
            "category_parent_id",
            "channel_id",
            "closed_date",
            "company_id",
            "compensation_amount",
            "complaint_deadline",
            "complaint_state",
            "create_date",
            "first_response_date",
            "is_complaint",
            "is_repeat",
            "lot_ref",
            "merged_into_id",
            "name",
            "number",
            "product_id",
            "region_id",
            "reopen_count",
            "resolution_sla_met",
            "response_sla_met",
            "severity_id",
            "stage_id",
            "store_id",
            "team_id",
            "user_id",
        ],
        "helpdesk.ticket.stage": ["closed"],
    }

    number = fields.Char(readonly=True)
    name = fields.Char(string="Subject", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", readonly=True)
    create_date = fields.Datetime(string="Registered on", readonly=True)
    closed_date = fields.Datetime(string="Closed on", readonly=True)
    first_response_date = fields.Datetime(string="First response on", readonly=True)
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
    stage_id = fields.Many2one("helpdesk.ticket.stage", readonly=True)
    complaint_state = fields.Selection(COMPLAINT_STATES, string="Step", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    lot_ref = fields.Char(string="Batch / lot", readonly=True)
    region_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    store_id = fields.Many2one("complaint.store", readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    complaint_deadline = fields.Datetime(string="Next deadline", readonly=True)
    nbr = fields.Integer(string="# Complaints", readonly=True, aggregator="sum")
    # Empty (NULL) until the complaint was answered or closed: averages then
    # count the answered or closed complaints only, never an open one as 0 h.
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
        columns = SQL(
            """
            SELECT t.id AS id,
                   t.id AS ticket_id,
                   t.number, t.name, t.create_date, t.closed_date,
                   t.first_response_date, t.company_id,
                   t.team_id, t.user_id, t.category_id, t.category_parent_id,
                   t.severity_id, t.channel_id, t.stage_id, t.complaint_state,
                   t.product_id, t.lot_ref, t.region_id, t.store_id,
                   t.complaint_deadline,
                   COALESCE(s.closed, false) AS is_closed,
                   1 AS nbr,
                   CASE WHEN t.first_response_date IS NOT NULL
                        THEN EXTRACT(EPOCH FROM (t.first_response_date
                                                 - t.create_date)) / 3600.0
                   END AS first_response_hours,
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
        additional = [
            SQL("%s AS %s", expression, SQL.identifier(name))
            for name, expression in self._select_additional_fields().items()
        ]
        return SQL(", ").join([columns, *additional])

    def _select_additional_fields(self):
        """Columns added by other addons (as ``sale.report`` does): their SQL
        expression over ``t`` (the ticket) and ``s`` (its stage), by field
        name. The addon declares the fields and extends ``_depends``."""
        return {}

    def _from(self):
        return SQL(
            "FROM helpdesk_ticket t"
            " LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id"
        )

    def _where(self):
        # A duplicate merged into another complaint is counted there, once.
        return SQL("WHERE t.is_complaint AND t.active AND t.merged_into_id IS NULL")

    # ------------------------------------------------------------------
    # Aggregates shared by the dashboard and the monthly health report.
    # Every query starts from ``_search`` so the record rules of the
    # analysis (own / team / all complaints, allowed companies) apply.
    # ------------------------------------------------------------------

    @api.model
    def _kpi_query(self, domain):
        """The rule-filtered query of ``domain``, with what it reads flushed
        (the ``_depends`` of the view, the domain's fields): the aggregates
        run it by hand."""
        query = self._search(domain)
        self.env.flush_query(query.select())
        return query

    @api.model
    def _has_csat(self):
        """Whether the analysis has satisfaction scores: complaint_survey adds
        them and says so; the dashboard and the health report then show
        them."""
        return False

    @api.model
    def _kpi_specs(self):
        """The aggregates of the KPIs as (alias, aggregate function,
        expression, own filter or None); addons adding columns add theirs."""
        col = lambda name: SQL.identifier(ALIAS, name)  # noqa: E731
        return [
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

    @api.model
    def _kpi_select(self, condition=None):
        """Aggregates of one group of report rows, as (alias, SQL) pairs;
        with ``condition``, of the rows meeting it only."""
        pairs = []
        for alias, function, expression, own_filter in self._kpi_specs():
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
    def _kpis_by_sets(self, domain, dimensions, sets, extra=()):
        """Aggregates of ``domain`` for several groupings in one scan.

        ``dimensions`` are ordered (alias, SQL) pairs, ``sets`` maps a name to
        the tuple of dimension aliases it groups by (``()`` is the grand
        total), ``extra`` adds (alias, SQL) aggregates. Returns the rows of
        each set as dicts, by name.
        """
        query = self._kpi_query(domain)
        expressions = dict(dimensions)
        aliases = list(expressions)

        def grouping_bits(members):
            # GROUPING() sets one bit per column left out, first column highest.
            return sum(
                1 << (len(aliases) - 1 - index)
                for index, alias in enumerate(aliases)
                if alias not in members
            )

        names = {grouping_bits(members): name for name, members in sets.items()}
        columns = [
            SQL("GROUPING(%s) AS grouping_set", SQL(", ").join(expressions.values())),
            *(SQL("%s AS %s", e, SQL.identifier(a)) for a, e in dimensions),
            *(
                SQL("%s AS %s", e, SQL.identifier(a))
                for a, e in [*extra, *self._kpi_select()]
            ),
        ]
        grouping = SQL(", ").join(
            SQL("(%s)", SQL(", ").join(expressions[alias] for alias in members))
            for members in sets.values()
        )
        rows = self._fetch_dicts(
            SQL(
                "SELECT %s FROM %s WHERE %s GROUP BY GROUPING SETS (%s)",
                SQL(", ").join(columns),
                query.from_clause,
                query.where_clause or SQL("TRUE"),
                grouping,
            )
        )
        result = {name: [] for name in sets}
        for row in rows:
            result[names[row.pop("grouping_set")]].append(row)
        return result

    @api.model
    def _display_names(self, model_name, ids):
        """Names of the records counted, in the user's language.

        Only ids already counted under the record rules come here, and only
        their names go out: analysts may not read the helpdesk catalogues.
        """
        records = self.env[model_name].sudo().browse([i for i in ids if i])
        names = {record.id: record.name for record in records}
        names[None] = self.env._("(none)")
        return names

    @api.model
    def _tz(self):
        """The user's time zone: the reports count days and months in it."""
        return pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")

    @api.model
    def _local_midnight(self, day):
        """Midnight starting ``day`` in the user's time zone, as a naive UTC
        datetime: the bound of a day or month on ``create_date``."""
        local = self._tz().localize(datetime.combine(day, datetime.min.time()))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _local_time_sql(self, column):
        """SQL of the UTC timestamp ``column`` as a local time of the user's
        time zone (cast it to ``::date`` for the local day)."""
        return SQL("(%s AT TIME ZONE 'UTC' AT TIME ZONE %s)", column, self._tz().zone)

    @api.model
    def _heat_map(self, rows, no_region=None):
        """Complaints per main category and province.

        ``rows`` are KPI rows grouped by ``category_parent_id`` and
        ``region_id``. Returns the category and province names, most
        complaints first (then by name), the count of each (category,
        province) cell, the total of each category and the largest cell.
        ``no_region`` names the complaints without a province (default
        "(none)").
        """
        categories = self._display_names(
            "helpdesk.ticket.category", [row["category_parent_id"] for row in rows]
        )
        regions = self._display_names(
            "res.country.state", [row["region_id"] for row in rows]
        )
        if no_region:
            regions[None] = no_region
        cells, by_category, by_region = {}, {}, {}
        for row in rows:
            category = categories[row["category_parent_id"]]
            region = regions[row["region_id"]]
            cells[category, region] = cells.get((category, region), 0) + row["total"]
            by_category[category] = by_category.get(category, 0) + row["total"]
            by_region[region] = by_region.get(region, 0) + row["total"]
        return {
            "categories": sorted(by_category, key=lambda c: (-by_category[c], c)),
            "regions": sorted(by_region, key=lambda r: (-by_region[r], r)),
            "category_totals": by_category,
            "cells": cells,
            "max": max(cells.values(), default=0),
        }

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

        Two aggregated queries over the rule-filtered analysis (a handler sees
        the figures of their teams only): the open complaints, found through
        the stage index, and the complaints of the last ``days`` days, found
        through the registration date index and grouped at once by grouping
        sets into the period rates, the daily trend, the categories and the
        main category × province heat map.
        """
        days = max(1, min(int(days or 30), 366))
        tz = self._tz()
        now = fields.Datetime.now()
        local_today = pytz.utc.localize(now).astimezone(tz).date()
        today_start = self._local_midnight(local_today)
        first_day = local_today - timedelta(days=days - 1)
        period_start = today_start - timedelta(days=days - 1)
        col = lambda name: SQL.identifier(ALIAS, name)  # noqa: E731
        query = self._kpi_query([])
        where = query.where_clause or SQL("TRUE")
        open_stages = (
            self.env["helpdesk.ticket.stage"].sudo().search([("closed", "=", False)])
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT count(*), count(*) FILTER (WHERE %(deadline)s < %(now)s)
                  FROM %(from)s
                 WHERE %(where)s
                   AND (%(stage)s = ANY(%(open)s) OR %(stage)s IS NULL)
                """,
                deadline=col("complaint_deadline"),
                now=now,
                stage=col("stage_id"),
                open=open_stages.ids,
                where=where,
                **{"from": query.from_clause},
            )
        )
        backlog, overdue = self.env.cr.fetchone()

        local_day = SQL("%s::date", self._local_time_sql(col("create_date")))
        grouped = self._kpis_by_sets(
            [("create_date", ">=", period_start)],
            [
                ("day", local_day),
                ("category_id", col("category_id")),
                ("category_parent_id", col("category_parent_id")),
                ("region_id", col("region_id")),
            ],
            {
                "total": (),
                "day": ("day",),
                "category": ("category_id",),
                "heat": ("category_parent_id", "region_id"),
            },
            extra=[
                (
                    "new_today",
                    SQL(
                        "count(*) FILTER (WHERE %s >= %s)",
                        col("create_date"),
                        today_start,
                    ),
                )
            ],
        )
        totals = grouped["total"][0] if grouped["total"] else {}
        period_total = totals.get("total") or 0

        per_day = {row["day"]: row for row in grouped["day"]}
        trend = []
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            row = per_day.get(day, {})
            trend.append(
                {
                    "date": fields.Date.to_string(day),
                    "total": row.get("total", 0),
                    "closed": row.get("closed", 0),
                }
            )
        return {
            "days": days,
            "has_csat": self._has_csat(),
            "kpis": {
                "new_today": totals.get("new_today") or 0,
                "backlog": backlog,
                "overdue": overdue,
                "period_total": period_total,
                "response_sla_rate": totals.get("response_sla_rate"),
                "resolved_rate": totals.get("resolved_rate"),
                "mttr_hours": totals.get("mttr_hours"),
                "repeat_rate": totals.get("repeat_rate"),
                "csat": totals.get("csat"),
                "csat_satisfied": totals.get("csat_satisfied"),
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
            "top_categories": self._dashboard_top(grouped["category"], period_total),
            "heat_map": self._dashboard_heat_map(grouped["heat"]),
        }

    @api.model
    def _dashboard_top(self, rows, period_total, limit=10):
        rows = sorted(rows, key=lambda r: -r["total"])
        names = self._display_names(
            "helpdesk.ticket.category",
            [r["category_id"] for r in rows if r["category_id"]],
        )
        ranked = sorted(rows, key=lambda r: (-r["total"], names[r["category_id"]]))
        return [
            {
                "name": names[row["category_id"]],
                "count": row["total"],
                "share": 100.0 * row["total"] / period_total if period_total else 0.0,
                "response_sla_rate": row["response_sla_rate"],
                "mttr_hours": row["mttr_hours"],
            }
            for row in ranked[:limit]
        ]

    @api.model
    def _dashboard_heat_map(self, rows, max_columns=12):
        heat = self._heat_map(rows)
        cells, lines = heat["cells"], heat["categories"]
        # The busiest provinces only: a table of all 34 would not be read.
        columns = heat["regions"][:max_columns]
        return {
            "columns": columns,
            "rows": [
                {
                    "name": line,
                    "total": heat["category_totals"][line],
                    "cells": [cells.get((line, column), 0) for column in columns],
                }
                for line in lines
            ],
            "max": max(
                (cells.get((line, column), 0) for line in lines for column in columns),
                default=0,
            ),
        }
