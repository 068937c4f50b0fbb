# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import freeze_time, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintCron(ComplaintCase):
    def _activities(self, ticket, xmlid):
        return ticket.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(xmlid)
        )

    def test_warn_then_escalate_once(self):
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2026-11-23 00:00:00"):
            self._reset_now()
            ticket = self._complaint(
                team_id=self.team_other.id,
                severity_id=self.normal.id,
                user_id=self.handler_other.id,
            )
            closed = self._complaint(team_id=self.team_other.id)
            closed.action_complaint_withdraw()
        warn = "consumer_complaint.mail_activity_complaint_deadline"
        breach = "consumer_complaint.mail_activity_complaint_breach"
        with freeze_time("2026-11-23 10:00:00"):
            self.assertEqual(Ticket._cron_complaint_deadlines()["warned"], 0)
        with freeze_time("2026-11-23 19:00:00"):  # past 75 % of 24 h
            Ticket._cron_complaint_deadlines()
            self.assertEqual(len(self._activities(ticket, warn)), 1)
            self.assertEqual(self._activities(ticket, warn).user_id, self.handler_other)
            warn_mail = self.env["mail.mail"].search(
                [("email_to", "ilike", self.handler_other.email)],
                order="id desc",
                limit=1,
            )
            self.assertIn(
                ticket.number, warn_mail.body_html, "the handler gets an e-mail"
            )
            Ticket._cron_complaint_deadlines()
            self.assertEqual(len(self._activities(ticket, warn)), 1, "warned once")
        with freeze_time("2026-11-24 01:00:00"):  # response deadline passed
            result = Ticket._cron_complaint_deadlines()
            self.assertGreaterEqual(result["escalated"], 1)
            escalation = self._activities(ticket, breach)
            self.assertEqual(escalation.user_id, self.supervisor)
            self.assertEqual(ticket.breach_count, 1)
            digest = self.env["mail.mail"].search(
                [("email_to", "ilike", self.supervisor.email)], order="id desc", limit=1
            )
            self.assertIn(
                ticket.number, digest.body_html, "the supervisor gets an e-mail"
            )
            Ticket._cron_complaint_deadlines()
            self.assertEqual(
                len(self._activities(ticket, breach)), 1, "once per breach"
            )
            self.assertFalse(self._activities(closed, breach), "closed ones are left")
            events = ticket.event_ids.filtered(lambda e: e.event_type == "escalation")
            self.assertEqual(len(events), 1)
