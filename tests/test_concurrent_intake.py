# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Complaints registered at the same time, each in its own committed
transaction, get unique numbers and an intact event log."""

import threading
from functools import partial

from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.sql_db import db_connect

from .suite_case import SuiteCase

THREADS = 4
PER_THREAD = 10


class TestConcurrentIntake(SuiteCase):
    def test_concurrent_numbers_are_unique(self):
        dbname = self.env.cr.dbname
        team_id = self.env.ref("consumer_complaint.team_quality_demo").id
        created, errors = [], []

        def register(env, index):
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": f"Concurrent {index}",
                    "description": "<p>Registered at the same time as others.</p>",
                    "team_id": team_id,
                }
            )
            return ticket.id, ticket.number

        def worker(worker_index):
            try:
                for i in range(PER_THREAD):
                    # Real, separately committed transactions (not the test cursor).
                    with db_connect(dbname).cursor() as cr:
                        env = api.Environment(cr, SUPERUSER_ID, {})
                        created.append(
                            retrying(
                                partial(register, env, worker_index * 100 + i), env
                            )
                        )
            except Exception as error:  # reported below
                errors.append(repr(error))

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertFalse(errors)
        numbers = [number for _id, number in created]
        self.assertEqual(len(numbers), THREADS * PER_THREAD)
        self.assertEqual(len(set(numbers)), len(numbers), "numbers are unique")
        self.assertTrue(all(n.startswith("TS") for n in numbers))
        with db_connect(dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            ok, broken = env["complaint.event"]._verify_chain()
            self.assertTrue(ok, f"event chain broken at {broken}")
