# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskSla(models.Model):
    _inherit = "helpdesk.sla"

    severity_id = fields.Many2one(
        "complaint.severity",
        string="Complaint grade",
        ondelete="cascade",
        index=True,
        help="Policies generated from a complaint grade follow its hours.",
    )
    complaint_sla_kind = fields.Selection(
        [("response", "First response"), ("resolution", "Solution")],
        string="Deadline kind",
    )
