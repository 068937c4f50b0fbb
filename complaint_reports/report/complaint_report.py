# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.addons.consumer_complaint.models.helpdesk_ticket_stage import (
    COMPLAINT_STATES,
)
from odoo.tools import SQL


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
