# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestReportMerge(TransactionCase):
    """A complaint filed twice and merged counts once in the reports, with
    the compensation of both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.handler = new_test_user(
            cls.env,
            "rep_merge_handler",
            groups="consumer_complaint.group_complaint_handler",
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Report merge team",
                "is_complaint_team": True,
                "complaint_assign_method": "manual",
                "user_ids": [(6, 0, cls.handler.ids)],
            }
        )
        customer = cls.env["res.partner"].create({"name": "Twice filed"})
        values = {
            "description": "<p>Sour dumplings</p>",
            "team_id": team.id,
            "partner_id": customer.id,
            "user_id": cls.handler.id,
            "category_id": cls.env.ref("consumer_complaint.category_quality_odor").id,
        }
        cls.first, cls.second = cls.env["helpdesk.ticket"].create(
            [{**values, "name": "Form"}, {**values, "name": "Hotline"}]
        )
        cash = cls.env.ref("consumer_complaint.compensation_type_cash")
        cash.write({"handler_limit": 100, "supervisor_limit": 1000})
        cls.env["complaint.compensation.line"].with_user(cls.handler).create(
            {
                "ticket_id": cls.second.id,
                "type_id": cash.id,
                "amount": 30,
                "reason": "Spoiled goods",
            }
        )

    def _totals(self):
        return self.env["complaint.report"]._read_group(
            [("ticket_id", "in", (self.first | self.second).ids)],
            [],
            ["nbr:sum", "compensation_amount:sum"],
        )[0]

    def test_merged_complaint_counted_once(self):
        self.assertEqual(self._totals(), (2, 30.0))
        (self.first | self.second).with_user(self.handler)._complaint_merge()
        # No explicit flush: the report's dependencies are written first.
        self.assertEqual(self._totals(), (1, 30.0))
        rows = self.env["complaint.report"].search(
            [("ticket_id", "in", (self.first | self.second).ids)]
        )
        self.assertEqual(rows.ticket_id, self.first)

    def test_report_reads_pending_changes(self):
        """Changes the ORM has not written yet are in the report."""
        self.second.name = "Hotline, renamed"
        self.second.stage_id.closed = not self.second.stage_id.closed
        row = self.env["complaint.report"].search_read(
            [("ticket_id", "=", self.second.id)], ["name", "is_closed"]
        )[0]
        self.assertEqual(row["name"], "Hotline, renamed")
        self.assertEqual(row["is_closed"], self.second.stage_id.closed)
