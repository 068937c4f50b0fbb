# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.addons.complaint_reports.report.complaint_report import ALIAS
from odoo.tools import SQL


class ComplaintReport(models.Model):
    """The satisfaction scores in complaint_reports' analysis, dashboard and
    monthly health report."""

    _inherit = "complaint.report"
    _depends = {"helpdesk.ticket": ["csat_score", "csat_satisfied"]}

    # Empty (NULL) until the customer answered: 0 never stands for a score.
    csat_score = fields.Integer(
        string="Satisfaction (1-5)", readonly=True, aggregator="avg"
    )
    csat_satisfied = fields.Boolean(string="Satisfied", readonly=True)

    def _select_additional_fields(self):
        return {
            **super()._select_additional_fields(),
            "csat_score": SQL("NULLIF(t.csat_score, 0)"),
            "csat_satisfied": SQL("t.csat_satisfied"),
        }

    @api.model
    def _has_csat(self):
        return True

    @api.model
    def _kpi_specs(self):
        col = lambda name: SQL.identifier(ALIAS, name)  # noqa: E731
        return [
            *super()._kpi_specs(),
            ("csat", "avg", col("csat_score"), None),
            (
                "csat_satisfied",
                "avg",
                SQL(
                    "CASE WHEN %s > 0 THEN CASE WHEN %s THEN 100.0 ELSE 0.0 END END",
                    col("csat_score"),
                    col("csat_satisfied"),
                ),
                None,
            ),
            ("csat_answers", "count", SQL("*"), SQL("%s > 0", col("csat_score"))),
        ]
