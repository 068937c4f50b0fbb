# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.tests import freeze_time, tagged

from .common import ComplaintCase

# 2026-11-20 is a Friday. Office hours 08:00-12:00 and 13:00-17:00 Asia/Shanghai
# (UTC+8), i.e. 00:00-04:00 and 05:00-09:00 UTC.
FRIDAY_4PM_SHANGHAI = "2026-11-20 08:00:00"


@tagged("post_install", "-at_install")
class TestComplaintDeadlines(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Peak periods configured in the database would change the deadlines.
        cls.env["complaint.peak.period"].search([]).active = False

    def assertDeadline(self, value, expected):
        """Calendars plan with float hours: compare to the second."""
        self.assertTrue(value, "a deadline is set")
        self.assertLess(
            abs((value - expected).total_seconds()), 1, f"{value} != {expected}"
        )

    def test_working_calendar_across_weekend(self):
        with freeze_time(FRIDAY_4PM_SHANGHAI):
            self._reset_now()
            ticket = self._complaint(severity_id=self.urgent.id)
        # 4 working hours: Friday 16-17, then Monday 08-11 Shanghai.
        self.assertDeadline(ticket.response_deadline, datetime(2026, 11, 23, 3, 0))
        # 48 working hours = 6 working days: Friday 1 h + 47 h
        # → Monday..Friday (40 h) + next Monday 08-12, 13-16 (7 h) = 2026-11-30 16:00.
        self.assertDeadline(ticket.resolution_deadline, datetime(2026, 11, 30, 8, 0))
        self.assertEqual(ticket.complaint_deadline, ticket.response_deadline)

    def test_calendar_hours_team(self):
        with freeze_time(FRIDAY_4PM_SHANGHAI):
            self._reset_now()
            ticket = self._complaint(
                team_id=self.team_other.id, severity_id=self.urgent.id
            )
        self.assertDeadline(ticket.response_deadline, datetime(2026, 11, 20, 12, 0))
        self.assertDeadline(ticket.resolution_deadline, datetime(2026, 11, 22, 8, 0))

    def test_grade_change_recomputes(self):
        with freeze_time(FRIDAY_4PM_SHANGHAI):
            self._reset_now()
            ticket = self._complaint(
                team_id=self.team_other.id, severity_id=self.normal.id
            )
            self.assertDeadline(ticket.response_deadline, datetime(2026, 11, 21, 8, 0))
            ticket.severity_id = self.major
        self.assertDeadline(ticket.response_deadline, datetime(2026, 11, 20, 9, 0))
        self.assertDeadline(ticket.resolution_deadline, datetime(2026, 11, 21, 8, 0))
        grade_events = ticket.event_ids.filtered(lambda e: e.event_type == "grade")
        self.assertEqual(grade_events.summary, "normal → major")

    def test_peak_period_shortens_and_reroutes(self):
        emergency = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Festival desk (test)",
                "is_complaint_team": True,
                "use_sla": True,
                "resource_calendar_id": self.calendar_24x7.id,
                "user_ids": [(6, 0, [self.handler_other.id])],
            }
        )
        self.env["complaint.peak.period"].create(
            {
                "name": "Spring Festival (test)",
                "date_from": "2027-02-01 00:00:00",
                "date_to": "2027-02-15 00:00:00",
                "factor": 0.5,
                "emergency_team_id": emergency.id,
            }
        )
        with freeze_time("2027-02-05 02:00:00"):
            self._reset_now()
            ticket = self._complaint(
                team_id=self.team_other.id, severity_id=self.urgent.id
            )
        self.assertEqual(ticket.team_id, emergency)
        self.assertTrue(ticket.peak_period_id)
        # 4 h halved to 2 h in calendar hours.
        self.assertDeadline(ticket.response_deadline, datetime(2027, 2, 5, 4, 0))
        self.assertDeadline(ticket.resolution_deadline, datetime(2027, 2, 6, 2, 0))
        with freeze_time("2027-02-20 02:00:00"):
            self._reset_now()
            after = self._complaint(
                team_id=self.team_other.id, severity_id=self.urgent.id
            )
        self.assertFalse(after.peak_period_id)
        self.assertEqual(after.team_id, self.team_other)
        self.assertDeadline(after.response_deadline, datetime(2027, 2, 20, 6, 0))

    def test_deadline_status_filters(self):
        self.env = self.env(context=dict(self.env.context, tz="UTC"))
        with freeze_time("2026-11-23 00:30:00"):  # Monday 08:30 Shanghai
            self._reset_now()
            ticket = self._complaint(
                team_id=self.team_other.id, severity_id=self.urgent.id
            )
            # deadline 04:30 UTC = 12:30 Shanghai, same day
            self.assertEqual(ticket.deadline_status, "due_today")
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2026-11-23 05:00:00"):
            ticket.invalidate_recordset(["deadline_status"])
            self.assertEqual(ticket.deadline_status, "overdue")
            self.assertIn(ticket, Ticket.search([("deadline_status", "=", "overdue")]))
            self.assertNotIn(
                ticket, Ticket.search([("deadline_status", "=", "due_today")])
            )

    def test_at_risk_share(self):
        with freeze_time("2026-11-23 00:00:00"):
            self._reset_now()
            ticket = self._complaint(
                team_id=self.team_other.id, severity_id=self.normal.id
            )
        self.env = self.env(context=dict(self.env.context, tz="UTC"))
        # 24 calendar hours; warning at 75 % = 18 h.
        self.assertDeadline(ticket.deadline_warning_date, datetime(2026, 11, 23, 18, 0))
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2026-11-23 18:30:00"):
            self.assertIn(ticket, Ticket.search([("deadline_status", "=", "at_risk")]))
        with freeze_time("2026-11-23 10:00:00"):
            self.assertIn(ticket, Ticket.search([("deadline_status", "=", "on_track")]))

    def test_first_reply_meets_response_deadline(self):
        ticket = self._complaint(team_id=self.team_other.id, severity_id=self.normal.id)
        self.assertFalse(ticket.response_sla_met)
        ticket.with_user(self.handler_other).message_post(
            body="We are looking into it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertTrue(ticket.first_response_date)
        self.assertTrue(ticket.response_sla_met)
        # The solution deadline is now the next one.
        self.assertEqual(ticket.complaint_deadline, ticket.resolution_deadline)

    def test_internal_note_is_not_a_response(self):
        ticket = self._complaint(team_id=self.team_other.id)
        ticket.with_user(self.handler_other).message_post(
            body="internal", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(ticket.first_response_date)
        self.assertFalse(ticket.response_sla_met)

    def test_reaching_investigation_meets_response(self):
        ticket = self._complaint(team_id=self.team_other.id)
        ticket.action_complaint_investigate()
        self.assertTrue(ticket.response_sla_met)
        self.assertTrue(ticket.first_response_date)
        self.assertFalse(ticket.resolution_sla_met)
