# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Faults: the database failing during a submission, concurrent submissions,
a complaint that breaks the deadline cron, crons after a restart."""

import re
import threading
from datetime import timedelta
from unittest.mock import patch

import psycopg2
import requests
from odoo import fields
from odoo.exceptions import ValidationError
from odoo.sql_db import TestCursor
from odoo.tests import tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME
from odoo.tools import SQL, mute_logger

from .common import ComplaintCase
from .test_public_form import PNG, ComplaintIntakeHttpCase

CONTROLLER_LOGGER = "odoo.addons.consumer_complaint.controllers.main"


@tagged("post_install", "-at_install")
class TestHardeningFaults(ComplaintIntakeHttpCase):
    def _counts(self):
        self.env.cr.flush()
        self.env.invalidate_all()
        env = self.env
        return {
            "tickets": env["helpdesk.ticket"].search_count([]),
            "partners": env["res.partner"]
            .with_context(active_test=False)
            .search_count([]),
            "attachments": env["ir.attachment"].search_count(
                [("res_model", "=", "helpdesk.ticket")]
            ),
            "events": env["complaint.event"].search_count([]),
        }

    def test_connection_lost_during_submission(self):
        """The database fails after the complaint, its partner and its
        files were written: an error page, what was typed is kept, nothing
        is left behind."""
        counts = self._counts()
        Ticket = self.registry["helpdesk.ticket"]
        lost = psycopg2.OperationalError("server closed the connection unexpectedly")
        with (
            patch.object(
                Ticket, "_complaint_attach_files", side_effect=lost, autospec=True
            ),
            self.assertLogs(CONTROLLER_LOGGER, "ERROR") as logs,
        ):
            response = self._post(
                "/complaint/new",
                self._form_data(order_ref="KEEP-42", email="lost@example.com"),
                files=[("attachments", ("a.png", PNG, "image/png"))],
            )
        self.assertIn("could not be registered", logs.output[0])
        self._assert_refused(response, "technical problem", 503)
        self.assertIn('value="KEEP-42"', response.text)
        self.assertEqual(self._counts(), counts)

    def test_commit_fails(self):
        """The connection is lost when the transaction commits: Odoo's error
        page, and the complaint is not half registered."""
        data = self._form_data(email="commit@example.com")
        counts = self._counts()
        commit = TestCursor.commit
        failed = []

        def commit_or_fail(cursor):
            request_thread = threading.current_thread().name.startswith(
                "odoo.service.http.request"
            )
            if request_thread and not failed:
                failed.append(cursor)
                raise psycopg2.OperationalError("connection to server was lost")
            return commit(cursor)

        with (
            patch.object(TestCursor, "commit", commit_or_fail),
            self.assertLogs("odoo.http", "ERROR"),
        ):
            response = self._post("/complaint/new", data)
        self.assertTrue(failed)
        self.assertEqual(response.status_code, 500)
        self.assertEqual(self._counts(), counts)
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "commit@example.com")])
        )

    def test_serialization_conflict_is_replayed(self):
        """Two submissions chain onto the same event log entry: the later one
        fails to serialise and Odoo replays it; the customer sees nothing."""
        counts = self._counts()
        Ticket = self.registry["helpdesk.ticket"]
        create = Ticket._complaint_intake_create
        calls = []

        def conflict_once(records, *args, **kwargs):
            calls.append(1)
            if len(calls) == 1:
                records.env.cr.execute(
                    SQL(
                        "DO $$ BEGIN RAISE EXCEPTION 'concurrent update' "
                        "USING ERRCODE = 'serialization_failure'; END $$"
                    )
                )
            return create(records, *args, **kwargs)

        data = self._form_data(email="replay@example.com")
        with (
            patch.object(Ticket, "_complaint_intake_create", conflict_once),
            patch("odoo.service.model.random.uniform", return_value=0.0),
            # The failed statement is logged by the cursor, as in production.
            mute_logger("odoo.sql_db"),
        ):
            response = self._post("/complaint/new", data)
        self.assertEqual(response.status_code, 303, response.text[-1500:])
        self.assertEqual(len(calls), 2)
        after = self._counts()
        self.assertEqual(after["tickets"], counts["tickets"] + 1)

    def test_parallel_submissions(self):
        """20 guests submit at the same time: 20 complaints, 20 numbers."""
        clients = 20
        before = self._tickets()
        self.env.cr.flush()
        base = self.base_url()
        results, errors = [], []

        def submit(index):
            try:
                session = requests.Session()
                session.cookies.set(TEST_CURSOR_COOKIE_NAME, self.http_request_key)
                session.cookies.set("frontend_lang", "en_US")
                page = session.get(f"{base}/complaint/new", timeout=60)
                csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
                data = self._form_data(
                    csrf=csrf.group(1),
                    email=f"parallel{index}@example.com",
                    phone=f"139{index:08d}",
                )
                response = session.post(
                    f"{base}/complaint/new",
                    data=data,
                    allow_redirects=False,
                    timeout=60,
                )
                results.append(response.status_code)
            except Exception as exc:
                errors.append(repr(exc))

        # _form_data reads the fixtures: load them before the threads start.
        self._form_data(csrf="warm-up")
        threads = [threading.Thread(target=submit, args=(i,)) for i in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse(errors)
        self.assertEqual(results, [303] * clients)
        tickets = self._tickets() - before
        self.assertEqual(len(tickets), clients)
        self.assertEqual(len(set(tickets.mapped("number"))), clients)
        self.assertTrue(all(tickets.mapped("number")))


@tagged("post_install", "-at_install")
class TestHardeningCron(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref("consumer_complaint.ir_cron_complaint_deadlines")
        cls.warn_type = cls.env.ref(
            "consumer_complaint.mail_activity_complaint_deadline"
        )

    def _due_for_warning(self, **vals):
        """A complaint whose deadline warning is due now."""
        ticket = self._complaint(user_id=self.handler.id, **vals)
        now = fields.Datetime.now()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET complaint_deadline = %s,"
                " deadline_warning_date = %s, warned_deadline = NULL"
                " WHERE id = %s",
                now + timedelta(hours=2),
                now - timedelta(hours=1),
                ticket.id,
            )
        )
        ticket.invalidate_recordset()
        return ticket

    def _warnings(self, ticket):
        return ticket.activity_ids.filtered(
            lambda a: a.activity_type_id == self.warn_type
        )

    def _process_cron(self):
        """Run the cron job as the cron worker does after a restart."""
        job = {
            **self.cron.read(load=None)[0],
            "done": 0,
            "remaining": 0,
            "timed_out_counter": 0,
        }
        self.env.flush_all()
        self.registry.enter_test_mode(self.cr)
        try:
            self.registry["ir.cron"]._process_job(
                self.registry.db_name, self.registry.cursor(), job
            )
        finally:
            self.registry.leave_test_mode()
        self.env.invalidate_all()

    def test_cron_resumes_after_restart(self):
        """The server was down for five hours: at restart the cron is due,
        runs once (missed runs are not replayed), does the late work and is
        scheduled on its usual grid."""
        ticket = self._due_for_warning()
        interval = timedelta(minutes=self.cron.interval_number)
        self.assertEqual(self.cron.interval_type, "minutes")
        missed = fields.Datetime.now() - timedelta(hours=5, minutes=3)
        self.cron.write({"nextcall": missed, "lastcall": missed - interval})
        self.env.flush_all()
        ready = self.registry["ir.cron"]._get_all_ready_jobs(self.cr)
        self.assertIn(self.cron.id, [job["id"] for job in ready])
        with mute_logger("odoo.addons.base.models.ir_cron"):
            self._process_cron()
        now = fields.Datetime.now()
        self.assertEqual(len(self._warnings(ticket)), 1)
        self.assertTrue(self.cron.active)
        self.assertEqual(self.cron.failure_count, 0)
        self.assertLessEqual(abs((self.cron.lastcall - now).total_seconds()), 60)
        self.assertGreater(self.cron.nextcall, now - timedelta(seconds=60))
        self.assertLessEqual(self.cron.nextcall, now + interval)
        self.assertEqual((self.cron.nextcall - missed) % interval, timedelta(0))
        ready = self.registry["ir.cron"]._get_all_ready_jobs(self.cr)
        self.assertNotIn(self.cron.id, [job["id"] for job in ready])
        # A second restart does not warn twice.
        self.cron.nextcall = now - interval
        with mute_logger("odoo.addons.base.models.ir_cron"):
            self._process_cron()
        self.assertEqual(len(self._warnings(ticket)), 1)

    def test_failed_run_is_retried(self):
        """A run that fails is counted, keeps the cron active and is tried
        again at the next slot; nothing of the failed run is kept."""
        ticket = self._due_for_warning()
        self.cron.nextcall = fields.Datetime.now() - timedelta(minutes=1)
        Ticket = self.registry["helpdesk.ticket"]
        with (
            patch.object(
                Ticket,
                "_complaint_send_digest",
                side_effect=psycopg2.OperationalError("lost"),
                autospec=True,
            ),
            mute_logger("odoo.addons.base.models.ir_cron"),
        ):
            self._process_cron()
        self.assertEqual(self.cron.failure_count, 1)
        self.assertTrue(self.cron.active)
        self.assertFalse(self._warnings(ticket))
        self.cron.nextcall = fields.Datetime.now() - timedelta(minutes=1)
        with mute_logger("odoo.addons.base.models.ir_cron"):
            self._process_cron()
        self.assertEqual(self.cron.failure_count, 0)
        self.assertEqual(len(self._warnings(ticket)), 1)

    def test_broken_complaint_does_not_stop_the_run(self):
        """One complaint whose activity breaks a rule is logged and skipped
        (and tried again next run); the others are warned."""
        healthy = self._due_for_warning()
        broken = self._due_for_warning(name="Broken")
        Activity = self.registry["mail.activity"]
        create = Activity.create

        def refuse_broken(records, vals_list):
            if any(vals.get("res_id") == broken.id for vals in vals_list):
                raise ValidationError(self.env._("This activity breaks a rule."))
            return create(records, vals_list)

        self.cron.nextcall = fields.Datetime.now() - timedelta(minutes=1)
        with (
            patch.object(Activity, "create", refuse_broken),
            self.assertLogs(
                "odoo.addons.consumer_complaint.models.helpdesk_ticket", "WARNING"
            ) as logs,
        ):
            self._process_cron()
        self.assertEqual(len(self._warnings(healthy)), 1)
        self.assertFalse(self._warnings(broken))
        self.assertEqual(self.cron.failure_count, 0)
        self.assertIn(f"(id {broken.id})", logs.output[0])
        self.assertFalse(broken.warned_deadline, "tried again at the next run")
