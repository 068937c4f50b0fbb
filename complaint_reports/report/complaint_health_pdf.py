# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .health_charts import bar_chart, daily_chart

CHART_CATEGORIES = 8
# KPIs shown as tiles at the top, with their number format.
TILES = [
    ("total", "int"),
    ("response_sla_rate", "pct"),
    ("resolved_rate", "pct"),
    ("mttr_hours", "float"),
]


class ComplaintHealthPdf(models.AbstractModel):
    """The monthly health report for printing: KPI summary, charts of the
    daily trend and of the main categories, top issues."""

    _name = "report.complaint_reports.report_health_pdf"
    _description = "Consumer Rights Health Report (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["complaint.health.report"].browse(docids)
        reports = []
        for wizard in wizards:
            health = wizard._health_data()
            health["charts"] = self._charts(health)
            health["tiles"] = self._tiles(health)
            company = health["company"]
            health["address"] = ", ".join(
                part
                for part in (
                    company.street,
                    company.city,
                    company.state_id.name,
                    company.country_id.name,
                )
                if part
            )
            health["contact"] = " · ".join(
                part for part in (company.phone, company.email) if part
            )
            reports.append((wizard, health))
        return {
            "doc_ids": docids,
            "doc_model": "complaint.health.report",
            "docs": wizards,
            "reports": reports,
            "format_kpi": self._format_kpi,
            "printed_on": fields.Datetime.context_timestamp(
                self, fields.Datetime.now()
            ).strftime("%Y-%m-%d %H:%M"),
        }

    @api.model
    def _charts(self, health):
        """SVG charts of one report; empty when the month had no complaint."""
        if not (health["kpis"] or {}).get("total"):
            return {}
        _ = self.env._
        days = [day for day, _values in health["trend"]]
        total = health["kpis"]["total"]
        categories = health["categories"][:CHART_CATEGORIES]
        return {
            "trend": daily_chart(
                days,
                [values.get("total", 0) for _day, values in health["trend"]],
                [values.get("closed", 0) for _day, values in health["trend"]],
                (_("Complaints"), _("Of which closed")),
            ),
            "categories": bar_chart(
                [
                    (row["key"], row["total"], 100.0 * row["total"] / total)
                    for row in categories
                ]
            ),
        }

    @api.model
    def _tiles(self, health):
        """(value, label, value of the previous month) of the top tiles."""
        labels = {key: label for key, label, _kind in health["kpi_lines"]}
        kpis = health["kpis"] or {}
        return [
            (
                self._format_kpi(kpis.get(key), kind),
                labels[key],
                self._format_kpi(health["previous"].get(key), kind),
            )
            for key, kind in TILES
        ]

    @api.model
    def _format_kpi(self, value, kind, currency=None):
        if value is None:
            return "–"
        if kind == "int":
            return f"{int(value):,}"
        if kind == "money":
            amount = f"{float(value):,.2f}"
            if not currency:
                return amount
            if currency.position == "after":
                return f"{amount} {currency.symbol}"
            return f"{currency.symbol} {amount}"
        return f"{float(value):,.1f}"
