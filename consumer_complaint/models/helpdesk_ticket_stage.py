# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

COMPLAINT_STATES = [
    ("accepted", "Accepted"),
    ("investigating", "Investigating"),
    ("solution", "Solution"),
    ("review", "Review"),
    ("feedback", "Feedback"),
    ("execution", "Execution"),
    ("followup", "Follow-up"),
    ("archived", "Archived"),
    ("withdrawn", "Withdrawn"),
]


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    complaint_state = fields.Selection(
        COMPLAINT_STATES,
        index=True,
        help="Step of the complaint workflow this stage stands for. Stages with a "
        "step are used by complaint teams only.",
    )

    _sql_constraints = [
        (
            "complaint_state_company_uniq",
            "unique(complaint_state, company_id)",
            "Each complaint workflow step can have only one stage per company.",
        )
    ]

    @api.model
    def _complaint_stage(self, state, company=None):
        company = company or self.env.company
        return self.search(
            [
                ("complaint_state", "=", state),
                ("company_id", "in", [company.id, False]),
            ],
            order="company_id, id",
            limit=1,
        )
