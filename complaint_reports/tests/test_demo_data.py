# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """A new demo database has something to show: a year of complaints in
    yuan, with dates that hang together, and an open spike alert."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"]._get("consumer_complaint")
        if not module.demo:
            raise unittest.SkipTest("The demo data is not installed.")
        cls.company = cls.env.ref("base.main_company")
        cls.complaints = cls.env["helpdesk.ticket"].search(
            [("is_complaint", "=", True), ("company_id", "=", cls.company.id)]
        )

    def test_company_in_yuan_and_in_china(self):
        self.assertEqual(self.company.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(self.company.country_id.code, "CN")
        self.assertEqual(self.company.partner_id.tz, "Asia/Shanghai")
        self.assertTrue(self.company.logo)
        cny = self.env.ref("base.CNY")
        types = self.env["complaint.compensation.type"].search([])
        self.assertEqual(types.currency_id, cny)
        lines = self.env["complaint.compensation.line"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(lines.currency_id, cny)
        self.assertEqual(lines.mapped("amount"), lines.mapped("amount_company"))

    def test_a_year_of_complaints(self):
        self.assertGreaterEqual(len(self.complaints), 250)
        self.env.cr.execute(
            SQL(
                "SELECT count(DISTINCT date_trunc('month', create_date AT TIME ZONE"
                " 'UTC' AT TIME ZONE 'Asia/Shanghai')) FROM helpdesk_ticket"
                " WHERE id = ANY(%s)",
                self.complaints.ids,
            )
        )
        self.assertGreaterEqual(self.env.cr.fetchone()[0], 10)
        now = fields.Datetime.now()
        self.assertFalse(self.complaints.filtered(lambda t: t.create_date > now))
        # The demo company's own products, in the four sectors it sells.
        sectors = self.complaints.product_id.categ_id
        for xmlid in (
            "product_category_food_demo",
            "product_category_appliance_demo",
            "product_category_goods_demo",
            "product_category_telecom_demo",
        ):
            self.assertIn(self.env.ref(f"consumer_complaint.{xmlid}"), sectors)
        self.assertFalse(
            sectors
            - sectors.browse(
                self.env["ir.model.data"]
                .search(
                    [
                        ("module", "=", "consumer_complaint"),
                        ("model", "=", "product.category"),
                    ]
                )
                .mapped("res_id")
            )
        )

    def test_dates_hang_together(self):
        closed = self.complaints.filtered("closed")
        self.assertTrue(closed)
        for ticket in closed:
            self.assertTrue(ticket.closed_date, ticket.number)
            self.assertGreaterEqual(ticket.closed_date, ticket.create_date)
            if ticket.first_response_date:
                self.assertGreaterEqual(ticket.first_response_date, ticket.create_date)
                self.assertLessEqual(ticket.first_response_date, ticket.closed_date)
        waiting = self.complaints.filtered(lambda t: t.complaint_state == "accepted")
        self.assertTrue(waiting)
        self.assertFalse(waiting.filtered("first_response_date"))
        # Most deadlines were met, not all.
        archived = self.complaints.filtered(lambda t: t.complaint_state == "archived")
        met = len(archived.filtered("response_sla_met")) / len(archived)
        self.assertTrue(0.8 < met < 1.0, met)
        # Backdating left the tamper-evident log intact.
        self.assertEqual(
            self.env["complaint.event"]._verify_chain(self.company), (True, None)
        )

    def test_open_spike_alert(self):
        alerts = self.env["complaint.spike.alert"].search(
            [("company_id", "=", self.company.id), ("state", "=", "new")]
        )
        batch = alerts.filtered(lambda a: a.dimension == "batch")
        self.assertTrue(batch, "the cold-chain batch of the last day")
        self.assertGreaterEqual(batch[:1].count, 10)
        self.assertEqual(
            alerts.filtered(lambda a: a.dimension == "category").category_id,
            self.env.ref("consumer_complaint.category_delivery_coldchain"),
        )
