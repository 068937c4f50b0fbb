# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time
from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger
from psycopg2 import IntegrityError

from .common import ComplaintSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyFlow(ComplaintSurveyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaint_survey()

    def _walk_to_followup(self, ticket):
        """Carry a complaint through the real workflow up to the follow-up."""
        ticket = ticket.with_user(self.handler)
        ticket.action_complaint_investigate()
        ticket.action_complaint_propose()
        ticket.solution = "<p>We refund the dumplings and apologise.</p>"
        ticket.action_complaint_submit()
        self.assertEqual(ticket.complaint_state, "feedback")
        ticket._complaint_customer_accept()
        self.assertEqual(ticket.complaint_state, "execution")
        ticket.action_complaint_done()
        self.assertEqual(ticket.complaint_state, "followup")
        return ticket.sudo()

    def test_close_sends_survey_mail(self):
        ticket = self._complaint()
        self.assertEqual(ticket.survey_status, "none")
        self.assertFalse(self._survey_mails(ticket))
        self._walk_to_followup(ticket)

        answer = ticket.survey_user_input_id
        self.assertTrue(answer, "reaching the follow-up step creates the answer")
        self.assertEqual(answer.survey_id, self.survey)
        self.assertEqual(answer.partner_id, self.customer_a)
        self.assertEqual(answer.complaint_id, ticket)
        self.assertEqual(answer.state, "new")
        self.assertTrue(answer.deadline)
        self.assertEqual(ticket.survey_status, "sent")
        self.assertEqual(ticket.survey_rule_id, self.rule)
        self.assertTrue(ticket.survey_sent_date)
        self.assertFalse(ticket.survey_due_date)

        mails = self._survey_mails(ticket).filtered(
            lambda m: answer.access_token in (m.body_html or "")
        )
        self.assertEqual(len(mails), 1, "the survey e-mail is queued")
        self.assertEqual(mails.state, "outgoing")
        self.assertEqual(mails.recipient_ids, self.customer_a)
        self.assertIn(ticket.number, mails.subject)
        self.assertIn(answer.get_start_url(), mails.body_html)
        # Staff who read the complaint do not get the customer's link from
        # the e-mail's copy on the complaint (they would answer in the
        # customer's name): only the queued e-mail, for administrators, has it.
        for user in (self.handler, self.analyst):
            bodies = (
                self.env["mail.message"]
                .with_user(user)
                .search_read(
                    [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)],
                    ["body"],
                )
            )
            self.assertTrue(bodies)
            self.assertFalse([b for b in bodies if answer.access_token in b["body"]])

        events = ticket.event_ids.filtered(lambda e: e.event_type == "survey")
        self.assertEqual(events.mapped("summary"), ["Satisfaction survey sent"])

    def test_answer_stores_scores(self):
        ticket = self._complaint()
        self._move(ticket, "followup")
        answer = ticket.survey_user_input_id
        self._answer(answer, csat=4, nps=9, speed=3, attitude=5, solved=True)

        self.assertEqual(answer.state, "done")
        self.assertFalse(answer.answered_by_phone)
        self.assertEqual(ticket.survey_status, "done")
        self.assertEqual(ticket.csat_score, 4)
        self.assertTrue(ticket.csat_satisfied)
        self.assertEqual(ticket.nps_score, 9)
        self.assertEqual(ticket.nps_category, "promoter")
        self.assertEqual(ticket.speed_score, 3)
        self.assertEqual(ticket.attitude_score, 5)
        self.assertEqual(ticket.problem_solved, "yes")
        self.assertEqual(ticket.survey_comment, "Quick and kind.")
        self.assertFalse(ticket.survey_low_score)
        self.assertTrue(ticket.survey_answer_date)
        self.assertFalse(
            ticket.activity_ids.filtered(
                lambda a: a.activity_type_id == self.activity_low
            )
        )
        self.assertIn(
            "Satisfaction survey answered",
            ticket.event_ids.filtered(lambda e: e.event_type == "survey").mapped(
                "summary"
            ),
        )
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: "answered the satisfaction survey" in (m.body or "")
            )
        )

    def test_nps_categories(self):
        tickets = self._complaint() | self._complaint() | self._complaint()
        self._move(tickets, "followup")
        expected = {10: "promoter", 7: "passive", 0: "detractor"}
        for ticket, nps in zip(tickets, expected, strict=True):
            self._answer(ticket.survey_user_input_id, csat=5, nps=nps)
            self.assertEqual(ticket.nps_score, nps)
            self.assertEqual(ticket.nps_category, expected[nps])

    def test_low_score_activity_for_team_leader(self):
        ticket = self._complaint()
        self._move(ticket, "followup")
        self._answer(ticket.survey_user_input_id, csat=2, nps=3)

        self.assertTrue(ticket.survey_low_score)
        self.assertFalse(ticket.csat_satisfied)
        activity = ticket.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_low
        )
        self.assertEqual(activity.user_id, self.supervisor)
        self.assertEqual(ticket.complaint_state, "followup", "rule does not reopen")
        self.assertIn(
            "Low satisfaction score",
            ticket.event_ids.filtered(lambda e: e.event_type == "survey").mapped(
                "summary"
            ),
        )

    def test_not_solved_is_low_and_reopens(self):
        self.rule.reopen_on_low_score = True
        ticket = self._complaint(team_id=self.team_other.id)
        self._move(ticket, "followup")
        self._answer(ticket.survey_user_input_id, csat=5, nps=10, solved=False)

        self.assertTrue(ticket.survey_low_score)
        self.assertEqual(ticket.problem_solved, "no")
        activity = ticket.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_low
        )
        # No team leader: a complaint supervisor of the company gets it.
        self.assertTrue(activity)
        self.assertTrue(
            activity.user_id.has_group("consumer_complaint.group_complaint_supervisor")
        )
        self.assertEqual(ticket.complaint_state, "solution")
        self.assertIn(
            "Reopened after a low satisfaction score",
            ticket.event_ids.mapped("summary"),
        )

    def test_archived_trigger_reopens_to_accepted(self):
        self.rule.write({"trigger_state": "archived", "reopen_on_low_score": True})
        ticket = self._complaint()
        self._move(ticket, "followup")
        self.assertFalse(ticket.survey_user_input_id, "waits for the archived step")
        self._move(ticket, "archived")
        self.assertTrue(ticket.survey_user_input_id)
        reopened = ticket.reopen_count
        self._answer(ticket.survey_user_input_id, csat=1, nps=2)
        self.assertEqual(ticket.complaint_state, "accepted")
        self.assertEqual(ticket.reopen_count, reopened + 1)

    def test_one_answer_per_complaint(self):
        ticket = self._complaint()
        self._move(ticket, "followup")
        answer = ticket.survey_user_input_id
        ticket.with_user(self.handler).action_complaint_survey_send()
        self.assertEqual(ticket.survey_user_input_ids, answer, "the answer is reused")
        mails = self._survey_mails(ticket).filtered(
            lambda m: answer.access_token in (m.body_html or "")
        )
        self.assertEqual(len(mails), 2)
        self._answer(answer)
        with self.assertRaises(UserError):
            ticket.with_user(self.handler).action_complaint_survey_send()
        # Coming back to the follow-up step does not survey an answered case.
        self._move(ticket, "solution")
        self._move(ticket, "followup")
        self.assertEqual(ticket.survey_user_input_ids, answer)
        self.assertEqual(ticket.survey_status, "done")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["survey.user_input"].create(
                {"survey_id": self.survey.id, "complaint_id": ticket.id}
            )

    def test_delayed_survey_sent_by_cron(self):
        self.rule.delay_hours = 24
        now = fields.Datetime.now()
        with freeze_time(now):
            ticket = self._complaint()
            self._move(ticket, "followup")
        self.assertEqual(ticket.survey_status, "scheduled")
        self.assertEqual(ticket.survey_due_date, now + timedelta(hours=24))
        self.assertFalse(ticket.survey_user_input_id)
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time(now + timedelta(hours=23)):
            self.assertEqual(Ticket._cron_complaint_survey_send(), 0)
        self.assertFalse(ticket.survey_user_input_id)
        # A complaint that went back to work meanwhile is not surveyed.
        late = self._complaint()
        with freeze_time(now):
            self._move(late, "followup")
        self._move(late, "solution")
        # Closed before the delay is over: the survey still goes out.
        closed = self._complaint()
        with freeze_time(now):
            self._move(closed, "followup")
        self._move(closed, "archived")
        self.assertEqual(closed.survey_status, "scheduled")
        with freeze_time(now + timedelta(hours=25)):
            self.assertEqual(Ticket._cron_complaint_survey_send(), 2)
        self.assertEqual(closed.survey_status, "sent")
        self.assertEqual(ticket.survey_status, "sent")
        self.assertTrue(self._survey_mails(ticket))
        self.assertFalse(late.survey_user_input_id)
        self.assertFalse(late.survey_due_date)

    def test_archived_without_followup_still_surveyed(self):
        ticket = self._complaint()
        self._move(ticket, "archived")
        self.assertEqual(ticket.survey_status, "sent")
        answer = ticket.survey_user_input_id
        # Reopened and back at the follow-up step: the same answer is sent again.
        self._move(ticket, "accepted")
        self._move(ticket, "followup")
        self.assertEqual(ticket.survey_user_input_ids, answer)
        mails = self._survey_mails(ticket).filtered(
            lambda m: answer.access_token in (m.body_html or "")
        )
        self.assertEqual(len(mails), 2)

    def test_customer_without_email(self):
        partner = self.env["res.partner"].create({"name": "Phone only"})
        ticket = self._complaint(partner_id=partner.id, partner_email=False)
        self._move(ticket, "followup")
        self.assertTrue(ticket.survey_user_input_id, "ready for the follow-up call")
        self.assertFalse(ticket.survey_sent_date)
        self.assertFalse(
            self._survey_mails(ticket).filtered(
                lambda m: (
                    ticket.survey_user_input_id.access_token in (m.body_html or "")
                )
            )
        )
        with self.assertRaises(UserError):
            ticket.with_user(self.handler).action_complaint_survey_send()

    def test_rule_most_specific_wins(self):
        Rule = self.env["complaint.survey.rule"]
        survey_team = self.survey.copy({"title": "Team survey"})
        survey_severity = self.survey.copy({"title": "Severity survey"})
        survey_both = self.survey.copy({"title": "Team and severity survey"})
        Rule.create(
            [
                {"survey_id": survey_severity.id, "severity_id": self.major.id},
                {"survey_id": survey_team.id, "team_id": self.team.id},
                {
                    "survey_id": survey_both.id,
                    "team_id": self.team.id,
                    "severity_id": self.major.id,
                    "sequence": 99,
                },
            ]
        )
        cases = {
            (self.team, self.major): survey_both,
            (self.team, self.normal): survey_team,
            (self.team_other, self.major): survey_severity,
            (self.team_other, self.normal): self.survey,
        }
        tickets = self.env["helpdesk.ticket"]
        for team, severity in cases:
            tickets |= self._complaint(team_id=team.id, severity_id=severity.id)
        matched = Rule._match_tickets(tickets)
        for ticket, expected in zip(tickets, cases.values(), strict=True):
            self.assertEqual(matched[ticket.id].survey_id, expected)

    def test_scores_need_complaint_metric_types(self):
        with self.assertRaises(ValidationError):
            self.env["survey.question"].create(
                {
                    "survey_id": self.survey.id,
                    "title": "Second overall rating",
                    "question_type": "scale",
                    "complaint_metric": "csat",
                }
            )
        with self.assertRaises(ValidationError):
            self.env["survey.question"].create(
                {
                    "survey_id": self.survey.copy().id,
                    "title": "Solved?",
                    "question_type": "text_box",
                    "complaint_metric": "solved",
                }
            )

    def test_rating_by_choice(self):
        """A rating asked as a single choice uses the choices' rating values."""
        survey = self.env["survey.survey"].create(
            {"title": "Short survey", "survey_type": "complaint"}
        )
        question = self.env["survey.question"].create(
            {
                "survey_id": survey.id,
                "title": "Happy?",
                "question_type": "simple_choice",
                "complaint_metric": "csat",
                "suggested_answer_ids": [
                    (0, 0, {"value": "Happy", "complaint_value": 5}),
                    (0, 0, {"value": "Unhappy", "complaint_value": 1}),
                ],
            }
        )
        self.rule.survey_id = survey
        ticket = self._complaint()
        self._move(ticket, "followup")
        answer = ticket.survey_user_input_id.sudo()
        self.assertEqual(answer.survey_id, survey)
        unhappy = question.suggested_answer_ids.filtered(lambda a: a.value == "Unhappy")
        answer._save_lines(question, str(unhappy.id))
        answer._mark_done()
        self.assertEqual(ticket.csat_score, 1)
        self.assertTrue(ticket.survey_low_score)
        self.assertFalse(ticket.nps_category)
