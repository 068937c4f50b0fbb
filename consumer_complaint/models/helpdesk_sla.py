# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskSla(models.Model):
    _inherit = "helpdesk.sla"

    severity_id = fields.Many2one(
        "complaint.severity",
        string="Complaint severity",
        ondelete="cascade",
        index=True,
        help="Policies generated from a complaint severity follow its hours.",
    )
    complaint_sla_kind = fields.Selection(
        [("response", "First response"), ("resolution", "Solution")],
        string="Deadline kind",
    )

    @api.depends("severity_id.name", "complaint_sla_kind")
    @api.depends_context("lang")
    def _compute_display_name(self):
        # The stored name is in the language of whoever last saved the
        # severity: a severity's policies read in the reader's language.
        super()._compute_display_name()
        field = self._fields["complaint_sla_kind"]
        kinds = dict(field._description_selection(self.env))
        for sla in self.filtered(lambda s: s.severity_id and s.complaint_sla_kind):
            kind = kinds[sla.complaint_sla_kind]
            sla.display_name = f"{sla.severity_id.name} · {kind}"
