# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytz
from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_warning_share = fields.Float(
        string="Warn at share of time used",
        default=0.75,
        help="The handler is warned when this share of the time to a deadline "
        "has passed (0.75 = three quarters).",
    )
    complaint_escalation_mode = fields.Selection(
        [
            ("severity", "Raise the severity one level"),
            ("supervisor", "Assign to the supervisor"),
            ("both", "Raise the severity and assign to the supervisor"),
        ],
        string="When a customer rejects a solution",
        default="both",
        required=True,
    )
    complaint_allow_anonymous = fields.Boolean(
        string="Accept anonymous complaints", default=True
    )
    complaint_retention_months = fields.Integer(
        string="Keep complainant data (months)",
        default=36,
        help="Months after closing after which the complainant's personal data is "
        "anonymised; statistics stay. 0 keeps the data.",
    )
    complaint_triage_precision = fields.Float(
        string="Target precision of automatic categories",
        default=0.95,
        help="Share (0 to 1) of the categories applied automatically that must "
        "be right, measured on complaints the model never saw: 0.95 means at "
        "most 1 in 20 wrong. The model applies its category from the confidence "
        "that reaches it; below, an agent chooses.",
    )
    complaint_repeat_days = fields.Integer(
        string="Repeat complaint window (days)",
        default=30,
        help="A complaint on the same order, or of the same customer (partner, phone "
        "or e-mail) about the same product or category, within this many days is "
        "flagged as a repeat.",
    )
    complaint_event_head = fields.Char(
        string="Last event log hash", readonly=True, copy=False
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # Complaint numbers run per company: give each new company its sequence.
        template = self.env.ref(
            "consumer_complaint.seq_consumer_complaint", raise_if_not_found=False
        )
        if template:
            self.env["ir.sequence"].sudo().create(
                [
                    {
                        "name": f"{template.name} ({company.name})",
                        "code": template.code,
                        "prefix": template.prefix,
                        "padding": template.padding,
                        "implementation": "standard",
                        "use_date_range": True,
                        "company_id": company.id,
                    }
                    for company in companies
                ]
            )
        return companies

    def _complaint_tz(self):
        """The company's time zone: a day of the company (a legal day, the
        day of an exchange rate) is a day there, not in UTC."""
        company = self[:1] or self.env.company
        name = company.partner_id.tz or company.resource_calendar_id.tz
        return pytz.timezone(name or "Asia/Shanghai")

    def _complaint_local_date(self, timestamp):
        """The company's date of a naive UTC timestamp (never
        ``timestamp.date()``, the date in UTC)."""
        return pytz.utc.localize(timestamp).astimezone(self._complaint_tz()).date()
