# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from .common import ComplaintSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyTranslation(ComplaintSurveyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["complaint_survey"], ["zh_CN"], overwrite=True
        )
        cls._setup_complaint_survey()

    def test_chinese_customer_gets_chinese_survey(self):
        self.customer_a.lang = "zh_CN"
        ticket = self._complaint()
        self._move(ticket, "followup")
        answer = ticket.survey_user_input_id
        mail = self._survey_mails(ticket).filtered(
            lambda m: answer.access_token in (m.body_html or "")
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("您对投诉", mail.subject)
        self.assertIn(ticket.number, mail.subject)
        self.assertIn("填写问卷", mail.body_html)
        survey = self.survey.with_context(lang="zh_CN")
        self.assertEqual(survey.title, "投诉处理满意度调查")
        self.assertEqual(
            self.q_solved.with_context(lang="zh_CN").title, "您的问题是否已经解决？"
        )
        self.assertEqual(self.yes.with_context(lang="zh_CN").value, "是")

    def test_english_customer_gets_english_survey(self):
        self.customer_a.lang = "en_US"
        ticket = self._complaint()
        self._move(ticket, "followup")
        answer = ticket.survey_user_input_id
        mail = self._survey_mails(ticket).filtered(
            lambda m: answer.access_token in (m.body_html or "")
        )
        self.assertIn("How did we handle your complaint", mail.subject)
        self.assertIn("Answer the survey", mail.body_html)
