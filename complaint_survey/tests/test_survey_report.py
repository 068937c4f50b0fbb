# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from .common import ComplaintSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyReport(ComplaintSurveyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaint_survey()

    def test_rates_per_team(self):
        tickets = self.env["helpdesk.ticket"]
        for _i in range(4):
            tickets |= self._complaint()
        other = self._complaint(team_id=self.team_other.id)
        not_surveyed = self._complaint()
        self._move(tickets | other, "followup")
        t1, t2, t3, _t4 = tickets
        self._answer(t1.survey_user_input_id, csat=5, nps=10)
        self._answer(t2.survey_user_input_id, csat=4, nps=8)
        self._answer(t3.survey_user_input_id, csat=2, nps=3, solved=False)
        self.env.flush_all()

        Report = self.env["complaint.survey.report"].with_user(self.analyst)
        rows = Report.search([("team_id", "in", (self.team | self.team_other).ids)])
        self.assertEqual(rows.ticket_id, tickets | other)
        self.assertNotIn(not_surveyed, rows.ticket_id)

        groups = Report._read_group(
            [("team_id", "=", self.team.id)],
            [],
            [
                "surveyed_count:sum",
                "answered_count:sum",
                "response_rate:avg",
                "satisfaction_rate:avg",
                "solved_rate:avg",
                "nps:avg",
                "csat_score:avg",
                "low_score_count:sum",
            ],
        )
        (surveyed, answered, response, satisfaction, solved, nps, csat, low) = groups[0]
        self.assertEqual(surveyed, 4)
        self.assertEqual(answered, 3)
        self.assertAlmostEqual(response, 75.0)
        self.assertAlmostEqual(satisfaction, 200 / 3)
        self.assertAlmostEqual(solved, 200 / 3)
        # promoters 1, passives 1, detractors 1 out of 3 answers
        self.assertAlmostEqual(nps, 0.0)
        self.assertAlmostEqual(csat, 11 / 3)
        self.assertEqual(low, 1)

        by_handler = Report._read_group(
            [("team_id", "in", (self.team | self.team_other).ids)],
            ["user_id"],
            ["surveyed_count:sum"],
        )
        self.assertEqual(by_handler, [(self.handler, 5)])

    def test_phone_answers_counted(self):
        ticket = self._complaint()
        self._move(ticket, "followup")
        ticket.with_user(self.agent).action_complaint_survey_phone()
        self._answer(ticket.survey_user_input_id.with_user(self.agent), csat=3, nps=6)
        # No explicit flush: the report declares what it reads (_depends).
        row = (
            self.env["complaint.survey.report"]
            .with_user(self.supervisor)
            .search([("ticket_id", "=", ticket.id)])
        )
        self.assertTrue(row.answered)
        self.assertTrue(row.by_phone)
        self.assertEqual(row.nps_score, 6)
        self.assertEqual(row.nps, -100.0)
        self.assertEqual(row.satisfaction_rate, 0.0)
