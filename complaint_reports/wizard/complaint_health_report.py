# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta
from odoo import api, fields, models
from odoo.tools import SQL

from ..report.complaint_report import ALIAS

MONTHS = [(str(month), str(month)) for month in range(1, 13)]
TOP = 10


class ComplaintHealthReport(models.TransientModel):
    """Pick the month and company of the monthly consumer rights health
    report (消费者权益健康报告) and download it as XLSX or PDF."""

    _name = "complaint.health.report"
    _description = "Consumer Rights Health Report"

    # Defaults in default_get(): the month is chosen from the data.
    year = fields.Integer(required=True)
    month = fields.Selection(MONTHS, required=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        if {"year", "month"} & set(fields_list) and not (
            defaults.get("year") and defaults.get("month")
        ):
            company = self.env["res.company"].browse(
                defaults.get("company_id") or self.env.company.id
            )
            first = self._default_month(company)
            defaults.setdefault("year", first.year)
            defaults.setdefault("month", str(first.month))
        return defaults

    @api.model
    def _default_month(self, company):
        """First day of the month to report on: the last complete month, or,
        when nobody complained in it, the latest month with complaints (the
        current one included), so the report does not open on an empty page.
        """
        today = fields.Datetime.context_timestamp(self, fields.Datetime.now()).date()
        previous = today.replace(day=1) - relativedelta(months=1)
        Report = self.env["complaint.report"]
        if not Report.has_access("read"):
            return previous
        domain = [("company_id", "=", company.id)]
        after = previous + relativedelta(months=1)
        if Report.search_count(
            domain
            + [
                ("create_date", ">=", self._utc(previous)),
                ("create_date", "<", self._utc(after)),
            ],
            limit=1,
        ):
            return previous
        latest = Report.search(domain, order="create_date desc", limit=1)
        if not latest:
            return previous
        local = fields.Datetime.context_timestamp(self, latest.create_date)
        return local.date().replace(day=1)

    @api.depends("year", "month", "company_id")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._(
                "Consumer rights health report %(year)s-%(month)02d %(company)s",
                year=wizard.year,
                month=int(wizard.month or 1),
                company=wizard.company_id.name or "",
            )

    def action_export_xlsx(self):
        self.ensure_one()
        self.env["complaint.report"]._check_management_access()
        return self.env.ref(
            "complaint_reports.action_report_health_xlsx"
        ).report_action(self)

    def action_print_pdf(self):
        self.ensure_one()
        self.env["complaint.report"]._check_management_access()
        return self.env.ref("complaint_reports.action_report_health_pdf").report_action(
            self
        )

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------

    def _utc(self, day):
        """Local midnight of ``day`` as a naive UTC datetime."""
        return self.env["complaint.report"]._local_midnight(day)

    def _period(self, months_back=0):
        first = date(self.year, int(self.month), 1) - relativedelta(months=months_back)
        return first, first + relativedelta(months=1)

    def _domain(self, months_back=0):
        first, after = self._period(months_back)
        return [
            ("company_id", "=", self.company_id.id),
            ("create_date", ">=", self._utc(first)),
            ("create_date", "<", self._utc(after)),
        ]

    def _kpi_lines(self, has_csat):
        """(key, label, number format) of the KPI summary, in order."""
        _ = self.env._
        lines = [
            ("total", _("Complaints registered"), "int"),
            ("closed", _("Closed"), "int"),
            ("response_sla_rate", _("First response on time (%)"), "pct"),
            ("resolution_sla_rate", _("Solution on time (%)"), "pct"),
            ("resolved_rate", _("Resolution rate (%)"), "pct"),
            ("mttr_hours", _("Mean time to close (h)"), "float"),
            ("first_response_hours", _("Mean time to first response (h)"), "float"),
            ("repeat_rate", _("Repeat complaints (%)"), "pct"),
            ("reopened_rate", _("Reopened (%)"), "pct"),
            ("compensated", _("Complaints with compensation"), "int"),
            ("compensation", _("Compensation granted"), "money"),
        ]
        if has_csat:
            lines += [
                ("csat", _("Satisfaction (1-5)"), "float"),
                ("csat_satisfied", _("Satisfied customers (%)"), "pct"),
            ]
        return lines

    def _health_data(self):
        """Every aggregate of the report except the raw rows: one scan of the
        month grouped by grouping sets, and the totals of the month before."""
        self.ensure_one()
        Report = self.env["complaint.report"]
        Report._check_management_access()
        domain = self._domain()
        first, after = self._period()
        has_csat = Report._has_csat()
        col = lambda name: SQL.identifier(ALIAS, name)  # noqa: E731
        local_day = SQL("%s::date", Report._local_time_sql(col("create_date")))
        grouped = Report._kpis_by_sets(
            domain,
            [
                ("day", local_day),
                ("category_parent_id", col("category_parent_id")),
                ("region_id", col("region_id")),
                ("team_id", col("team_id")),
                ("category_id", col("category_id")),
                ("product_id", col("product_id")),
                ("lot_ref", col("lot_ref")),
            ],
            {
                "total": (),
                "trend": ("day",),
                "categories": ("category_parent_id",),
                "heat": ("category_parent_id", "region_id"),
                "teams": ("team_id",),
                "top_categories": ("category_id",),
                "top_products": ("product_id",),
                "top_batches": ("lot_ref",),
            },
        )
        trend = {row["day"]: row for row in grouped["trend"]}
        days = [first + relativedelta(days=n) for n in range((after - first).days)]
        categories = self._ranked(
            grouped["categories"], "category_parent_id", "helpdesk.ticket.category"
        )
        return {
            "company": self.company_id,
            "first": first,
            "after": after,
            "last": after - relativedelta(days=1),
            "has_csat": has_csat,
            "kpi_lines": self._kpi_lines(has_csat),
            "kpis": grouped["total"][0] if grouped["total"] else {},
            "previous": Report._kpis(self._domain(months_back=1)),
            "trend": [(day, trend.get(day, {})) for day in days],
            "categories": categories,
            "heat": Report._heat_map(grouped["heat"], self.env._("(no province)")),
            "teams": self._ranked(grouped["teams"], "team_id", "helpdesk.ticket.team"),
            "top_categories": self._ranked(
                grouped["top_categories"], "category_id", "helpdesk.ticket.category"
            )[:TOP],
            "top_products": self._ranked(
                [row for row in grouped["top_products"] if row["product_id"]],
                "product_id",
                "product.product",
            )[:TOP],
            "top_batches": sorted(
                (
                    dict(row, key=row["lot_ref"])
                    for row in grouped["top_batches"]
                    if row["lot_ref"]
                ),
                key=lambda row: (-row["total"], row["key"]),
            )[:TOP],
        }

    def _ranked(self, rows, field_name, model_name):
        """Rows named after their record, most complaints first."""
        names = self.env["complaint.report"]._display_names(
            model_name, [row[field_name] for row in rows]
        )
        return sorted(
            (dict(row, key=names[row[field_name]]) for row in rows),
            key=lambda row: (-row["total"], row["key"]),
        )

    def _raw_row_batches(self, batch_size=10000):
        """Rows of the month without personal data, ``batch_size`` at a time.

        Keyset pagination on the id: memory stays bounded however many
        complaints the month holds, and each batch is one indexed query.
        """
        self.ensure_one()
        Report = self.env["complaint.report"]
        Report._check_management_access()
        col = lambda name: SQL.identifier(ALIAS, name)  # noqa: E731
        name = Report._name_sql
        local = Report._local_time_sql
        columns = SQL(", ").join(
            [
                col("id"),
                col("number"),
                local(col("create_date")),
                local(col("closed_date")),
                name("helpdesk.ticket.category", "pc"),
                name("helpdesk.ticket.category", "lc"),
                name("complaint.severity", "sv"),
                name("helpdesk.ticket.channel", "ch"),
                name("helpdesk.ticket.team", "tm"),
                name("product.template", "pt"),
                col("lot_ref"),
                SQL("rs.name"),
                SQL("st.name"),
                col("complaint_state"),
                SQL("%s::float8", col("first_response_hours")),
                SQL("%s::float8", col("resolution_hours")),
                col("response_sla_rate"),
                col("resolution_sla_rate"),
                col("repeat_rate"),
                col("reopened_rate"),
                SQL("%s::float8", col("compensation_amount")),
                SQL("%s::float8", col("amount_paid")),
            ]
        )
        joins = SQL(
            """
            LEFT JOIN helpdesk_ticket_category pc ON pc.id = %(main)s
            LEFT JOIN helpdesk_ticket_category lc ON lc.id = %(leaf)s
            LEFT JOIN complaint_severity sv ON sv.id = %(severity)s
            LEFT JOIN helpdesk_ticket_channel ch ON ch.id = %(channel)s
            LEFT JOIN helpdesk_ticket_team tm ON tm.id = %(team)s
            LEFT JOIN product_product pp ON pp.id = %(product)s
            LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
            LEFT JOIN res_country_state rs ON rs.id = %(region)s
            LEFT JOIN complaint_store st ON st.id = %(store)s
            """,
            main=col("category_parent_id"),
            leaf=col("category_id"),
            severity=col("severity_id"),
            channel=col("channel_id"),
            team=col("team_id"),
            product=col("product_id"),
            region=col("region_id"),
            store=col("store_id"),
        )
        query = Report._kpi_query(self._domain())
        last_id = 0
        while True:
            self.env.cr.execute(
                SQL(
                    "SELECT %s FROM %s %s WHERE %s AND %s > %s ORDER BY %s LIMIT %s",
                    columns,
                    query.from_clause,
                    joins,
                    query.where_clause or SQL("TRUE"),
                    col("id"),
                    last_id,
                    col("id"),
                    batch_size,
                )
            )
            rows = self.env.cr.fetchall()
            if not rows:
                return
            last_id = rows[-1][0]
            yield rows
