# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Journey 7 of issue 20 in a real browser, in zh_CN: the follow-up agent."""

import os
from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestToursZh(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        zh = {"lang": "zh_CN", "tz": "Asia/Shanghai"}
        groups = "consumer_complaint.group_complaint_{}".format
        handler = new_test_user(
            env, "zh_survey_handler", groups=groups("handler"), name="李处理", **zh
        )
        cls.agent = new_test_user(
            env, "zh_survey_agent", groups=groups("followup"), name="周回访", **zh
        )
        customer = env["res.partner"].create(
            {"name": "韩梅梅", "email": "han.meimei@example.com", **zh}
        )
        team = env["helpdesk.ticket.team"].create(
            {
                "name": "食品投诉组（测试）",
                "is_complaint_team": True,
                "use_sla": True,
                "user_ids": [(6, 0, handler.ids)],
            }
        )
        # Only the rule of the test is active.
        env["complaint.survey.rule"].search([]).action_archive()
        env["complaint.survey.rule"].create(
            {
                "survey_id": env.ref(
                    "complaint_survey.survey_complaint_satisfaction"
                ).id,
                "company_id": False,
                "trigger_state": "followup",
                "delay_hours": 0,
                "answer_days": 30,
            }
        )
        cls.ticket = (
            env["helpdesk.ticket"]
            .with_context(complaint_mode=True)
            .create(
                {
                    "name": "饺子馅发酸",
                    "description": "<p>饺子馅有酸味。</p>",
                    "team_id": team.id,
                    "partner_id": customer.id,
                    "partner_phone": "13800138000",
                    "severity_id": env.ref("consumer_complaint.severity_normal").id,
                    "user_id": handler.id,
                }
            )
        )
        # Solved: at the follow-up step without walking the whole workflow.
        cls.ticket.with_context(complaint_skip_checks=True).write(
            {"stage_id": env["helpdesk.ticket.stage"]._complaint_stage("followup").id}
        )

    def test_agent_calls_and_fills_in_the_survey(self):
        """No satisfaction before an answer; the survey page names the
        complaint; the answer given by phone lands on the complaint."""
        answer = self.ticket.survey_user_input_id
        self.assertTrue(answer)
        self.assertNotEqual(answer.state, "done")
        self.assertFalse(self.ticket.csat_score)
        with patch.dict(os.environ, {"TZ": "Asia/Shanghai"}):
            self.start_tour(
                "/odoo/action-complaint_survey.helpdesk_ticket_action_complaint_followup",
                "complaint_survey_zh_followup",
                login=self.agent.login,
            )
        self.env.invalidate_all()
        self.assertEqual(self.ticket.followup_call_outcome, "reached")
        self.assertEqual(self.ticket.followup_call_user_id, self.agent)
        self.assertEqual(answer.state, "done")
        self.assertTrue(answer.answered_by_phone)
        self.assertEqual(self.ticket.survey_status, "done")
        self.assertTrue(self.ticket.survey_by_phone)
        self.assertEqual(self.ticket.csat_score, 4)
        self.assertEqual(self.ticket.nps_score, 9)
        self.assertEqual(self.ticket.problem_solved, "yes")
