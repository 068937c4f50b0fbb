# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Table-driven legal checks: each vector is named after its legal basis.

A vector: (name, now in UTC, ticket values, options, expectation).
Expectation: (check title, result, text in the explanation, clause xmlid)
or ("clauses", xmlids expected in the legal basis, xmlids not expected).
The holiday calendar below is a test fixture (National Day 2026 as
published: 10-01 to 10-07 off, Saturday 10-10 worked), not seeded data.
"""

from datetime import date

from odoo import fields
from odoo.tests import freeze_time, tagged
from odoo.tests.common import TransactionCase

CC = "complaint_compliance."
RET = "7-day return without reason"
QUAL = "Return for a quality problem"
REG = "Regulator deadline"
FRAUD = "Punitive minimum (fraud)"
FOOD = "Punitive minimum (non-compliant food)"
REFUND = "Refund after the return"
NOON = "2026-03-10 04:00:00"  # 12:00 in Beijing

# 7-day return without reason: online, ordinary goods, signed on 03-01.
R7 = {"demand": "refund", "sale_channel": "online", "return_nature": "none"}
R7 = dict(R7, delivery_date=date(2026, 3, 1))
QUALITY = dict(R7, category="consumer_complaint.category_quality_spoiled")
REGU = {"channel": "consumer_complaint.channel_regulator"}
FOOD_OK = {
    "food_noncompliant_confirmed": True,
    "food_flaw_kind": "safety",
    "food_seller_role": "producer",
    "item_price": 50,
    "loss_known": True,
}
FRAUD_100 = {"fraud_confirmed": True, "item_price": 100}
USD = {"currency": "base.USD", "cny_rate": 7.0}

VECTORS = [
    # 消法 art. 25 with 民法典 art. 201: the 7 days run from the day after receipt.
    (
        "cpl25_civ201_day7_inside",
        NOON,
        dict(R7, request_date=date(2026, 3, 8)),
        {},
        (RET, "pass", "2026-03-08", CC + "clause_cpl_25"),
    ),
    (
        "cpl25_civ201_day8_outside",
        NOON,
        dict(R7, request_date=date(2026, 3, 9)),
        {},
        (RET, "warning", "2026-03-08", CC + "clause_cpl_25"),
    ),
    (
        "cpl25_civ201_day_of_receipt",
        NOON,
        dict(R7, request_date=date(2026, 3, 1)),
        {},
        (RET, "pass", "", None),
    ),
    (
        "cpl25_civ201_year_end_inside",
        NOON,
        dict(R7, delivery_date=date(2026, 12, 28), request_date=date(2027, 1, 4)),
        {},
        (RET, "pass", "2027-01-04", None),
    ),
    (
        "cpl25_civ201_year_end_outside",
        NOON,
        dict(R7, delivery_date=date(2026, 12, 28), request_date=date(2027, 1, 5)),
        {},
        (RET, "warning", "2027-01-04", None),
    ),
    (
        "cpl25_window_ends_on_a_weekend",
        NOON,
        dict(R7, delivery_date=date(2026, 3, 7), request_date=date(2026, 3, 14)),
        {},
        (RET, "pass", "2026-03-14", None),
    ),
    (
        "cpl25_not_a_distance_sale",
        NOON,
        dict(R7, sale_channel="store"),
        {},
        (RET, "not_applicable", "not a distance sale", None),
    ),
    (
        "cpl25_missing_sale_channel",
        NOON,
        dict(R7, sale_channel=False),
        {},
        (RET, "cannot_check", "Sold through", None),
    ),
    (
        "cpl25_missing_delivery_date",
        NOON,
        dict(R7, delivery_date=False),
        {},
        (RET, "cannot_check", "Delivery or sign date", None),
    ),
    (
        "cpl25_nature_not_checked_yet",
        NOON,
        dict(R7, return_nature=False),
        {},
        (RET, "cannot_check", "Nature of the goods", None),
    ),
    (
        "cpl25_excluded_by_law_perishable",
        NOON,
        dict(R7, return_nature="perishable"),
        {},
        (RET, "not_applicable", "Fresh or perishable", None),
    ),
    (
        "cpl25_excluded_by_law_custom_made",
        NOON,
        dict(R7, return_nature="custom_made"),
        {},
        (RET, "not_applicable", "Custom-made", None),
    ),
    (
        "sdr7_art7_by_nature_and_confirmation",
        NOON,
        dict(R7, return_nature="value_lost_on_use", purchase_confirmation="confirmed"),
        {},
        (RET, "not_applicable", "confirmed it at purchase", None),
    ),
    (
        "sdr7_art7_confirmation_not_checked",
        NOON,
        dict(R7, return_nature="flawed"),
        {},
        (RET, "cannot_check", "Confirmation at purchase", None),
    ),
    (
        "sdr7_art7_no_confirmation_window_applies",
        NOON,
        dict(
            R7,
            return_nature="flawed",
            purchase_confirmation="not_confirmed",
            request_date=date(2026, 3, 8),
        ),
        {},
        (RET, "pass", "", None),
    ),
    (
        "reg778_19_confirmation_of_ordinary_goods_void",
        NOON,
        dict(R7, purchase_confirmation="confirmed", request_date=date(2026, 3, 8)),
        {},
        (RET, "pass", "", None),
    ),
    # 民法典 art. 203 (company setting, needs legal review): a period ending
    # on a statutory holiday ends the day after the holiday.
    (
        "civ203_last_day_on_national_day_extended",
        NOON,
        dict(R7, delivery_date=date(2026, 9, 24), request_date=date(2026, 10, 8)),
        {"extend": True},
        (RET, "pass", "2026-10-08", None),
    ),
    (
        "civ203_not_applied_unless_company_chose_it",
        NOON,
        dict(R7, delivery_date=date(2026, 9, 24), request_date=date(2026, 10, 8)),
        {},
        (RET, "warning", "2026-10-01", None),
    ),
    (
        "civ203_holidays_of_2027_not_entered",
        NOON,
        dict(R7, delivery_date=date(2026, 12, 28), request_date=date(2027, 1, 4)),
        {"extend": True},
        (RET, "cannot_check", "holidays of 2027 not entered", None),
    ),
    (
        "civ203_refund_period_extended",
        "2026-10-20 04:00:00",
        {"return_received_date": date(2026, 9, 24), "refund_date": date(2026, 10, 8)},
        {"extend": True},
        (REFUND, "pass", "2026-10-08", None),
    ),
    # 消法 art. 24: quality problems are not returns without reason.
    (
        "cpl24_quality_within_7_days",
        NOON,
        dict(QUALITY, request_date=date(2026, 3, 8)),
        {},
        (QUAL, "pass", "2026-03-08", CC + "clause_cpl_24"),
    ),
    (
        "cpl24_quality_after_7_days",
        NOON,
        dict(QUALITY, request_date=date(2026, 3, 9)),
        {},
        (QUAL, "warning", "exchange or repair", CC + "clause_cpl_24"),
    ),
    (
        "cpl24_spoiled_perishable_is_not_art25",
        NOON,
        dict(QUALITY, return_nature="perishable", request_date=date(2026, 3, 8)),
        {"absent": RET},
        (QUAL, "pass", "", CC + "clause_cpl_24"),
    ),
    # Local days (Asia/Shanghai): the request date is the Beijing date.
    (
        "local_day_2359_beijing_is_day7",
        "2026-03-08 15:59:00",
        R7,
        {},
        (RET, "pass", "asked on 2026-03-08", None),
    ),
    (
        "local_day_0000_beijing_is_day8",
        "2026-03-08 16:00:00",
        R7,
        {},
        (RET, "warning", "asked on 2026-03-09", None),
    ),
    (
        "local_day_0759_beijing_not_utc_date",
        "2026-03-08 23:59:00",
        R7,
        {},
        (RET, "warning", "asked on 2026-03-09", None),
    ),
    (
        "local_day_0800_beijing",
        "2026-03-09 00:00:00",
        R7,
        {},
        (RET, "warning", "asked on 2026-03-09", None),
    ),
    # 12315 ODR: the company's 10 working days (not 消法 art. 46).
    (
        "odr12315_monday_0700_beijing_starts_monday",
        "2026-11-22 23:00:00",
        REGU,
        {},
        (REG, "pass", "2026-12-07", CC + "clause_odr_12315"),
    ),
    (
        "odr12315_weekends_skipped",
        "2026-11-20 04:00:00",
        dict(REGU, request_date=date(2026, 11, 20)),
        {},
        (REG, "pass", "2026-12-04", None),
    ),
    (
        "odr12315_national_day_and_adjusted_saturday",
        "2026-09-30 04:00:00",
        dict(REGU, request_date=date(2026, 9, 30)),
        {},
        (REG, "pass", "2026-10-20", None),
    ),
    (
        "odr12315_starting_before_adjusted_saturday",
        "2026-10-09 04:00:00",
        dict(REGU, request_date=date(2026, 10, 9)),
        {},
        (REG, "pass", "2026-10-22", None),
    ),
    (
        "odr12315_year_end_2027_not_entered",
        "2026-12-24 04:00:00",
        dict(REGU, request_date=date(2026, 12, 24)),
        {},
        (REG, "cannot_check", "holidays of 2027 not entered", None),
    ),
    (
        "odr12315_year_end_2027_entered",
        "2026-12-24 04:00:00",
        dict(REGU, request_date=date(2026, 12, 24)),
        {"calendar_2027": True},
        (REG, "pass", "2027-01-08", None),
    ),
    (
        "odr12315_2026_calendar_empty",
        "2026-11-20 04:00:00",
        dict(REGU, request_date=date(2026, 11, 20)),
        {"calendar_2026": False},
        (REG, "cannot_check", "holidays of 2026", None),
    ),
    (
        "odr12315_overdue",
        "2026-12-08 04:00:00",
        dict(REGU, request_date=date(2026, 11, 20)),
        {},
        (REG, "warning", "2026-12-04", None),
    ),
    (
        "odr12315_deadline_days_from_clause",
        "2026-11-20 04:00:00",
        dict(REGU, request_date=date(2026, 11, 20)),
        {"clause": ("clause_odr_12315", {"deadline_days": 5})},
        (REG, "pass", "2026-11-27", None),
    ),
    # 市场监督管理投诉举报处理(暂行)办法: the rules of the complaint's date.
    (
        "samr2020_received_2026_04_14",
        NOON,
        dict(REGU, request_date=date(2026, 4, 14)),
        {},
        ("clauses", [CC + "clause_samr_2020"], [CC + "clause_samr_2026"]),
    ),
    (
        "samr2026_received_2026_04_15",
        NOON,
        dict(REGU, request_date=date(2026, 4, 15)),
        {},
        ("clauses", [CC + "clause_samr_2026"], [CC + "clause_samr_2020"]),
    ),
    # 消法 art. 55 (1): 3 × the price of the item, at least 500 yuan extra.
    (
        "cpl55_floor_500",
        NOON,
        dict(FRAUD_100, proposed_extra_compensation=300),
        {},
        (FRAUD, "blocking", "500.00", CC + "clause_cpl_55_1"),
    ),
    (
        "cpl55_floor_met",
        NOON,
        dict(FRAUD_100, proposed_extra_compensation=500),
        {},
        (FRAUD, "pass", "500.00", None),
    ),
    (
        "cpl55_three_times_price",
        NOON,
        dict(FRAUD_100, item_price=1000, proposed_extra_compensation=2999),
        {},
        (FRAUD, "blocking", "3,000.00", None),
    ),
    (
        "cpl55_item_price_not_order_amount",
        NOON,
        dict(FRAUD_100, amount_paid=10000, proposed_extra_compensation=500),
        {},
        (FRAUD, "pass", "", None),
    ),
    (
        "cpl55_item_price_missing",
        NOON,
        dict(FRAUD_100, item_price=0, amount_paid=100),
        {},
        (FRAUD, "cannot_check", "Price of the item concerned", None),
    ),
    (
        "cpl55_multiplier_from_clause",
        NOON,
        dict(FRAUD_100, item_price=1000, proposed_extra_compensation=3000),
        {"clause": ("clause_cpl_55_1", {"multiplier": 4})},
        (FRAUD, "blocking", "4,000.00", None),
    ),
    (
        "cpl55_unverified_clause_never_blocks",
        NOON,
        dict(FRAUD_100, proposed_extra_compensation=0),
        {"clause": ("clause_cpl_55_1", {"verification": "secondary"})},
        (FRAUD, "warning", "500.00", None),
    ),
    (
        "cpl55_non_cny_company_floor_converted",
        NOON,
        dict(FRAUD_100, item_price=10, proposed_extra_compensation=71.43),
        USD,
        (FRAUD, "pass", "71.43", None),
    ),
    (
        "cpl55_non_cny_company_below_floor",
        NOON,
        dict(FRAUD_100, item_price=10, proposed_extra_compensation=50),
        USD,
        (FRAUD, "blocking", "71.43", None),
    ),
    (
        "cpl55_non_cny_company_no_rate",
        NOON,
        dict(FRAUD_100, item_price=10, proposed_extra_compensation=500),
        {"currency": "base.USD"},
        (FRAUD, "cannot_check", "exchange rate", None),
    ),
    # 食品安全法 art. 148: 10 × price or 3 × loss, at least 1,000 yuan extra.
    (
        "fsl148_producer_floor_1000",
        NOON,
        dict(FOOD_OK, proposed_extra_compensation=1000),
        {},
        (FOOD, "pass", "1,000.00", CC + "clause_food_148"),
    ),
    (
        "fsl148_producer_below_floor",
        NOON,
        dict(FOOD_OK, proposed_extra_compensation=999),
        {},
        (FOOD, "blocking", "1,000.00", None),
    ),
    (
        "fsl148_ten_times_price",
        NOON,
        dict(
            FOOD_OK, item_price=200, loss_amount=100, proposed_extra_compensation=1000
        ),
        {},
        (FOOD, "blocking", "2,000.00", None),
    ),
    (
        "fsl148_three_times_loss",
        NOON,
        dict(FOOD_OK, item_price=20, loss_amount=500, proposed_extra_compensation=1000),
        {},
        (FOOD, "blocking", "1,500.00", None),
    ),
    (
        "fsl148_loss_unknown",
        NOON,
        dict(FOOD_OK, loss_known=False, proposed_extra_compensation=1000),
        {},
        (FOOD, "cannot_check", "loss not known", None),
    ),
    (
        "fsl148_seller_knowing",
        NOON,
        dict(FOOD_OK, food_seller_role="seller_knowing"),
        {},
        (FOOD, "blocking", "1,000.00", None),
    ),
    (
        "fsl148_seller_unknowing",
        NOON,
        dict(FOOD_OK, food_seller_role="seller_unknowing"),
        {},
        (FOOD, "not_applicable", "did not know", None),
    ),
    (
        "fsl148_role_not_checked",
        NOON,
        dict(FOOD_OK, food_seller_role=False),
        {},
        (FOOD, "cannot_check", "Our role for the food", None),
    ),
    (
        "fsl148_label_flaw_only",
        NOON,
        dict(FOOD_OK, food_flaw_kind="label_only"),
        {},
        (FOOD, "not_applicable", "label", None),
    ),
    (
        "fsl148_flaw_not_checked",
        NOON,
        dict(FOOD_OK, food_flaw_kind=False),
        {},
        (FOOD, "cannot_check", "Kind of food flaw", None),
    ),
    # 消法 art. 25: refund within 7 days of receiving the return.
    (
        "cpl25_refund_on_time",
        "2026-11-30 04:00:00",
        {"return_received_date": date(2026, 11, 10), "refund_date": date(2026, 11, 17)},
        {},
        (REFUND, "pass", "2026-11-17", CC + "clause_cpl_25"),
    ),
    (
        "cpl25_refund_late",
        "2026-11-30 04:00:00",
        {"return_received_date": date(2026, 11, 10), "refund_date": date(2026, 11, 18)},
        {},
        (REFUND, "warning", "2026-11-17", None),
    ),
    (
        "cpl25_refund_date_missing",
        "2026-11-15 04:00:00",
        {"return_received_date": date(2026, 11, 10)},
        {},
        (REFUND, "cannot_check", "Refunded on", None),
    ),
    (
        "cpl25_refund_date_missing_overdue",
        "2026-11-20 04:00:00",
        {"return_received_date": date(2026, 11, 10)},
        {},
        (REFUND, "warning", "no refund date", None),
    ),
]


@tagged("post_install", "-at_install")
class TestLegalVectors(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env.company.partner_id.tz = "Asia/Shanghai"
        # The floors of the clauses are in yuan: a CNY company compares them
        # as they are (non-CNY companies are covered by the legal vectors).
        cny = cls.env.ref("base.CNY")
        cny.active = True
        cls.env.company.currency_id = cny
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Legal vectors",
                "is_complaint_team": True,
                "complaint_assign_method": "manual",
            }
        )
        cls.Holiday = cls.env["complaint.holiday"]
        cls.Holiday.search([]).unlink()
        days = [("2026-01-01", "holiday")]
        days += [(f"2026-10-0{d}", "holiday") for d in range(1, 8)]
        days += [("2026-09-20", "workday"), ("2026-10-10", "workday")]
        cls.Holiday.create(
            [{"date": d, "kind": k, "name": "National Day (test)"} for d, k in days]
        )

    def test_vectors(self):
        self.assertGreaterEqual(len(VECTORS), 40)
        self.assertEqual(len({v[0] for v in VECTORS}), len(VECTORS))
        for name, now, vals, options, expected in VECTORS:
            with self.subTest(vector=name):
                savepoint = self.env.cr.savepoint()
                try:
                    self._run_vector(now, vals, options, expected)
                finally:
                    savepoint.close(rollback=True)
                    self.env.invalidate_all()

    def _prepare(self, options):
        if options.get("extend"):
            self.env.company.complaint_extend_holiday_end = True
        if options.get("calendar_2026") is False:
            self.Holiday.search([]).unlink()
        if options.get("calendar_2027"):
            self.Holiday.create(
                [
                    {"date": "2027-01-01", "name": "New Year", "kind": "holiday"},
                    {
                        "date": "2027-02-06",
                        "name": "Spring Festival",
                        "kind": "holiday",
                    },
                ]
            )
        if "clause" in options:
            xmlid, values = options["clause"]
            self.env.ref(CC + xmlid).write(values)
        if "currency" in options:
            currency = self.env.ref(options["currency"])
            currency.active = True
            self.env.company.currency_id = currency
            Rate = self.env["res.currency.rate"]
            company = self.env.company.root_id
            Rate.search([("currency_id", "=", self.env.ref("base.CNY").id)]).unlink()
            Rate.search([("currency_id", "=", currency.id)]).unlink()
            Rate.create(
                {
                    "currency_id": currency.id,
                    "rate": 1.0,
                    "name": "2026-01-01",
                    "company_id": company.id,
                }
            )
            if options.get("cny_rate"):
                Rate.create(
                    {
                        "currency_id": self.env.ref("base.CNY").id,
                        "rate": options["cny_rate"],
                        "name": "2026-01-01",
                        "company_id": company.id,
                    }
                )

    def _ticket_values(self, vals):
        values = {
            "name": "Legal vector",
            "description": "<p>Test</p>",
            "team_id": self.team.id,
            "severity_id": self.env.ref("consumer_complaint.severity_normal").id,
        }
        vals = dict(vals)
        if category := vals.pop("category", None):
            values["category_id"] = self.env.ref(category).id
        if channel := vals.pop("channel", None):
            values["channel_id"] = self.env.ref(channel).id
            values["regulator_case_number"] = "12315-T"
        values.update(vals)
        return values

    def _run_vector(self, now, vals, options, expected):
        self._prepare(options)
        with freeze_time(now):
            self.env.cr._now = fields.Datetime.now()
            ticket = self.env["helpdesk.ticket"].create(self._ticket_values(vals))
            if expected[0] == "clauses":
                _kind, present, absent = expected
                for xmlid in present:
                    self.assertIn(self.env.ref(xmlid), ticket.legal_clause_ids)
                for xmlid in absent:
                    self.assertNotIn(self.env.ref(xmlid), ticket.legal_clause_ids)
                return
            checks = ticket._complaint_compliance_checks()
            html = ticket.compliance_check_html
        title, result, text, clause_xmlid = expected
        by_title = {c.title: c for c in checks}
        if options.get("absent"):
            self.assertNotIn(options["absent"], by_title)
        self.assertIn(title, by_title, checks)
        check = by_title[title]
        self.assertEqual(check.result, result, check)
        self.assertIn(text, check.explanation)
        # Every result carries its clause and the clause's verification.
        self.assertTrue(check.clause, check)
        self.assertIn(check.clause._verification_note(), html)
        self.assertIn("not legal advice", html)
        if clause_xmlid:
            self.assertEqual(check.clause, self.env.ref(clause_xmlid))
        if result == "cannot_check":
            self.assertIn("cannot check", check.explanation)

    def test_settings_show_years_covered(self):
        with freeze_time("2026-12-01 04:00:00"):
            settings = self.env["res.config.settings"].create({})
            self.assertEqual(
                settings.complaint_holiday_coverage, "2026: entered, 2027: NOT entered"
            )
