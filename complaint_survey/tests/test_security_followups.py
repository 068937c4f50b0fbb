# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Follow-ups of the model-layer security work in the satisfaction survey:
no address in the chatter, no dialling of masked numbers, anonymisation ends
the survey link, the migration of the answers' record rules."""

import importlib.util

from lxml import etree
from odoo import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools import file_path

from .common import ComplaintSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveySecurityFollowups(ComplaintSurveyCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaint_survey()

    def test_sent_note_does_not_show_the_address(self):
        ticket = self._complaint()
        self._move(ticket, "followup")
        email = ticket.survey_user_input_id.email
        self.assertTrue(email)
        notes = ticket.message_ids.filtered(
            lambda m: "Satisfaction survey sent" in (m.body or "")
        )
        self.assertEqual(len(notes), 1)
        self.assertIn("sent to the customer by e-mail", notes.body)
        self.assertNotIn(email, notes.body)
        self.assertNotIn("@", notes.body)

    def test_followup_list_calls_through_the_reveal(self):
        view = self.env.ref("complaint_survey.helpdesk_ticket_view_list_followup")
        views = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .get_views([(view.id, "list")])
        )
        arch = etree.fromstring(views["views"]["list"]["arch"])
        phone = arch.xpath("//field[@name='partner_phone']")
        self.assertEqual(len(phone), 1)
        self.assertNotEqual(
            phone[0].get("widget"), "phone", "a masked number cannot be dialled"
        )
        self.assertTrue(arch.xpath("//button[@name='action_complaint_call']"))

    def test_anonymisation_ends_the_survey_link(self):
        ticket = self._complaint()
        self._move(ticket, "followup")
        answer = ticket.survey_user_input_id
        old_token = answer.access_token
        self.assertTrue(old_token)
        Answer = self.env["survey.user_input"].sudo()
        self.assertEqual(Answer.search([("access_token", "=", old_token)]), answer)
        ticket._complaint_anonymize("retention")
        self.assertFalse(Answer.search([("access_token", "=", old_token)]))
        self.assertTrue(answer.access_token, "the answer keeps a (new) token")
        self.assertNotEqual(answer.access_token, old_token)
        self.assertFalse(answer.email)
        self.assertFalse(answer.nickname)
        self.assertFalse(answer.partner_id)
        self.assertEqual(answer.complaint_id, ticket, "the statistics stay")
        self.assertFalse(ticket.sudo().complaint_link_nonce)
        self.assertFalse(ticket.sudo().complaint_link_partner_id)

    def test_migration_sets_the_rule_groups(self):
        path = file_path("complaint_survey/migrations/18.0.1.0.1/post-migration.py")
        spec = importlib.util.spec_from_file_location("cs_post_migration", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        old = self.env.ref("helpdesk_mgmt.group_helpdesk_user_own")
        every = self.env.ref("helpdesk_mgmt.group_helpdesk_user")
        expected = (
            every
            | self.env.ref("consumer_complaint.group_complaint_analyst")
            | self.env.ref("consumer_complaint.group_complaint_manager")
        )
        rules = self.env.ref(
            "complaint_survey.survey_user_input_rule_complaint"
        ) | self.env.ref("complaint_survey.survey_user_input_line_rule_complaint")
        self.assertEqual(rules[0].groups, expected, "the XML of a new install")
        # A database installed before the change has the old groups.
        rules.write({"groups": [Command.set((expected - every | old).ids)]})
        migration.migrate(self.env.cr, "18.0.1.0.0")
        rules.invalidate_recordset()
        for rule in rules:
            self.assertEqual(rule.groups, expected)
            self.assertNotIn(old, rule.groups)
