# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ComplaintHealthPdf(models.AbstractModel):
    """KPI summary of the monthly health report, for printing."""

    _name = "report.complaint_reports.report_health_pdf"
    _description = "Consumer Rights Health Report (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["complaint.health.report"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "complaint.health.report",
            "docs": wizards,
            "reports": [(wizard, wizard._health_data()) for wizard in wizards],
            "format_kpi": self._format_kpi,
        }

    @api.model
    def _format_kpi(self, value, kind):
        if value is None:
            return "–"
        if kind == "int":
            return f"{int(value):,}"
        if kind == "money":
            return f"{float(value):,.2f}"
        return f"{float(value):,.1f}"
