# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import BaseCase, tagged

from ..models import compliance_rules as rules


@tagged("post_install", "-at_install")
class TestComplianceRules(BaseCase):
    def test_seven_days_from_receipt(self):
        received = date(2026, 11, 2)
        # Receipt is day 1: day 7 is the 8th, day 8 the 9th.
        self.assertTrue(rules.within_window("receipt", received, date(2026, 11, 8), 7))
        self.assertFalse(rules.within_window("receipt", received, date(2026, 11, 9), 7))

    def test_seven_days_from_day_after_signing(self):
        signed = date(2026, 11, 2)
        self.assertTrue(
            rules.within_window("day_after_signing", signed, date(2026, 11, 9), 7)
        )
        self.assertFalse(
            rules.within_window("day_after_signing", signed, date(2026, 11, 10), 7)
        )

    def test_seven_day_return_eligibility(self):
        got = date(2026, 11, 2)
        self.assertEqual(
            rules.seven_day_return("online", got, date(2026, 11, 8), set()),
            (rules.PASS, "eligible"),
        )
        self.assertEqual(
            rules.seven_day_return("online", got, date(2026, 11, 9), set()),
            (rules.WARNING, "window_passed"),
        )
        self.assertEqual(
            rules.seven_day_return("store", got, date(2026, 11, 3), set()),
            (rules.WARNING, "not_distance_sale"),
        )
        self.assertEqual(
            rules.seven_day_return("online", got, date(2026, 11, 3), {"perishable"}),
            (rules.WARNING, "excluded_perishable"),
        )
        self.assertEqual(
            rules.seven_day_return(False, got, date(2026, 11, 3), set())[0],
            rules.CANNOT,
        )
        self.assertEqual(
            rules.seven_day_return("tv", None, date(2026, 11, 3), set()),
            (rules.CANNOT, "missing_delivery_date"),
        )

    def test_punitive_floors(self):
        self.assertEqual(rules.punitive_extra("fraud", 100), 500)
        self.assertEqual(rules.punitive_extra("fraud", 1000), 3000)
        self.assertEqual(rules.punitive_extra("food", 50), 1000)
        self.assertEqual(rules.punitive_extra("food", 200, loss=100), 2000)
        self.assertEqual(rules.punitive_extra("food", 20, loss=500), 1500)
        self.assertEqual(rules.punitive_extra("other", 100), 0)

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
