# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tests.common import new_test_user
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import ComplaintSurveyCommon


@tagged("post_install", "-at_install")
class TestFollowupScreen(ComplaintSurveyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaint_survey()
        cls.to_call = cls._complaint(name="To call back")
        cls.in_work = cls._complaint(name="Still investigating")
        cls.closed = cls._complaint(name="Already archived")
        cls._move(cls.to_call, "followup")
        cls._move(cls.in_work, "investigating")
        cls._move(cls.closed, "followup")
        cls._move(cls.closed, "archived")
        cls.action = cls.env.ref(
            "complaint_survey.helpdesk_ticket_action_complaint_followup"
        )

    def test_action_domain_lists_followup_complaints(self):
        self.assertEqual(self.action.res_model, "helpdesk.ticket")
        domain = safe_eval(self.action.domain)
        self.assertIn(("complaint_state", "=", "followup"), domain)
        found = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .search(domain + [("team_id", "in", (self.team | self.team_other).ids)])
        )
        self.assertEqual(found, self.to_call)
        menu = self.env.ref("complaint_survey.menu_complaint_followup")
        self.assertEqual(menu.action, self.action)
        self.assertEqual(
            menu.parent_id, self.env.ref("consumer_complaint.menu_complaint_root")
        )

    def test_screen_shows_phone_and_outcome(self):
        list_view = self.action.view_ids.filtered(lambda v: v.view_mode == "list")
        views = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .get_views([(list_view.view_id.id, "list")])
        )
        arch = etree.fromstring(views["views"]["list"]["arch"])
        names = arch.xpath("//field/@name")
        for field in ("partner_phone", "followup_call_outcome", "followup_call_notes"):
            self.assertIn(field, names)
        self.assertTrue(arch.xpath("//button[@name='action_complaint_survey_phone']"))
        self.assertEqual(arch.get("editable"), "bottom")
        row = self.to_call.with_user(self.agent).read(["partner_phone"])[0]
        self.assertTrue(row["partner_phone"])

    def test_agent_records_call_outcome(self):
        ticket = self.to_call.with_user(self.agent)
        ticket.write(
            {"followup_call_outcome": "no_answer", "followup_call_notes": "Busy"}
        )
        self.assertEqual(ticket.followup_call_user_id, self.agent)
        self.assertTrue(ticket.followup_call_date)
        ticket.followup_call_outcome = "reached"
        self.assertEqual(ticket.followup_call_outcome, "reached")
        with mute_logger(
            "odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model"
        ):
            with self.assertRaises(AccessError):
                self.to_call.with_user(self.analyst).write(
                    {"followup_call_outcome": "refused"}
                )
            with self.assertRaises(AccessError):
                self.in_work.with_user(self.agent).write(
                    {"followup_call_outcome": "reached"}
                )
            # Who may write the complaint but is not of the follow-up team
            # does not log a call in someone else's name.
            with self.assertRaisesRegex(AccessError, "follow-up team"):
                self.to_call.with_user(self.handler).write(
                    {"followup_call_outcome": "refused", "followup_call_notes": "x"}
                )
            with self.assertRaisesRegex(AccessError, "follow-up team"):
                self.env["helpdesk.ticket"].with_user(self.handler).create(
                    {
                        "name": "Forged call",
                        "description": "<p>x</p>",
                        "team_id": self.to_call.team_id.id,
                        "followup_call_outcome": "reached",
                    }
                )
        self.assertEqual(self.to_call.followup_call_outcome, "reached")
        self.assertEqual(self.to_call.followup_call_user_id, self.agent)

    def test_survey_by_phone(self):
        ticket = self.to_call.with_user(self.agent)
        action = ticket.action_complaint_survey_phone()
        answer = self.to_call.survey_user_input_id
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], answer.get_start_url())
        self.assertEqual(answer.phone_agent_id, self.agent)
        self.assertEqual(answer.partner_id, self.customer_a, "still the customer's")
        self.assertTrue(answer._complaint_phone_agent_allowed(self.agent))
        self.assertFalse(answer._complaint_phone_agent_allowed(self.agent_other))
        # The agent submits the answers (the survey controller works as sudo
        # with the agent as current user).
        self._answer(answer.with_user(self.agent), csat=5, nps=8)
        self.assertTrue(answer.answered_by_phone)
        self.assertTrue(self.to_call.survey_by_phone)
        self.assertEqual(self.to_call.nps_category, "passive")
        self.assertTrue(
            self.to_call.message_ids.filtered(
                lambda m: "answered by phone" in (m.body or "")
            )
        )
        with self.assertRaises(UserError):
            ticket.action_complaint_survey_phone()

    def test_customer_answer_is_not_by_phone(self):
        self.to_call.with_user(self.agent).action_complaint_survey_phone()
        answer = self.to_call.survey_user_input_id
        # The agent did not reach the customer, who answers from the e-mail.
        self._answer(answer.with_user(self.env.ref("base.public_user")))
        self.assertFalse(answer.answered_by_phone)
        self.assertFalse(self.to_call.survey_by_phone)
        # The agent held the same link: the log and the chatter say so, as
        # nothing tells the customer's answer from one the agent sent.
        event = self.to_call.sudo().event_ids.filtered(
            lambda e: e.event_type == "survey" and "answered" in e.summary
        )
        self.assertIn(self.agent.login, event.payload)
        self.assertTrue(
            self.to_call.message_ids.filtered(
                lambda m: "had also opened for a phone call" in (m.body or "")
            )
        )

    def test_phone_survey_rights(self):
        with self.assertRaises(UserError):
            self.to_call.with_user(self.handler).action_complaint_survey_phone()
        with mute_logger("odoo.addons.base.models.ir_rule"):
            with self.assertRaises(AccessError):
                self.in_work.with_user(self.agent).action_complaint_survey_phone()
        with self.assertRaises(UserError):
            self.in_work.action_complaint_survey_phone()

    def test_staff_read_answers_portal_not(self):
        self.to_call.with_user(self.agent).action_complaint_survey_phone()
        answer = self.to_call.survey_user_input_id
        self.assertEqual(
            answer.with_user(self.handler).read(["complaint_id"])[0]["complaint_id"][0],
            self.to_call.id,
        )
        self.assertEqual(
            self.to_call.with_user(self.analyst).survey_user_input_ids, answer
        )
        with mute_logger(
            "odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule"
        ):
            with self.assertRaises(AccessError):
                answer.with_user(self.portal_a).read(["state"])
            with self.assertRaises(AccessError):
                answer.with_user(self.handler).write({"answered_by_phone": True})
            with self.assertRaises(AccessError):
                self.env["complaint.survey.rule"].with_user(self.handler).create(
                    {"survey_id": self.survey.id}
                )
            with self.assertRaises(AccessError):
                self.env["complaint.survey.report"].with_user(self.handler).search([])


