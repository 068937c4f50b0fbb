# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import importlib.util
from pathlib import Path

from lxml import etree
from odoo.tests import TransactionCase, tagged

from .common import ComplaintSurveyCommon

MIGRATION = (
    Path(__file__).parents[1] / "migrations" / "18.0.1.0.2" / "post-migration.py"
)


@tagged("post_install", "-at_install")
class TestSurveyScoresEmpty(ComplaintSurveyCommon, TransactionCase):
    """A survey not answered (or a question skipped) gives no score: not a
    satisfaction of 0, and nothing that averages count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaint_survey()

    def _db_scores(self, ticket):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT csat_score, nps_score, speed_score, attitude_score"
            " FROM helpdesk_ticket WHERE id = %s",
            [ticket.id],
        )
        return self.env.cr.fetchone()

    def _csat_average(self, tickets):
        [(average,)] = self.env["helpdesk.ticket"]._read_group(
            [("id", "in", tickets.ids)], [], ["csat_score:avg"]
        )
        return average

    def test_unanswered_survey_has_no_satisfaction(self):
        sent, answered = self._complaint(), self._complaint()
        self._move(sent | answered, "followup")
        self.assertEqual(sent.survey_status, "sent")
        self._answer(answered.survey_user_input_id, csat=4, nps=9)
        self.assertEqual(self._db_scores(sent), (None, None, None, None))
        self.assertEqual(self._db_scores(answered), (4, 9, 4, 5))
        self.assertEqual(self._csat_average(sent | answered), 4)
        Report = self.env["complaint.survey.report"].with_user(self.analyst)
        row = Report.search([("ticket_id", "=", sent.id)])
        self.assertFalse(row.answered)
        [(csat, nps, response)] = Report._read_group(
            [("ticket_id", "in", (sent | answered).ids)],
            [],
            ["csat_score:avg", "nps_score:avg", "response_rate:avg"],
        )
        self.assertEqual((csat, nps, response), (4.0, 9.0, 50.0))

    def test_skipped_questions_stay_empty(self):
        ticket = self._complaint()
        self._move(ticket, "followup")
        answer = ticket.survey_user_input_id.sudo()
        answer._mark_in_progress()
        # Only "would you recommend us" (0 is an answer) and "solved".
        answer._save_lines(self.q_nps, "0")
        answer._save_lines(self.q_solved, str(self.no.id))
        answer._mark_done()
        self.assertEqual(ticket.survey_status, "done")
        self.assertEqual(self._db_scores(ticket), (None, 0, None, None))
        self.assertEqual(ticket.nps_category, "detractor")
        self.assertFalse(ticket.csat_satisfied)
        # No answer to average (an average of 0 would read 0.0).
        self.assertIs(self._csat_average(ticket), False)
        summary = ticket.message_ids.filtered(
            lambda m: "answered the satisfaction survey" in (m.body or "")
        )
        self.assertIn("recommendation 0/10", summary.body)
        self.assertNotIn("satisfaction 0", summary.body)

    def test_views_show_no_zero(self):
        """Every satisfaction shown by the complaint form, the complaint
        lists and the report list is hidden when there is none."""
        Ticket = self.env["helpdesk.ticket"]
        archs = {
            "form": Ticket.get_view(
                self.env.ref(
                    "consumer_complaint.helpdesk_ticket_view_form_complaint"
                ).id,
                "form",
            )["arch"],
            "list": Ticket.get_view(
                self.env.ref(
                    "consumer_complaint.helpdesk_ticket_view_list_complaint"
                ).id,
                "list",
            )["arch"],
            "follow-up list": Ticket.get_view(
                self.env.ref("complaint_survey.helpdesk_ticket_view_list_followup").id,
                "list",
            )["arch"],
            "report list": self.env["complaint.survey.report"].get_view(
                self.env.ref("complaint_survey.complaint_survey_report_view_list").id,
                "list",
            )["arch"],
        }
        guards = {"csat_score": "csat_score", "nps_score": "nps_category"}
        for name, arch in archs.items():
            root = etree.fromstring(arch)
            for fname, guard in guards.items():
                for node in root.iter("field"):
                    if node.get("name") != fname:
                        continue
                    with self.subTest(view=name, field=fname):
                        hidden = [
                            element.get("invisible", "")
                            for element in (node, *node.iterancestors())
                        ]
                        self.assertTrue(
                            any(guard in condition for condition in hidden),
                            f"{fname} of the {name} is shown without an answer",
                        )
        self.assertIn("Not answered", archs["form"])

    def test_migration_empties_zero_scores(self):
        skipped, nps_zero = self._complaint(), self._complaint()
        self._move(skipped | nps_zero, "followup")
        self._answer(nps_zero.survey_user_input_id, csat=3, nps=0)
        self.env.flush_all()
        # As the former code stored a survey answered without scores.
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET csat_score = 0, nps_score = 0,"
            " speed_score = 0, attitude_score = 0 WHERE id = %s",
            [skipped.id],
        )
        spec = importlib.util.spec_from_file_location("cs_migration", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.0.1")
        self.env.invalidate_all()
        self.assertEqual(self._db_scores(skipped), (None, None, None, None))
        self.assertEqual(self._db_scores(nps_zero), (3, 0, 4, 5))
