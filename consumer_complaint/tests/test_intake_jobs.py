# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os
from unittest.mock import patch

from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.job import Job
from odoo.tests import tagged
from odoo.tools import SQL

from .common import ComplaintCase

EFFECTS = "_complaint_intake_effects"


# After install: Odoo sends no assignment notification while modules load.
@tagged("post_install", "-at_install")
class TestIntakeJobs(ComplaintCase):
    """What the customer need not wait for leaves the intake's request as one
    queue_job job, enqueued when the request commits."""

    def setUp(self):
        super().setUp()
        # The test command runs jobs where they are enqueued
        # (QUEUE_JOB__NO_DELAY); here they are queued as on a server.
        environ = patch.dict(os.environ)
        environ.start()
        self.addCleanup(environ.stop)
        os.environ.pop("QUEUE_JOB__NO_DELAY", None)
        self.env["complaint.triage.model"]._train_starter()

    def _intake(self, count=1, **vals):
        """Complaints registered by a receptionist, mail tracking on."""
        env = self.env(
            user=self.receptionist,
            context=dict(self.env.context, tracking_disable=False),
        )
        return env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Dumplings smell sour {i}",
                    "description": "<p>The dumplings smell sour after cooking.</p>",
                    "team_id": self.team.id,
                    "partner_id": self.customer.id,
                    "severity_id": self.major.id,
                    **vals,
                }
                for i in range(count)
            ]
        )

    def _jobs(self):
        return self.env["queue.job"].search([("method_name", "=", EFFECTS)])

    def _acknowledgements(self, tickets):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "in", tickets.ids),
                ("recipient_ids", "in", self.customer.ids),
            ]
        )

    def _assignments(self, ticket):
        return self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", ticket.user_id.partner_id.ids),
            ]
        )

    def _creation_messages(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: m.subtype_id == ticket._creation_subtype()
        )

    def _supervisor_activities(self, tickets):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "in", tickets.ids),
                ("user_id", "=", self.supervisor.id),
            ]
        )

    def _indexed(self, tickets):
        tickets.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM helpdesk_ticket "
                "WHERE id = ANY(%s) AND complaint_terms IS NOT NULL",
                tickets.ids,
            )
        )
        return self.env.cr.fetchone()[0]

    def _perform(self, job_record):
        return Job.load(self.env, job_record.uuid).perform()

    def test_effects_run_after_the_commit_once(self):
        ticket = self._intake()
        self.assertTrue(ticket.user_id, "routed to a handler in the request")
        self.assertFalse(self._acknowledgements(ticket))
        self.assertFalse(self._assignments(ticket))
        self.assertFalse(self._supervisor_activities(ticket))
        self.assertEqual(self._indexed(ticket), 0)
        self.assertFalse(self._creation_messages(ticket))
        self.assertFalse(self._jobs(), "nothing is queued before the commit")

        self.env.cr.precommit.run()  # what the commit of the request runs

        job = self._jobs()
        self.assertEqual(len(job), 1)
        self.assertEqual(job.channel, "root.complaint_intake")
        self.assertEqual(job.records, ticket)
        self.assertEqual(job.state, "pending")
        self.assertFalse(self._acknowledgements(ticket), "sent by the job only")

        self._perform(job)

        self.assertEqual(len(self._acknowledgements(ticket)), 1)
        self.assertEqual(len(self._assignments(ticket)), 1)
        self.assertEqual(len(self._supervisor_activities(ticket)), 1)
        self.assertEqual(self._indexed(ticket), 1)
        self.assertIn(ticket.user_id.partner_id, ticket.message_partner_ids)
        created = self._creation_messages(ticket)
        self.assertEqual(len(created), 1)
        self.assertEqual(created.author_id, self.receptionist.partner_id)
        self.assertEqual(created.date, ticket.create_date)

    def test_acknowledged_even_if_moved_before_the_job(self):
        ticket = self._intake(severity_id=self.normal.id)
        self.env.cr.precommit.run()
        ticket.with_user(ticket.user_id)._complaint_move_to("investigating")
        self._perform(self._jobs())
        mail = self._acknowledgements(ticket)
        self.assertEqual(len(mail), 1, "the e-mail of the stage it was filed in")
        self.assertIn(ticket.number, mail.subject)

    def test_known_customer_is_asked_by_the_job(self):
        known = self.env["res.partner"].create(
            {"name": "Known Customer", "email": "known@example.com"}
        )
        ticket = self._intake(severity_id=self.normal.id)
        # What the intake records when a guest typed a customer's contact.
        ticket.sudo().complaint_link_partner_id = known
        self.env.cr.precommit.run()
        asked = [
            ("email_to", "ilike", known.email),
            ("body_html", "ilike", "/confirm/"),
        ]
        self.assertFalse(self.env["mail.mail"].search(asked))
        self._perform(self._jobs())
        self.assertEqual(len(self.env["mail.mail"].search(asked)), 1)
        self.assertTrue(ticket.sudo().complaint_link_nonce)

    def test_one_job_per_transaction(self):
        first = self._intake(count=2)
        second = self._intake()
        self.env.cr.precommit.run()
        job = self._jobs()
        self.assertEqual(len(job), 1)
        self.assertEqual(job.records, first | second)

    def test_rolled_back_intake_queues_nothing(self):
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            self._intake()
            raise RuntimeError("the channel failed after create()")
        self.env.cr.precommit.run()
        self.assertFalse(self._jobs())

    def test_quiet_import_sends_no_mail(self):
        env = self.env(user=self.receptionist)  # tracking_disable: an import
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "Imported complaint",
                "description": "<p>From last year's spreadsheet.</p>",
                "team_id": self.team.id,
                "partner_id": self.customer.id,
                "severity_id": self.major.id,
            }
        )
        self.env.cr.precommit.run()
        self._perform(self._jobs())
        self.assertFalse(self._acknowledgements(ticket))
        self.assertFalse(self._assignments(ticket))
        self.assertEqual(len(self._supervisor_activities(ticket)), 1)

    def test_failure_is_retried_then_failed(self):
        ticket = self._intake()
        self.env.cr.precommit.run()
        job = Job.load(self.env, self._jobs().uuid)
        self.assertEqual(job.job_config.retry_pattern, {1: 10, 2: 60, 4: 300})
        Ticket = type(self.env["helpdesk.ticket"])
        with patch.object(
            Ticket, "_complaint_index_terms", side_effect=OSError("index down")
        ):
            for attempt in range(1, job.max_retries):
                with self.assertRaises(RetryableJobError):
                    job.perform()
                self.assertEqual(job.retry, attempt)
            with self.assertRaises(FailedJobError):
                job.perform()
        self.assertTrue(ticket.exists())
