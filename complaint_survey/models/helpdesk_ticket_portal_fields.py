# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _complaint_portal_readable_fields(self):
        # The satisfaction survey block of the complaint page: whether the
        # customer can still answer and the rating they gave.
        return super()._complaint_portal_readable_fields() | {
            "survey_user_input_id",
            "survey_status",
            "survey_can_answer",
            "csat_score",
        }
