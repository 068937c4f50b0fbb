# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_warning_share = fields.Float(
        related="company_id.complaint_warning_share", readonly=False
    )
    complaint_escalation_mode = fields.Selection(
        related="company_id.complaint_escalation_mode", readonly=False
    )
    complaint_allow_anonymous = fields.Boolean(
        related="company_id.complaint_allow_anonymous", readonly=False
    )
    complaint_retention_months = fields.Integer(
        related="company_id.complaint_retention_months", readonly=False
    )
    complaint_triage_precision = fields.Float(
        related="company_id.complaint_triage_precision", readonly=False
    )
    complaint_repeat_days = fields.Integer(
        related="company_id.complaint_repeat_days", readonly=False
    )
