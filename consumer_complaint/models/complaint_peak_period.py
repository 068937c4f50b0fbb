# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ComplaintPeakPeriod(models.Model):
    _name = "complaint.peak.period"
    _description = "Complaint Peak Period"
    _order = "date_from desc"

    name = fields.Char(required=True, translate=True)
    date_from = fields.Datetime(string="From", required=True)
    date_to = fields.Datetime(string="To", required=True)
    factor = fields.Float(
        string="Deadline factor",
        default=0.5,
        required=True,
        help="Deadlines of complaints registered in this period are multiplied "
        "by this factor: 0.5 halves them.",
    )
    emergency_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Emergency team",
        domain="[('is_complaint_team', '=', True)]",
        help="When set, new complaints registered in this period go to this team "
        "(节日应急通道).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)

    @api.constrains("date_from", "date_to", "factor")
    def _check_period(self):
        for period in self:
            if period.date_to <= period.date_from:
                raise ValidationError(
                    self.env._("The peak period must end after it starts.")
                )
            if not 0 < period.factor <= 1:
                raise ValidationError(
                    self.env._(
                        "The deadline factor must be greater than 0 and at most 1 "
                        "(a peak period shortens deadlines)."
                    )
                )

    @api.model
    def _find_active(self, company, when):
        return self.search(
            [
                ("company_id", "=", company.id),
                ("date_from", "<=", when),
                ("date_to", ">", when),
            ],
            order="factor, id",
            limit=1,
        )
