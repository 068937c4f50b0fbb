# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from odoo import fields
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestRepeat(ComplaintCase):
    """A repeat is the same customer complaining again about the same thing:
    the same order, or the same product or category."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coldchain = cls.env.ref("consumer_complaint.category_delivery_coldchain")
        cls.late = cls.env.ref("consumer_complaint.category_delivery_late")
        cls.wrong = cls.env.ref("consumer_complaint.category_delivery_wrong")
        cls.sausage, cls.steak = cls.env["product.product"].create(
            [{"name": "Pork sausage"}, {"name": "Beef steak"}]
        )

    def _complaint(self, **vals):
        values = {
            "name": "Spoiled on arrival",
            "description": "<p>It arrived spoiled.</p>",
            "team_id": self.team.id,
            "partner_id": self.customer.id,
            "severity_id": self.normal.id,
        }
        values.update(vals)
        return self.env["helpdesk.ticket"].create(values)

    def _at(self, when):
        """Freeze the clock and the transaction time (create_date) at `when`."""
        frozen = freeze_time(when)
        frozen.start()
        self.addCleanup(frozen.stop)
        self.addCleanup(setattr, self.env.cr, "_now", self.env.cr._now)
        self.env.cr._now = fields.Datetime.now()

    def test_same_customer_needs_the_same_subject(self):
        self._at("2026-11-01 09:00:00")
        first = self._complaint(
            category_id=self.coldchain.id, product_id=self.sausage.id
        )
        self._at("2026-11-10 09:00:00")
        other_subject = self._complaint(
            category_id=self.late.id, product_id=self.steak.id
        )
        same_category = self._complaint(category_id=self.coldchain.id)
        same_product = self._complaint(
            category_id=self.wrong.id, product_id=self.sausage.id
        )
        nothing_known = self._complaint()
        self.assertFalse(first.is_repeat)
        self.assertFalse(other_subject.is_repeat, "a steak is no repeat of a sausage")
        self.assertEqual(same_category.repeat_of_id, first)
        self.assertEqual(same_category.repeat_match, "partner")
        # The latest earlier complaint on the same subject, not just the latest.
        self.assertEqual(same_product.repeat_of_id, first)
        self.assertFalse(nothing_known.is_repeat)

    def test_same_order_is_a_repeat_whoever_writes(self):
        self._at("2026-11-01 09:00:00")
        first = self._complaint(order_ref="SO-100", category_id=self.coldchain.id)
        self._at("2026-11-05 09:00:00")
        relative = self.env["res.partner"].create({"name": "Somebody else"})
        same_order = self._complaint(
            partner_id=relative.id, order_ref="SO-100", category_id=self.late.id
        )
        stranger = self._complaint(
            partner_id=self.env["res.partner"].create({"name": "New"}).id,
            category_id=self.coldchain.id,
        )
        self.assertEqual(same_order.repeat_of_id, first)
        self.assertEqual(same_order.repeat_match, "order")
        self.assertFalse(stranger.is_repeat, "the same category alone is no repeat")

    def test_phone_within_the_window_only(self):
        self.company.complaint_repeat_days = 10
        phone = {"partner_phone": "13800000001", "partner_id": False}
        self._at("2026-11-01 09:00:00")
        self._complaint(category_id=self.coldchain.id, **phone)
        self._at("2026-11-12 09:00:00")
        late = self._complaint(category_id=self.coldchain.id, **phone)
        self.assertFalse(late.is_repeat)
        self._at("2026-11-15 09:00:00")
        again = self._complaint(category_id=self.coldchain.id, **phone)
        elsewhere = self._complaint(category_id=self.late.id, **phone)
        self.assertEqual(again.repeat_of_id, late)
        self.assertEqual(again.repeat_match, "phone")
        self.assertFalse(elsewhere.is_repeat)
