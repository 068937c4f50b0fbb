# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import BaseCase, tagged

from ..models import compliance_rules as rules


@tagged("post_install", "-at_install")
class TestComplianceRules(BaseCase):
    # These tests used to count the day of receipt as day 1 (03-08 too late
    # for goods received on 03-01), locking in an error: 民法典 art. 201 and
    # the 7-day measures count from the next day.
    def test_seven_days_from_the_day_after_receipt(self):
        received = date(2026, 3, 1)
        self.assertTrue(rules.within_window(received, date(2026, 3, 8), 7))
        self.assertFalse(rules.within_window(received, date(2026, 3, 9), 7))
        self.assertIsNone(rules.within_window(None, date(2026, 3, 9), 7))

    def test_seven_day_return_eligibility(self):
        got = date(2026, 11, 2)
        self.assertEqual(
            rules.seven_day_return("online", got, date(2026, 11, 9), "none", False),
            (rules.PASS, "eligible"),
        )
        self.assertEqual(
            rules.seven_day_return("online", got, date(2026, 11, 10), "none", False),
            (rules.WARNING, "window_passed"),
        )
        self.assertEqual(
            rules.seven_day_return("store", got, date(2026, 11, 3), "none", False),
            (rules.NOT_APPLICABLE, "not_distance_sale"),
        )
        self.assertEqual(
            rules.seven_day_return("online", got, date(2026, 11, 3), "perishable", 0),
            (rules.NOT_APPLICABLE, "excluded_by_law"),
        )
        # "Not checked yet" is not "not excluded".
        self.assertEqual(
            rules.seven_day_return("online", got, date(2026, 11, 3), False, False),
            (rules.CANNOT, "missing_nature"),
        )
        self.assertEqual(
            rules.seven_day_return(False, got, date(2026, 11, 3), "none", False)[0],
            rules.CANNOT,
        )
        self.assertEqual(
            rules.seven_day_return("tv", None, date(2026, 11, 3), "none", False),
            (rules.CANNOT, "missing_delivery_date"),
        )

    def test_punitive_floors(self):
        # The figures come from the clause (消法 55: 3×, 500; 食安法 148: 10×,
        # 3× the loss, 1,000); they used to be hard-coded.
        self.assertEqual(rules.punitive_extra(100, 3, 500), 500)
        self.assertEqual(rules.punitive_extra(1000, 3, 500), 3000)
        self.assertEqual(rules.punitive_extra(50, 10, 1000, 0.0, 3), 1000)
        self.assertEqual(rules.punitive_extra(200, 10, 1000, 100.0, 3), 2000)
        self.assertEqual(rules.punitive_extra(20, 10, 1000, 500.0, 3), 1500)
        with self.assertRaises(ValueError):
            rules.punitive_extra(20, 10, 1000, None, 3)

    def test_food_liability(self):
        self.assertEqual(
            rules.food_punitive_applies("producer", "safety"), (True, "producer")
        )
        self.assertFalse(rules.food_punitive_applies("seller_unknowing", "safety")[0])
        self.assertFalse(rules.food_punitive_applies("producer", "label_only")[0])
        self.assertIsNone(rules.food_punitive_applies(False, "safety")[0])

    def test_working_days(self):
        friday = date(2026, 11, 20)
        # Weekend skipped: 1 working day after Friday is Monday.
        self.assertEqual(rules.add_working_days(friday, 1), date(2026, 11, 23))
        self.assertEqual(rules.add_working_days(friday, 7), date(2026, 12, 1))
        # A public holiday on Tuesday moves the deadline one day later.
        holiday = {date(2026, 11, 24)}
        self.assertEqual(
            rules.add_working_days(friday, 7, holidays=holiday), date(2026, 12, 2)
        )
        # An adjusted working Saturday counts.
        saturday = {date(2026, 11, 21)}
        self.assertEqual(
            rules.add_working_days(friday, 1, workdays=saturday), date(2026, 11, 21)
        )
        self.assertEqual(
            rules.add_working_days(friday, 7, holidays=holiday, workdays=saturday),
            date(2026, 12, 1),
        )
        self.assertEqual(rules.working_days_between(friday, date(2026, 11, 23)), 1)

    def test_refund_needs_a_refund_date(self):
        got = date(2026, 11, 10)
        self.assertEqual(
            rules.refund_on_time(got, date(2026, 11, 17), date(2026, 12, 1))[0],
            rules.PASS,
        )
        self.assertEqual(
            rules.refund_on_time(got, None, date(2026, 11, 12))[0], rules.CANNOT
        )
        self.assertEqual(
            rules.refund_on_time(got, None, date(2026, 11, 18))[0], rules.WARNING
        )
