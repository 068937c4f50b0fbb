# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

import pytz
from babel.dates import format_skeleton
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import ComplaintCase
from .test_public_form import ComplaintIntakeHttpCase

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
        self.team.complaint_deadline_unit = "working"
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

    def test_severity_change_recomputes(self):
        with freeze_time(FRIDAY_4PM_SHANGHAI):
            self._reset_now()
            ticket = self._complaint(
                team_id=self.team_other.id, severity_id=self.normal.id
            )
            self.assertDeadline(ticket.response_deadline, datetime(2026, 11, 21, 8, 0))
            ticket.severity_id = self.major
        self.assertDeadline(ticket.response_deadline, datetime(2026, 11, 20, 9, 0))
        self.assertDeadline(ticket.resolution_deadline, datetime(2026, 11, 21, 8, 0))
        severity_events = ticket.event_ids.filtered(lambda e: e.event_type == "grade")
        self.assertEqual(severity_events.summary, "normal → major")

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


# Thursday 3 December 2026, 01:00 in Beijing (UTC+8).
THURSDAY_1AM_BEIJING = "2026-12-02 17:00:00"


@tagged("post_install", "-at_install")
class TestCalendarHourDeadlines(ComplaintCase):
    """A severity's hours are calendar hours unless the team chooses working
    hours: "24 h" is the same time the next day, nights, weekends and public
    holidays included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.peak.period"].search([]).active = False
        # The team of the fixtures, with 8-hour office days, keeps the
        # default: its calendar gives no hours to calendar-hour deadlines.
        cls.team.complaint_deadline_unit = "calendar"
        cls.office = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Office hours (test)",
                "is_complaint_team": True,
                "use_sla": True,
                "complaint_deadline_unit": "working",
                "resource_calendar_id": cls.calendar.id,
                "user_ids": [(6, 0, [cls.handler.id])],
            }
        )
        # Friday 4 December 2026 is a public holiday of the office calendar.
        cls.holiday = cls.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday (test)",
                "calendar_id": cls.calendar.id,
                "date_from": "2026-12-03 16:00:00",
                "date_to": "2026-12-04 15:59:59",
            }
        )

    def assertDeadline(self, value, expected):
        self.assertTrue(value, "a deadline is set")
        self.assertLess(
            abs((value - expected).total_seconds()), 1, f"{value} != {expected}"
        )

    def _at(self, moment, **vals):
        with freeze_time(moment):
            self._reset_now()
            return self._complaint(**vals)

    def test_new_team_counts_calendar_hours(self):
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "New desk (test)", "is_complaint_team": True, "use_sla": True}
        )
        self.assertEqual(team.complaint_deadline_unit, "calendar")
        self.assertTrue(team.resource_calendar_id, "the company's working hours")

    def test_normal_severity_thursday_night(self):
        ticket = self._at(THURSDAY_1AM_BEIJING, severity_id=self.normal.id)
        # +24 h: Friday 01:00 Beijing; +72 h: Sunday 6 December 01:00 Beijing.
        self.assertDeadline(ticket.response_deadline, datetime(2026, 12, 3, 17, 0))
        self.assertDeadline(ticket.resolution_deadline, datetime(2026, 12, 5, 17, 0))
        self.assertEqual(ticket.complaint_deadline, ticket.response_deadline)
        lines = ticket.ticket_sla_ids
        self.assertEqual(set(lines.mapped("complaint_deadline_unit")), {"calendar"})
        self.assertEqual(sorted(lines.mapped("hours")), [24.0, 72.0])

    def test_major_severity_thursday_night(self):
        ticket = self._at(THURSDAY_1AM_BEIJING, severity_id=self.major.id)
        # +1 h: Thursday 02:00 Beijing; +24 h: Friday 01:00 Beijing.
        self.assertDeadline(ticket.response_deadline, datetime(2026, 12, 2, 18, 0))
        self.assertDeadline(ticket.resolution_deadline, datetime(2026, 12, 3, 17, 0))

    def test_calendar_hours_ignore_public_holidays(self):
        # A holiday of every calendar of the company.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "National holiday (test)",
                "date_from": "2026-12-03 16:00:00",
                "date_to": "2026-12-04 15:59:59",
            }
        )
        ticket = self._at(THURSDAY_1AM_BEIJING, severity_id=self.normal.id)
        self.assertDeadline(ticket.response_deadline, datetime(2026, 12, 3, 17, 0))

    def test_working_hours_team_skips_public_holiday(self):
        ticket = self._at(
            THURSDAY_1AM_BEIJING, team_id=self.office.id, severity_id=self.urgent.id
        )
        self.assertEqual(
            set(ticket.ticket_sla_ids.mapped("complaint_deadline_unit")), {"working"}
        )
        # 4 working hours: Thursday 08:00-12:00 Beijing.
        self.assertDeadline(ticket.response_deadline, datetime(2026, 12, 3, 4, 0))
        # 48 working hours = 6 office days: Thursday, (Friday is the holiday),
        # Monday to Friday 11 December, 17:00 Beijing.
        self.assertDeadline(ticket.resolution_deadline, datetime(2026, 12, 11, 9, 0))

    def test_time_used_counts_in_calendar_hours(self):
        ticket = self._at(THURSDAY_1AM_BEIJING, severity_id=self.normal.id)
        # Investigation starts at 06:00 Beijing, before the office opens:
        # five calendar hours used, the solution deadline does not move.
        with freeze_time("2026-12-02 22:00:00"):
            ticket.action_complaint_investigate()
        self.assertTrue(ticket.response_sla_met)
        resolution = ticket.ticket_sla_ids.filtered(
            lambda r: r.complaint_sla_kind == "resolution"
        )
        self.assertAlmostEqual(resolution.consumed_time, 5.0, places=3)
        self.assertEqual(resolution.state, "in_progress")
        self.assertDeadline(ticket.resolution_deadline, datetime(2026, 12, 5, 17, 0))
        self.assertEqual(ticket.complaint_deadline, ticket.resolution_deadline)

    def test_team_change_of_unit_keeps_promised_deadlines(self):
        before = self._at(
            THURSDAY_1AM_BEIJING, team_id=self.office.id, severity_id=self.normal.id
        )
        promised = before.resolution_deadline
        self.office.complaint_deadline_unit = "calendar"
        after = self._at(
            THURSDAY_1AM_BEIJING, team_id=self.office.id, severity_id=self.normal.id
        )
        self.assertEqual(before.resolution_deadline, promised)
        self.assertDeadline(after.resolution_deadline, datetime(2026, 12, 5, 17, 0))
        self.assertGreater(promised, after.resolution_deadline)

    def test_unit_is_not_written_by_hand(self):
        ticket = self._at(THURSDAY_1AM_BEIJING, severity_id=self.normal.id)
        line = ticket.ticket_sla_ids[:1]
        # The handler may write the line (helpdesk_mgmt_sla), not its unit.
        with self.assertRaisesRegex(AccessError, "Counted in"):
            line.with_user(self.handler).write({"complaint_deadline_unit": "working"})
        self.assertEqual(line.complaint_deadline_unit, "calendar")

    def test_working_hours_need_a_calendar(self):
        with self.assertRaises(ValidationError):
            self.office.resource_calendar_id = False


@tagged("post_install", "-at_install")
class TestPromisedDeadlineOnThanksPage(ComplaintIntakeHttpCase):
    """The thank-you page and the acknowledgement e-mail of the public form
    give the solution deadline as a date and time of the customer's zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.peak.period"].search([]).active = False
        # The company's 8-hour calendar: calendar hours all the same.
        cls.team.resource_calendar_id = cls.env.company.resource_calendar_id
        cls.env.company.partner_id.tz = "Asia/Shanghai"

    def test_thanks_page_states_date_and_time(self):
        before = self._tickets()
        response = self._post("/complaint/new", self._form_data())
        self.assertEqual(response.status_code, 303, response.text[-2000:])
        ticket = self._tickets() - before
        self.assertFalse(ticket.partner_id.tz, "a guest has no time zone")
        severity = ticket.severity_id
        self.assertAlmostEqual(
            (ticket.resolution_deadline - ticket.create_date).total_seconds(),
            severity.resolution_hours * 3600,
            delta=1,
        )
        local = pytz.utc.localize(ticket.resolution_deadline).astimezone(
            pytz.timezone("Asia/Shanghai")
        )
        when = f"{format_skeleton('yMMMd', local, locale='en_US')} {local:%H:%M}"
        thanks = self.url_open(response.headers["Location"])
        self.assertIn(f"Expected solution by {when}", thanks.text)
        # The acknowledgement e-mail makes the same promise, in its language.
        lang = ticket.partner_id.lang or "zh_CN"
        mail = self.env["mail.mail"].search(
            [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        day = format_skeleton("yMMMd", local, locale=lang)
        self.assertIn(f"{day} {local:%H:%M}", "".join(mail.mapped("body_html")))
