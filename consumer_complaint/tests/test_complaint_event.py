# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintEventLog(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tickets = cls.env["helpdesk.ticket"].create(
            [
                {"name": f"E{i}", "description": "<p>x</p>", "team_id": cls.team.id}
                for i in range(4)
            ]
        )
        cls.tickets[0].action_complaint_investigate()
        cls.Event = cls.env["complaint.event"]
        # What an attacker could change later is what the cron has sealed.
        cls.Event._seal()

    def _events(self):
        return self.Event.search([("company_id", "=", self.company.id)], order="id")

    def test_chain_is_intact(self):
        ok, broken = self.Event._verify_chain()
        self.assertTrue(ok, broken)
        events = self._events()
        for previous, current in zip(events, events[1:], strict=False):
            self.assertEqual(current.previous_hash, previous.hash)
            self.assertEqual(len(current.hash), 64)
        action = self.Event.action_verify_integrity()
        self.assertEqual(action["params"]["type"], "success")

    def test_entries_are_sealed_later_in_order(self):
        ticket = self._complaint()
        new = self.Event.search([("ticket_id", "=", ticket.id)])
        self.assertTrue(new)
        self.assertFalse(any(new.mapped("hash")), "written unsealed: no shared row")
        last = self._events().filtered("chain_seq")[-1]
        self.Event._cron_seal()
        self.assertEqual(new[-1].previous_hash, last.hash)
        self.assertEqual(new[-1].chain_seq, last.chain_seq + 1)
        self.assertEqual(self.company.complaint_event_head, new[0].hash)
        self.assertEqual(self.Event._verify_chain(), (True, None))

    def test_orm_refuses_changes(self):
        event = self._events()[-1]
        with self.assertRaises(UserError):
            event.write({"summary": "changed"})
        with self.assertRaises(UserError):
            event.unlink()
        with self.assertRaises(UserError):
            self.Event.create({"event_type": "other", "summary": "forged"})

    def test_sql_edit_detected(self):
        target = self._events()[-3]
        self.env.cr.execute(
            SQL(
                "UPDATE complaint_event SET summary = 'forged' WHERE id = %s", target.id
            )
        )
        ok, broken = self.Event._verify_chain()
        self.assertFalse(ok)
        self.assertEqual(broken, target.id)
        action = self.Event.action_verify_integrity()
        self.assertEqual(action["params"]["type"], "danger")

    def test_sql_delete_detected(self):
        events = self._events()
        self.env.cr.execute(
            SQL("DELETE FROM complaint_event WHERE id = %s", events[-3].id)
        )
        ok, broken = self.Event._verify_chain()
        self.assertFalse(ok)
        self.assertEqual(broken, events[-2].id)

    def test_sql_delete_last_detected(self):
        events = self._events()
        self.env.cr.execute(
            SQL("DELETE FROM complaint_event WHERE id = %s", events[-1].id)
        )
        ok, _broken = self.Event._verify_chain()
        self.assertFalse(ok)

    def test_sql_reorder_detected(self):
        a, b = self._events()[-3:-1]
        # Swap the contents of two entries, hashes included.
        self.env.cr.execute(
            SQL(
                """
                UPDATE complaint_event e SET
                    ticket_id = o.ticket_id, event_type = o.event_type,
                    summary = o.summary, payload = o.payload, date = o.date,
                    previous_hash = o.previous_hash, hash = o.hash
                  FROM complaint_event o
                 WHERE (e.id, o.id) IN ((%s, %s), (%s, %s))
                """,
                a.id,
                b.id,
                b.id,
                a.id,
            )
        )
        ok, broken = self.Event._verify_chain()
        self.assertFalse(ok)
        self.assertEqual(broken, a.id)
