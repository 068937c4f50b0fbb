# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .complaint_spike_alert import (
    DEFAULT_MIN_COUNT,
    DEFAULT_MIN_COUNT_NEW,
    DEFAULT_P_VALUE,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_spike_min_count = fields.Integer(
        string="Spike: minimum complaints",
        config_parameter="complaint_reports.spike_min_count",
        default=DEFAULT_MIN_COUNT,
        help="A product, batch, category or province needs at least this many "
        "complaints in 24 hours before it can raise a spike alert.",
    )
    complaint_spike_min_count_new = fields.Integer(
        string="Spike: minimum without history",
        config_parameter="complaint_reports.spike_min_count_new",
        default=DEFAULT_MIN_COUNT_NEW,
        help="A value that had no complaint in the previous 28 days (a new "
        "batch or product) has no usual level to compare with: it needs at least "
        "this many complaints in 24 hours to raise an alert.",
    )
    complaint_spike_p_value = fields.Float(
        string="Spike: p-value",
        config_parameter="complaint_reports.spike_p_value",
        default=DEFAULT_P_VALUE,
        digits=(16, 6),
        help="Alert when a day this bad would happen by chance less often than "
        "this (0.001 = once in a thousand days).",
    )
