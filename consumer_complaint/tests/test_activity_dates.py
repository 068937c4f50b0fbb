# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import freeze_time, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestActivityDates(ComplaintCase):
    """Activities are due on a day of the recipient's calendar and say what
    to do in the recipient's language, whoever or whatever created them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.supervisor.write({"tz": "Asia/Shanghai", "lang": "zh_CN"})
        cls.handler_other.write({"tz": "Asia/Shanghai", "lang": "zh_CN"})
        # The acting user writes in English: the summary must not follow them.
        cls.receptionist.write({"tz": "Europe/London", "lang": "en_US"})

    def _activity(self, ticket, xmlid):
        return ticket.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(xmlid)
        )

    def test_major_complaint_after_local_midnight(self):
        # 01:05 in Beijing on 3 December is 17:05 UTC on 2 December.
        with freeze_time("2026-12-02 17:05:00"):
            self._reset_now()
            # Created as the receptionist, who works in English in London.
            ticket = (
                self.env["helpdesk.ticket"]
                .with_user(self.receptionist)
                .with_context(lang="en_US", tz="Europe/London")
                .create(
                    {
                        "name": "Whole family sick after the dumplings",
                        "description": "<p>Food poisoning, three in hospital.</p>",
                        "team_id": self.team.id,
                        "partner_id": self.customer.id,
                        "severity_id": self.major.id,
                    }
                )
            )
            # The intake job gives supervisors their activity after the commit.
            self.env.cr.flush()
            activity = self._activity(
                ticket.sudo(), "consumer_complaint.mail_activity_complaint_major"
            )
            self.assertEqual(activity.user_id, self.supervisor)
            self.assertEqual(activity.date_deadline, date(2026, 12, 3))
            self.assertEqual(activity.state, "today", "not overdue at birth")
            self.assertEqual(activity.summary, "已登记重大投诉")

    def test_deadline_warning_on_the_local_day_of_the_deadline(self):
        Ticket = self.env["helpdesk.ticket"]
        # Normal severity on the 24x7 team: response due 24 h after 16:30 UTC,
        # i.e. 00:30 Beijing on 5 December, which is 4 December in UTC.
        with freeze_time("2026-12-03 16:30:00"):
            self._reset_now()
            ticket = self._complaint(
                team_id=self.team_other.id, user_id=self.handler_other.id
            )
        with freeze_time("2026-12-04 15:00:00"):
            Ticket._cron_complaint_deadlines()
        warning = self._activity(
            ticket, "consumer_complaint.mail_activity_complaint_deadline"
        )
        self.assertEqual(len(warning), 1)
        self.assertEqual(
            ticket.complaint_deadline.date(),
            date(2026, 12, 4),
            "precondition: the UTC day differs from the local one",
        )
        self.assertEqual(warning.date_deadline, date(2026, 12, 5))
        self.assertEqual(warning.summary, "即将到期")

    def test_breach_escalation_due_today_in_beijing(self):
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2026-12-01 16:10:00"):
            self._reset_now()
            ticket = self._complaint(
                team_id=self.team_other.id, user_id=self.handler_other.id
            )
        # 00:30 Beijing on 3 December: past the 24 h response deadline.
        with freeze_time("2026-12-02 16:30:00"):
            Ticket._cron_complaint_deadlines()
            breach = self._activity(
                ticket, "consumer_complaint.mail_activity_complaint_breach"
            )
            self.assertEqual(breach.user_id, self.supervisor)
            self.assertEqual(breach.date_deadline, date(2026, 12, 3))
            self.assertEqual(breach.state, "today")
            self.assertEqual(breach.summary, "已超时")
