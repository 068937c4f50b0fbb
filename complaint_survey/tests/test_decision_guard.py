# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.consumer_complaint.tests.test_decision_guard import (
    GUARD_MESSAGE,
    DecisionGuardChecks,
)
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import ComplaintSurveyCommon

SURVEY_FIELDS = {
    "survey_user_input_id",
    "survey_rule_id",
    "survey_due_date",
    "survey_sent_date",
    "survey_status",
    "survey_answer_date",
    "survey_by_phone",
    "csat_score",
    "csat_satisfied",
    "nps_score",
    "nps_category",
    "speed_score",
    "attitude_score",
    "problem_solved",
    "survey_comment",
    "survey_low_score",
    "followup_call_date",
    "followup_call_user_id",
}


@tagged("post_install", "-at_install")
class TestSurveyDecisionGuard(
    DecisionGuardChecks, ComplaintSurveyCommon, TransactionCase
):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaint_survey()
        cls.ticket = cls._complaint(name="Surveyed")
        cls.other = cls._complaint(name="Surveyed too")
        # Reaching the follow-up step sends the survey at once.
        cls._move(cls.ticket | cls.other, "followup")

    def test_survey_fields_refused(self):
        self.assertTrue(self.ticket.survey_user_input_id)
        self.assertLessEqual(SURVEY_FIELDS, self.ticket._complaint_decision_fields())
        users = self.handler | self.supervisor | self.agent | self.analyst
        self._assert_write_refused(self.ticket, users, SURVEY_FIELDS)
        self._assert_create_refused(
            "helpdesk.ticket",
            {"name": "Forged", "team_id": self.team.id},
            self.handler,
            SURVEY_FIELDS,
        )

    def test_scores_come_from_the_answer(self):
        ticket = self.ticket.with_user(self.agent)
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            ticket.write({"csat_score": 5, "csat_satisfied": True})
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            ticket.write(
                {"followup_call_outcome": "reached", "followup_call_user_id": 1}
            )
        self.assertFalse(self._stored(ticket, "followup_call_outcome"))
        self.assertFalse(self._stored(ticket, "csat_score"))
        ticket.write({"followup_call_outcome": "reached"})
        self.assertEqual(ticket.followup_call_user_id, self.agent)
        self._answer(self.ticket.survey_user_input_id, csat=2, solved=False)
        self.assertEqual(self.ticket.csat_score, 2)
        self.assertTrue(self.ticket.survey_low_score)
        events = self.ticket.sudo().event_ids.filtered(
            lambda e: e.event_type == "survey"
        )
        self.assertTrue(events)
