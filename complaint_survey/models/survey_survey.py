# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    survey_type = fields.Selection(
        selection_add=[("complaint", "Complaint satisfaction")],
        ondelete={"complaint": "set default"},
    )

    @api.depends("survey_type")
    @api.depends_context("uid")
    def _compute_allowed_survey_types(self):
        res = super()._compute_allowed_survey_types()
        if self.env.user.has_group(
            "consumer_complaint.group_complaint_manager"
        ) or self.env.user.has_group("survey.group_survey_user"):
            for survey in self:
                survey.allowed_survey_types = (survey.allowed_survey_types or []) + [
                    "complaint"
                ]
        return res

    @api.onchange("survey_type")
    def _onchange_survey_type(self):
        res = super()._onchange_survey_type()
        if self.survey_type == "complaint":
            # Answers are personal: only the invited customer, once, no scoring.
            self.update(
                {
                    "access_mode": "token",
                    "certification": False,
                    "is_time_limited": False,
                    "scoring_type": "no_scoring",
                    "is_attempts_limited": False,
                }
            )
        return res
