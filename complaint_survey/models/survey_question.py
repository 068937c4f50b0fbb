# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

COMPLAINT_METRICS = [
    ("csat", "Overall satisfaction (CSAT, 1-5)"),
    ("nps", "Likelihood to recommend (NPS, 0-10)"),
    ("speed", "Speed of handling (1-5)"),
    ("attitude", "Staff attitude (1-5)"),
    ("solved", "Problem solved (yes/no)"),
    ("comment", "Comment"),
]

RATING_METRICS = ("csat", "nps", "speed", "attitude")


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    complaint_metric = fields.Selection(
        COMPLAINT_METRICS,
        string="Complaint score",
        help="Which score of the complaint this question gives. Ratings use a "
        "scale, a number or single-choice answers with a rating value; "
        "'problem solved' uses single-choice answers marked as meaning solved.",
    )

    @api.constrains("complaint_metric", "question_type", "survey_id")
    def _check_complaint_metric(self):
        for question in self.filtered("complaint_metric"):
            metric = question.complaint_metric
            qtype = question.question_type
            if metric in RATING_METRICS and qtype not in (
                "scale",
                "numerical_box",
                "simple_choice",
            ):
                raise ValidationError(
                    self.env._(
                        "Question %(question)s gives a rating: use a scale, a "
                        "number or a single choice.",
                        question=question.title,
                    )
                )
            if metric == "solved" and qtype != "simple_choice":
                raise ValidationError(
                    self.env._(
                        "Question %(question)s tells whether the problem was "
                        "solved: use a single choice.",
                        question=question.title,
                    )
                )
            if metric == "comment" and qtype not in ("text_box", "char_box"):
                raise ValidationError(
                    self.env._(
                        "Question %(question)s collects a comment: use a text "
                        "question.",
                        question=question.title,
                    )
                )
            duplicate = question.survey_id.question_ids.filtered(
                lambda q, question=question: (
                    q != question and q.complaint_metric == question.complaint_metric
                )
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "Survey %(survey)s already has a question for this "
                        "complaint score.",
                        survey=question.survey_id.title,
                    )
                )
