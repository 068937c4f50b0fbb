# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import new_test_user


class ComplaintSurveyCommon:
    """Fixtures of the satisfaction survey tests (no demo data).

    Mixed into TransactionCase and HttpCase classes.
    """

    @classmethod
    def _setup_complaint_survey(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # Assertions read English texts, whatever languages the database has.
        cls.env["res.lang"]._activate_lang("en_US")
        groups = "consumer_complaint.group_complaint_{}".format
        cls.handler = new_test_user(
            cls.env,
            "cs_handler",
            groups=groups("handler"),
            name="Survey Handler",
            lang="en_US",
            email="handler@example.com",
        )
        cls.supervisor = new_test_user(
            cls.env,
            "cs_supervisor",
            groups=groups("supervisor"),
            name="Survey Supervisor",
            lang="en_US",
            email="supervisor@example.com",
        )
        cls.agent = new_test_user(
            cls.env,
            "cs_agent",
            groups=groups("followup"),
            name="Follow-up Agent",
            lang="en_US",
            email="agent@example.com",
        )
        cls.agent_other = new_test_user(
            cls.env,
            "cs_agent_other",
            groups=groups("followup"),
            name="Other Agent",
            lang="en_US",
            email="agent2@example.com",
        )
        cls.analyst = new_test_user(
            cls.env,
            "cs_analyst",
            groups=groups("analyst"),
            name="Survey Analyst",
            lang="en_US",
            email="analyst@example.com",
        )
        cls.portal_a = new_test_user(
            cls.env,
            "cs_portal_a",
            groups="base.group_portal",
            name="Customer A",
            lang="en_US",
            email="customer.a@example.com",
        )
        cls.portal_b = new_test_user(
            cls.env,
            "cs_portal_b",
            groups="base.group_portal",
            name="Customer B",
            lang="en_US",
            email="customer.b@example.com",
        )
        cls.customer_a = cls.portal_a.partner_id
        cls.customer_b = cls.portal_b.partner_id
        cls.normal = cls.env.ref("consumer_complaint.severity_normal")
        cls.major = cls.env.ref("consumer_complaint.severity_major")
        Team = cls.env["helpdesk.ticket.team"]
        cls.team = Team.create(
            {
                "name": "Quality (survey test)",
                "is_complaint_team": True,
                "use_sla": True,
                "user_id": cls.supervisor.id,
                "user_ids": [(6, 0, [cls.handler.id])],
            }
        )
        cls.team_other = Team.create(
            {
                "name": "Logistics (survey test)",
                "is_complaint_team": True,
                "use_sla": True,
                "user_ids": [(6, 0, [cls.handler.id])],
            }
        )
        Stage = cls.env["helpdesk.ticket.stage"]
        cls.stage = {
            state: Stage._complaint_stage(state)
            for state in (
                "accepted",
                "investigating",
                "solution",
                "feedback",
                "execution",
                "followup",
                "archived",
            )
        }
        cls.survey = cls.env.ref("complaint_survey.survey_complaint_satisfaction")
        cls.q_csat = cls.env.ref("complaint_survey.survey_question_csat")
        cls.q_nps = cls.env.ref("complaint_survey.survey_question_nps")
        cls.q_speed = cls.env.ref("complaint_survey.survey_question_speed")
        cls.q_attitude = cls.env.ref("complaint_survey.survey_question_attitude")
        cls.q_solved = cls.env.ref("complaint_survey.survey_question_solved")
        cls.q_comment = cls.env.ref("complaint_survey.survey_question_comment")
        cls.yes = cls.env.ref("complaint_survey.survey_answer_solved_yes")
        cls.no = cls.env.ref("complaint_survey.survey_answer_solved_no")
        # Only the rules of the test are active.
        cls.env["complaint.survey.rule"].search([]).action_archive()
        cls.rule = cls.env["complaint.survey.rule"].create(
            {
                "survey_id": cls.survey.id,
                "company_id": False,
                "trigger_state": "followup",
                "delay_hours": 0,
                "answer_days": 30,
            }
        )
        cls.activity_low = cls.env.ref(
            "complaint_survey.mail_activity_complaint_survey_low"
        )

    @classmethod
    def _complaint(cls, **vals):
        values = {
            "name": "Dumplings smell sour",
            "description": "<p>The dumplings smell sour after cooking.</p>",
            "team_id": cls.team.id,
            "partner_id": cls.customer_a.id,
            "partner_phone": "13800138000",
            "severity_id": cls.normal.id,
            "user_id": cls.handler.id,
        }
        values.update(vals)
        return cls.env["helpdesk.ticket"].create(values)

    @classmethod
    def _move(cls, tickets, state):
        """Put complaints at a step without walking the whole workflow."""
        tickets.with_context(complaint_skip_checks=True).write(
            {"stage_id": cls.stage[state].id}
        )

    def _answer(
        self,
        answer,
        csat=4,
        nps=9,
        speed=4,
        attitude=5,
        solved=True,
        comment="Quick and kind.",
    ):
        """Fill in a survey answer the way the survey controller does."""
        answer = answer.sudo()
        answer._mark_in_progress()
        answer._save_lines(self.q_csat, str(csat))
        answer._save_lines(self.q_nps, str(nps))
        answer._save_lines(self.q_speed, str(speed))
        answer._save_lines(self.q_attitude, str(attitude))
        answer._save_lines(self.q_solved, str((self.yes if solved else self.no).id))
        answer._save_lines(self.q_comment, comment)
        answer._mark_done()
        return answer

    def _survey_mails(self, ticket):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        )