@tagged("post_install", "-at_install")
class TestSurveyConfiguration(ComplaintSurveyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaint_survey()
        cls.manager = new_test_user(
            cls.env,
            "cs_manager",
            groups="consumer_complaint.group_complaint_manager",
            name="Complaint Manager",
        )

    def test_manager_maintains_complaint_surveys(self):
        Survey = self.env["survey.survey"].with_user(self.manager)
        self.assertFalse(
            self.manager.has_group("survey.group_survey_user"),
            "the manager works without the Survey app rights",
        )
        survey = Survey.create(
            {"title": "Store visit survey", "survey_type": "complaint"}
        )
        self.assertIn("complaint", survey.allowed_survey_types)
        self.env["survey.question"].with_user(self.manager).create(
            {
                "survey_id": survey.id,
                "title": "How satisfied are you?",
                "question_type": "scale",
                "scale_min": 1,
                "scale_max": 5,
                "complaint_metric": "csat",
            }
        )
        rule = (
            self.env["complaint.survey.rule"]
            .with_user(self.manager)
            .create({"survey_id": survey.id, "team_id": self.team.id})
        )
        self.assertIn(self.team.name, rule.name)
        Survey.browse(self.survey.id).get_views([(False, "form")])
        with mute_logger("odoo.addons.base.models.ir_rule"):
            other = self.env["survey.survey"].create(
                {"title": "Staff survey", "survey_type": "survey"}
            )
            with self.assertRaises(AccessError):
                other.with_user(self.manager).read(["title"])

    def test_analyst_reads_report_not_configuration(self):
        ticket = self._complaint()
        self._move(ticket, "followup")
        self._answer(ticket.survey_user_input_id, csat=5)
        self.env.flush_all()
        rows = (
            self.env["complaint.survey.report"]
            .with_user(self.analyst)
            .search([("ticket_id", "=", ticket.id)])
        )
        self.assertEqual(rows.csat_score, 5)
        self.assertEqual(
            ticket.survey_user_input_id.with_user(self.analyst).user_input_line_ids,
            ticket.survey_user_input_id.user_input_line_ids,
        )
        with mute_logger("odoo.addons.base.models.ir_model"):
            with self.assertRaises(AccessError):
                self.rule.with_user(self.analyst).write({"delay_hours": 5})
