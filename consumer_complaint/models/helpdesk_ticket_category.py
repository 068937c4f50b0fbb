# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools


class HelpdeskTicketCategory(models.Model):
    _name = "helpdesk.ticket.category"
    _inherit = ["helpdesk.ticket.category", "complaint.cache.mixin"]

    code = fields.Char(
        index=True,
        help="Stable key used by automatic classification, e.g. quality_spoiled.",
    )
    default_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Default team",
        domain="[('is_complaint_team', '=', True)]",
        help="Complaints of this category go to this team.",
    )
    default_severity_id = fields.Many2one(
        "complaint.severity",
        string="Default severity",
        help="Severity given to complaints of this category unless a rule or an "
        "agent sets another.",
    )

    @api.model
    @tools.ormcache()
    def _complaint_ids_by_code(self):
        """(code, id) of the active categories with a code, which the triage
        model proposes: read for each new complaint."""
        categories = (
            self.sudo().with_context(active_test=True).search([("code", "!=", False)])
        )
        return tuple((c.code, c.id) for c in categories)

    def _complaint_team(self):
        self.ensure_one()
        return self.default_team_id or self.parent_id.default_team_id

    def _complaint_severity(self):
        self.ensure_one()
        return self.default_severity_id or self.parent_id.default_severity_id

    @api.depends("complete_name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        # The category's name is translated, its display name would keep
        # the first language read in a transaction.
        return super()._compute_display_name()
