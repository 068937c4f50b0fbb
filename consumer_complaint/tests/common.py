# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import contextlib
import logging

from odoo import fields
from odoo.tests.common import TransactionCase, new_test_user


class CountedSubTests:
    """Counts the named cases (subtests) a test class runs and logs the
    number, which the test command prints per suite."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._cases_run = 0

    @contextlib.contextmanager
    def subTest(self, *args, **params):
        type(self)._cases_run += 1
        with super().subTest(*args, **params):
            yield

    @classmethod
    def tearDownClass(cls):
        if cls._cases_run:
            logging.getLogger(cls.__module__).info(
                "%s: %s cases", cls.__name__, cls._cases_run
            )
        super().tearDownClass()


class ComplaintCase(CountedSubTests, TransactionCase):
    """Fixtures shared by the complaint tests; no demo data is used."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Office hours (test)", "tz": "Asia/Shanghai"}
        )
        cls.calendar_24x7 = cls.env.ref("consumer_complaint.resource_calendar_24x7")
        cls.major = cls.env.ref("consumer_complaint.severity_major")
        cls.urgent = cls.env.ref("consumer_complaint.severity_urgent")
        cls.normal = cls.env.ref("consumer_complaint.severity_normal")
        groups = "consumer_complaint.group_complaint_{}".format
        cls.handler = new_test_user(
            cls.env,
            "cc_handler",
            groups=groups("handler"),
            name="Handler One",
            email="cc_handler@example.com",
        )
        cls.handler2 = new_test_user(
            cls.env,
            "cc_handler2",
            groups=groups("handler"),
            name="Handler Two",
            email="cc_handler2@example.com",
        )
        cls.handler_other = new_test_user(
            cls.env,
            "cc_handler_other",
            groups=groups("handler"),
            name="Other Team",
            email="cc_handler_other@example.com",
        )
        cls.supervisor = new_test_user(
            cls.env,
            "cc_supervisor",
            groups=groups("supervisor"),
            name="Supervisor",
            email="cc_supervisor@example.com",
        )
        cls.receptionist = new_test_user(
            cls.env,
            "cc_reception",
            groups=groups("receptionist"),
            name="Reception",
            email="cc_reception@example.com",
        )
        cls.analyst = new_test_user(
            cls.env,
            "cc_analyst",
            groups=groups("analyst"),
            name="Analyst",
            email="cc_analyst@example.com",
        )
        cls.manager = new_test_user(
            cls.env,
            "cc_manager",
            groups=groups("manager"),
            name="Manager",
            email="cc_manager@example.com",
        )
        Team = cls.env["helpdesk.ticket.team"]
        cls.team = Team.create(
            {
                "name": "Quality (test)",
                "is_complaint_team": True,
                "use_sla": True,
                "resource_calendar_id": cls.calendar.id,
                "user_id": cls.supervisor.id,
                "user_ids": [(6, 0, [cls.handler.id, cls.handler2.id])],
            }
        )
        cls.team_other = Team.create(
            {
                "name": "Logistics (test)",
                "is_complaint_team": True,
                "use_sla": True,
                "resource_calendar_id": cls.calendar_24x7.id,
                "user_id": cls.supervisor.id,
                "user_ids": [(6, 0, [cls.handler_other.id])],
            }
        )
        cls.plain_team = Team.create({"name": "IT support (test)"})
        cls.category = cls.env.ref("consumer_complaint.category_quality_odor")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Test Customer", "email": "customer@example.com"}
        )
        cls.stage = {
            state: cls.env["helpdesk.ticket.stage"]._complaint_stage(state)
            for state in (
                "accepted",
                "investigating",
                "solution",
                "review",
                "feedback",
                "execution",
                "followup",
                "archived",
                "withdrawn",
            )
        }

    @classmethod
    def _complaint(cls, **vals):
        values = {
            "name": "Dumplings smell sour",
            "description": "<p>The dumplings smell sour after cooking.</p>",
            "team_id": cls.team.id,
            "partner_id": cls.customer.id,
            "severity_id": cls.normal.id,
        }
        values.update(vals)
        return cls.env["helpdesk.ticket"].create(values)

    def _reset_now(self):
        """Make the transaction time (create_date) follow the frozen clock.

        The cursor outlives the test, so its clock is restored afterwards:
        otherwise a later test would create records in the frozen past."""
        self.addCleanup(setattr, self.env.cr, "_now", self.env.cr._now)
        self.env.cr._now = fields.Datetime.now()
