# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    complaint_value = fields.Integer(
        string="Rating value",
        help="For a complaint rating asked as a single choice: the rating this "
        "choice stands for (1-5, or 0-10 for NPS).",
    )
    complaint_solved = fields.Boolean(
        string="Means solved",
        help="For the 'problem solved' question: choosing this answer means the "
        "customer's problem was solved.",
    )
