# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tampering with the event log in the database, column by column and entry
by entry, is found by the chain verification (test_complaint_event.py covers
the basic edit, deletion and reordering)."""

from odoo.tests import tagged
from odoo.tools import SQL

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestHardeningEventLog(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tickets = cls.env["helpdesk.ticket"].create(
            [
                {"name": f"Log {i}", "description": "<p>x</p>", "team_id": cls.team.id}
                for i in range(3)
            ]
        )
        cls.tickets[0].action_complaint_investigate()
        cls.Event = cls.env["complaint.event"]
        cls.other_company = cls.env["res.company"].create({"name": "Log Co B"})
        other_team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Log team B",
                "is_complaint_team": True,
                "company_id": cls.other_company.id,
            }
        )
        cls.other_ticket = cls.env["helpdesk.ticket"].create(
            {"name": "Log B", "description": "<p>x</p>", "team_id": other_team.id}
        )
        # Tampering happens after the entries were sealed by the cron.
        cls.Event._seal()

    def _events(self, company=None):
        company = company or self.company
        return self.Event.search([("company_id", "=", company.id)], order="id")

    def _sql(self, query, *args):
        self.env.flush_all()
        self.env.cr.execute(SQL(query, *args))
        self.env.invalidate_all()

    def _assert_broken(self, expected_id=None, company=None):
        ok, broken = self.Event._verify_chain(company)
        self.assertFalse(ok, "the tampering is found")
        if expected_id is not None:
            self.assertEqual(broken, expected_id)

    def test_chains_intact_per_company(self):
        self.assertGreaterEqual(len(self._events()), 4)
        self.assertTrue(self._events(self.other_company))
        self.assertEqual(self.Event._verify_chain(), (True, None))
        self.assertEqual(self.Event._verify_chain(self.other_company), (True, None))

    def test_each_column_edited(self):
        edits = [
            ("summary", "summary = summary || ' (edited)'", ()),
            ("event type", "event_type = 'other'", ()),
            ("payload", "payload = '{\"amount\": 9999}'", ()),
            ("complaint", "ticket_id = %s", (self.other_ticket.id,)),
            ("author", "user_id = %s", (self.handler.id,)),
            ("date", "date = date - interval '1 day'", ()),
            ("previous hash", "previous_hash = repeat('0', 64)", ()),
            ("own hash", "hash = repeat('f', 64)", ()),
        ]
        for case, assignment, params in edits:
            with self.subTest(case=case):
                target = self._events()[-2]
                with self.env.cr.savepoint(flush=False) as savepoint:
                    self._sql(
                        "UPDATE complaint_event SET " + assignment + " WHERE id = %s",
                        *params,
                        target.id,
                    )
                    self._assert_broken(target.id)
                    savepoint.rollback()
                self.env.invalidate_all()
                self.assertEqual(self.Event._verify_chain(), (True, None))

    def test_edit_with_recomputed_hash(self):
        """The forger recomputes the edited entry's hash: the next entry no
        longer chains onto it."""
        events = self._events()
        target, following = events[-3], events[-2]
        row = target.read(
            [
                "ticket_id",
                "event_type",
                "payload",
                "user_id",
                "date",
                "company_id",
                "chain_seq",
                "content_salt",
            ],
            load=None,
        )[0]
        row["summary"] = "forged, with a valid own hash"
        # The chain seals the digest of the wording: the forger recomputes it.
        row["content_digest"] = self.Event._wording_digest(
            row["content_salt"], row["summary"], row["payload"]
        )
        forged = self.Event._content_digest(row, target.previous_hash)
        self._sql(
            "UPDATE complaint_event SET summary = %s, content_digest = %s,"
            " hash = %s WHERE id = %s",
            row["summary"],
            row["content_digest"],
            forged,
            target.id,
        )
        self._assert_broken(following.id)

    def test_tail_rewritten_without_head(self):
        """The forger rewrites every hash after the edit; the company's head
        still holds the true last hash."""
        events = self._events()
        previous = events[-3].previous_hash
        for index, event in enumerate(events[-3:]):
            row = event.read(
                [
                    "ticket_id",
                    "event_type",
                    "summary",
                    "payload",
                    "user_id",
                    "date",
                    "company_id",
                    "chain_seq",
                    "content_salt",
                ],
                load=None,
            )[0]
            if not index:
                row["summary"] = "rewritten"
            row["content_digest"] = self.Event._wording_digest(
                row["content_salt"], row["summary"], row["payload"]
            )
            digest = self.Event._content_digest(row, previous)
            self._sql(
                "UPDATE complaint_event SET summary = %s, content_digest = %s,"
                " previous_hash = %s, hash = %s WHERE id = %s",
                row["summary"],
                row["content_digest"],
                previous,
                digest,
                event.id,
            )
            previous = digest
        self._assert_broken(events[-1].id)

    def test_entry_inserted(self):
        """A forged entry appended with a valid chain hash: the head differs."""
        last = self._events()[-1]
        row = last.read(["ticket_id", "user_id", "date", "company_id"], load=None)[0]
        row.update(event_type="other", summary="forged entry", payload=False)
        digest = self.Event._content_digest(row, last.hash)
        self._sql(
            "INSERT INTO complaint_event (ticket_id, event_type, summary, user_id,"
            " date, company_id, previous_hash, hash)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            row["ticket_id"],
            row["event_type"],
            row["summary"],
            row["user_id"],
            row["date"],
            row["company_id"],
            last.hash,
            digest,
        )
        self._assert_broken()

    def test_first_entry_deleted(self):
        events = self._events()
        self._sql("DELETE FROM complaint_event WHERE id = %s", events[0].id)
        self._assert_broken(events[1].id)

    def test_whole_log_deleted(self):
        self._sql("DELETE FROM complaint_event WHERE company_id = %s", self.company.id)
        self._assert_broken()

    def test_ids_swapped(self):
        """Two entries exchange their places (ids), contents untouched."""
        a, b = self._events()[-3:-1]
        self._sql(
            "UPDATE complaint_event SET id = -id WHERE id = %s;"
            " UPDATE complaint_event SET id = %s WHERE id = %s;"
            " UPDATE complaint_event SET id = %s WHERE id = %s",
            a.id,
            a.id,
            b.id,
            b.id,
            -a.id,
        )
        # The id is sealed in each hash: the first swapped place is reported.
        ok, broken = self.Event._verify_chain()
        self.assertFalse(ok)
        self.assertIn(broken, (a.id, b.id))

    def test_entry_moved_to_another_company(self):
        """An entry moved to another company's chain breaks both chains."""
        target = self._events()[-2]
        self._sql(
            "UPDATE complaint_event SET company_id = %s WHERE id = %s",
            self.other_company.id,
            target.id,
        )
        self._assert_broken()
        self._assert_broken(company=self.other_company)

    def test_other_company_unaffected(self):
        target = self._events(self.other_company)[-1]
        self._sql(
            "UPDATE complaint_event SET summary = 'edited' WHERE id = %s", target.id
        )
        self.assertEqual(self.Event._verify_chain(), (True, None))
        self._assert_broken(target.id, company=self.other_company)
