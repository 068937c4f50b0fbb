# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ComplaintSurveyCommon

ACCESS_ERROR = "We could not let you open this survey"


@tagged("post_install", "-at_install")
class TestSurveyPortal(ComplaintSurveyCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaint_survey()
        cls.team.show_in_portal = True
        cls.ticket_a = cls._complaint(name="Complaint of A")
        cls.ticket_b = cls._complaint(
            name="Complaint of B", partner_id=cls.customer_b.id
        )
        cls._move(cls.ticket_a | cls.ticket_b, "followup")
        cls.answer_a = cls.ticket_a.survey_user_input_id
        cls.answer_b = cls.ticket_b.survey_user_input_id

    def setUp(self):
        super().setUp()
        self._english()

    def _english(self):
        # Pages in English whatever languages the database has.
        self.opener.cookies["frontend_lang"] = "en_US"

    def _login(self, user):
        self.authenticate(user.login, user.login)
        self._english()

    def _start_url(self, answer):
        return (
            f"/survey/start/{self.survey.access_token}"
            f"?answer_token={answer.access_token}"
        )

    def _submit(self, answer, values):
        url = (
            f"{self.base_url()}/survey/submit/{self.survey.access_token}/"
            f"{answer.access_token}"
        )
        response = self.opener.post(url=url, json={"params": values})
        self.assertEqual(response.status_code, 200)
        return response.json()["result"]

    def _begin(self, answer):
        url = (
            f"{self.base_url()}/survey/begin/{self.survey.access_token}/"
            f"{answer.access_token}"
        )
        response = self.opener.post(url=url, json={"params": {}})
        self.assertEqual(response.status_code, 200)
        return response.json()["result"]

    def _fill_values(self, csat, nps, solved=True, comment="Thanks"):
        return {
            str(self.q_csat.id): str(csat),
            str(self.q_nps.id): str(nps),
            str(self.q_speed.id): "4",
            str(self.q_attitude.id): "4",
            str(self.q_solved.id): str((self.yes if solved else self.no).id),
            str(self.q_comment.id): comment,
        }

    def _answer_through_controllers(self, answer, csat, nps, solved=True):
        response = self.url_open(self._start_url(answer))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(ACCESS_ERROR, response.text)
        self.assertIn(self.survey.title, response.text)
        page = self._begin(answer)[1]
        self.assertFalse(page.get("error"), page)
        self.assertIn(self.q_csat.title, page["survey_content"])
        result = self._submit(answer, self._fill_values(csat, nps, solved))
        self.assertFalse(result[1].get("error"), result)
        self.env.invalidate_all()

    def test_customer_answers_from_the_mail_link(self):
        """A guest opens the link of the e-mail and answers; scores land on
        the complaint and a low score comes back to the team leader."""
        self._answer_through_controllers(self.answer_a, csat=2, nps=4)
        self.assertEqual(self.answer_a.state, "done")
        self.assertEqual(self.ticket_a.csat_score, 2)
        self.assertEqual(self.ticket_a.nps_category, "detractor")
        self.assertEqual(self.ticket_a.problem_solved, "yes")
        self.assertTrue(self.ticket_a.survey_low_score)
        self.assertFalse(self.ticket_a.survey_by_phone)
        activity = self.ticket_a.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_low
        )
        self.assertEqual(activity.user_id, self.supervisor)

    def test_survey_page_names_the_complaint(self):
        self.ticket_a.name = "Sour dumplings, call me at 13912345678 or a.b@example.com"
        response = self.url_open(self._start_url(self.answer_a))
        self.assertEqual(response.status_code, 200)
        text = response.text
        self.assertIn("About your complaint", text)
        self.assertIn(f'o_survey_complaint_number">{self.ticket_a.number}<', text)
        self.assertIn("Sour dumplings, call me at", text)
        # The page opens with a link: no contact details on it.
        for personal in ("13912345678", "a.b@example.com", self.customer_a.name):
            self.assertNotIn(personal, text)

    def test_portal_page_offers_own_survey(self):
        self._login(self.portal_a)
        response = self.url_open(f"/my/complaints/{self.ticket_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.answer_a.access_token, response.text)
        self.assertNotIn(self.answer_b.access_token, response.text)
        # The customer answers while logged in.
        self._answer_through_controllers(self.answer_a, csat=5, nps=10)
        self.assertEqual(self.ticket_a.csat_score, 5)
        self.assertEqual(self.ticket_a.nps_category, "promoter")
        response = self.url_open(f"/my/complaints/{self.ticket_a.id}")
        self.assertIn("Thank you for your feedback", response.text)
        self.assertNotIn("o_complaint_survey_link", response.text)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.http")
    def test_customer_cannot_open_other_survey(self):
        self._login(self.portal_b)
        # Not through the complaint page...
        response = self.url_open(f"/my/complaints/{self.ticket_a.id}")
        self.assertNotIn(self.answer_a.access_token, response.text)
        self.assertTrue(
            response.status_code in (403, 404) or response.url.endswith("/my"),
            (response.status_code, response.url),
        )
        # ...nor with the answer token of customer A.
        response = self.url_open(self._start_url(self.answer_a))
        self.assertIn(ACCESS_ERROR, response.text)
        response = self.url_open(
            f"/survey/{self.survey.access_token}/{self.answer_a.access_token}"
        )
        self.assertIn(ACCESS_ERROR, response.text)
        self.assertEqual(
            self._begin(self.answer_a)[1].get("error"), "answer_wrong_user"
        )
        result = self._submit(self.answer_a, self._fill_values(1, 0))
        self.assertEqual(result[1].get("error"), "answer_wrong_user")
        self.env.invalidate_all()
        self.assertEqual(self.answer_a.state, "new")
        self.assertFalse(self.answer_a.user_input_line_ids)
        self.assertFalse(self.ticket_a.csat_score)
        # A made-up token is refused as well.
        response = self.url_open(
            f"/survey/start/{self.survey.access_token}?answer_token=not-a-token"
        )
        self.assertIn(ACCESS_ERROR, response.text)

    def test_phone_agent_fills_in_for_the_customer(self):
        self.ticket_a.with_user(self.agent).action_complaint_survey_phone()
        self._login(self.agent)
        self._answer_through_controllers(self.answer_a, csat=4, nps=7)
        self.assertTrue(self.answer_a.answered_by_phone)
        self.assertEqual(self.answer_a.partner_id, self.customer_a)
        self.assertTrue(self.ticket_a.survey_by_phone)
        self.assertEqual(self.ticket_a.csat_score, 4)
        self.assertEqual(self.ticket_a.nps_category, "passive")

    def test_other_agent_cannot_fill_in(self):
        self.ticket_a.with_user(self.agent).action_complaint_survey_phone()
        self._login(self.agent_other)
        response = self.url_open(self._start_url(self.answer_a))
        self.assertIn(ACCESS_ERROR, response.text)
        # Nor can the agent open a survey they did not start from the complaint.
        self._login(self.agent)
        response = self.url_open(self._start_url(self.answer_b))
        self.assertIn(ACCESS_ERROR, response.text)
