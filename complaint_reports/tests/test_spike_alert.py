# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
from datetime import datetime, timedelta
from unittest.mock import patch

from markupsafe import escape
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

from ..models.complaint_spike_alert import ComplaintSpikeAlert, poisson_log10_sf
from .common import insert_complaints

NOW = datetime(2031, 3, 1, 12, 0)


def poisson_draw(rng, lam):
    """Knuth's method: a Poisson count without numpy or scipy."""
    limit, k, product = pow(2.718281828459045, -lam), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


@tagged("post_install", "-at_install")
class TestSpikeAlert(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.manager = new_test_user(
            cls.env,
            "spike_manager",
            groups="consumer_complaint.group_complaint_manager",
        )
        cls.analyst = new_test_user(
            cls.env,
            "spike_analyst",
            groups="consumer_complaint.group_complaint_analyst",
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Spike team",
                "is_complaint_team": True,
                "complaint_assign_method": "manual",
            }
        )
        cls.stage = cls.env["helpdesk.ticket.stage"]._complaint_stage("accepted")
        cls.category = cls.env.ref("consumer_complaint.category_quality_odor")
        Product = cls.env["product.product"]
        cls.noise_product = Product.create({"name": "Spike noise dumplings"})
        cls.busy_product = Product.create({"name": "Spike busy milk"})
        cls.region = cls.env["res.country.state"].search(
            [("country_id.code", "=", "CN")], limit=1
        )
        cls.Alert = cls.env["complaint.spike.alert"]
        cls.set_param = cls.env["ir.config_parameter"].sudo().set_param
        cls.set_param("complaint_reports.spike_min_count", 5)
        # The batch spikes below come from nowhere: the minimum for values
        # without history is tested on its own (test_new_value_needs_more).
        cls.set_param("complaint_reports.spike_min_count_new", 5)
        cls.set_param("complaint_reports.spike_p_value", 0.001)
        cls.env.company.partner_id.tz = "Asia/Shanghai"
        # The managers' message is worded in the company's language.
        cls.env.company.partner_id.lang = "en_US"

    def _noise(self, seed=7):
        """28 days of history plus the last day, counts drawn around a flat mean."""
        rng = random.Random(seed)
        rows = []
        for product, lam in ((self.noise_product, 4), (self.busy_product, 9)):
            for day in range(29):
                for _i in range(poisson_draw(rng, lam)):
                    created = NOW - timedelta(days=day, minutes=rng.randint(1, 1439))
                    rows.append(
                        {
                            "create_date": created,
                            "product_id": product.id,
                            "lot_ref": f"LOT-{product.id}",
                            "category_id": self.category.id,
                            "region_id": self.region.id,
                        }
                    )
        return insert_complaints(
            self.env, rows, team_id=self.team.id, stage_id=self.stage.id
        )

    def _batch_spike(self, count=12):
        rows = [
            {"create_date": NOW - timedelta(hours=1 + i), "lot_ref": "B20310228"}
            for i in range(count)
        ]
        return insert_complaints(
            self.env, rows, team_id=self.team.id, stage_id=self.stage.id
        )

    def test_poisson_tail(self):
        # P(X >= 3 | 1) = 1 - e^-1 (1 + 1 + 1/2)
        self.assertAlmostEqual(
            10 ** poisson_log10_sf(3, 1.0), 1 - 2.5 * 2.718281828459045**-1, places=9
        )
        self.assertEqual(poisson_log10_sf(0, 3.0), 0.0)
        # far in the tail, still finite: no underflow to log(0)
        self.assertLess(poisson_log10_sf(400, 1.0), -600)

    def test_noise_raises_nothing(self):
        self._noise()
        self.assertFalse(self.Alert._detect_spikes(NOW))

    def test_batch_spike_is_caught(self):
        self._noise()
        ids = self._batch_spike()
        alerts = self.Alert._detect_spikes(NOW)
        self.assertEqual(len(alerts), 1)
        self.assertRecordValues(
            alerts,
            [
                {
                    "dimension": "batch",
                    "value_key": "B20310228",
                    "lot_ref": "B20310228",
                    "count": 12,
                    "expected": 0.0,
                    "state": "new",
                    "alert_date": NOW.date(),
                }
            ],
        )
        self.assertGreater(alerts.score, 3)
        # the five newest complaints are the examples
        self.assertEqual(set(alerts.ticket_ids.ids), set(ids[:5]))
        self.assertIn(self.manager.partner_id, alerts.message_partner_ids)
        message = alerts.message_ids.filtered(
            lambda m: self.manager.partner_id in m.partner_ids
        )
        self.assertTrue(message)
        self.assertIn("B20310228", message.body)

    def test_merged_duplicates_are_no_spike(self):
        ids = self._batch_spike()
        # Eight of the twelve were filed twice and merged: four complaints
        # remain, below the minimum count of five.
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET merged_into_id = %s WHERE id = ANY(%s)",
            [ids[-1], ids[:8]],
        )
        self.assertFalse(self.Alert._detect_spikes(NOW))

    def test_rerun_makes_no_duplicate(self):
        self._batch_spike()
        first = self.Alert._detect_spikes(NOW)
        self.assertEqual(len(first), 1)
        self.assertFalse(self.Alert._detect_spikes(NOW + timedelta(hours=1)))
        self.assertEqual(self.Alert.search_count([("lot_ref", "=", "B20310228")]), 1)
        # next day it may be raised again
        self.assertEqual(len(self.Alert._detect_spikes(NOW + timedelta(hours=13))), 1)

    def test_product_spike_against_history(self):
        self._noise()
        rows = [
            {
                "create_date": NOW - timedelta(hours=2),
                "product_id": self.busy_product.id,
            }
        ] * 20
        insert_complaints(self.env, rows, team_id=self.team.id, stage_id=self.stage.id)
        alerts = self.Alert._detect_spikes(NOW)
        alert = alerts.filtered(lambda a: a.dimension == "product")
        self.assertEqual(alert.product_id, self.busy_product)
        self.assertGreater(alert.expected, 5)
        self.assertLess(alert.p_value, 0.001)

    def test_thresholds_from_settings(self):
        self._batch_spike(count=6)
        self.set_param("complaint_reports.spike_min_count", 7)
        self.assertFalse(self.Alert._detect_spikes(NOW))
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.complaint_spike_min_count, 7)
        settings.complaint_spike_min_count = 6
        settings.execute()
        self.assertEqual(len(self.Alert._detect_spikes(NOW)), 1)

    def test_broken_dimension_does_not_stop_others(self):
        self._batch_spike()
        original = ComplaintSpikeAlert._spike_counts

        def broken(model, dimension, end, min_count):
            if dimension == "product":
                raise ValueError("broken dimension")
            return original(model, dimension, end, min_count)

        with (
            patch.object(ComplaintSpikeAlert, "_spike_counts", broken),
            self.assertLogs(
                "odoo.addons.complaint_reports.models.complaint_spike_alert",
                level="WARNING",
            ) as logs,
        ):
            alerts = self.Alert._detect_spikes(NOW)
        self.assertEqual(alerts.mapped("dimension"), ["batch"])
        self.assertIn("product", logs.output[0])

    def test_acknowledge_and_close(self):
        self._batch_spike()
        alert = self.Alert._detect_spikes(NOW).with_user(self.manager)
        alert.action_acknowledge()
        self.assertEqual(alert.state, "acknowledged")
        alert.action_close()
        self.assertEqual(alert.state, "closed")
        action = alert.action_view_complaints()
        self.assertEqual(self.env["helpdesk.ticket"].search_count(action["domain"]), 12)

    def test_analyst_reads_but_does_not_acknowledge(self):
        self._batch_spike()
        alert = self.Alert._detect_spikes(NOW).with_user(self.analyst)
        self.assertEqual(alert.count, 12)
        with self.assertRaises(AccessError):
            alert.action_acknowledge()

    def test_new_value_needs_more(self):
        """No complaint in the previous 28 days gives no baseline: a new batch
        must reach the minimum without history, however improbable its count."""
        self.set_param("complaint_reports.spike_min_count_new", 10)
        self._batch_spike(count=9)
        self.assertFalse(self.Alert._detect_spikes(NOW))
        self._batch_spike(count=1)
        alert = self.Alert._detect_spikes(NOW)
        self.assertEqual(
            (alert.lot_ref, alert.count, alert.expected), ("B20310228", 10, 0.0)
        )
        self.assertIn("had none in the previous 28 days", alert.message_ids[:1].body)
        # A value with a history is held to the usual minimum only.
        self._noise()
        rows = [{"create_date": NOW - timedelta(hours=3), "lot_ref": "B20310101"}]
        insert_complaints(
            self.env,
            [dict(rows[0], create_date=NOW - timedelta(days=10))] + rows * 6,
            team_id=self.team.id,
            stage_id=self.stage.id,
        )
        alert = self.Alert._detect_spikes(NOW)
        self.assertEqual(alert.lot_ref, "B20310101")
        self.assertEqual(alert.count, 6)

    def test_settings_minimum_without_history(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.complaint_spike_min_count_new, 5)
        settings.complaint_spike_min_count_new = 12
        settings.execute()
        self.assertEqual(self.Alert._spike_thresholds()[1], 12)
        # Never below the general minimum.
        self.set_param("complaint_reports.spike_min_count", 15)
        self.assertEqual(self.Alert._spike_thresholds()[:2], (15, 15))

    def test_significance_in_words(self):
        label = self.Alert._significance_label
        self.assertEqual(label(1e-9), "Practically impossible by chance (p < 0.000001)")
        self.assertEqual(label(5e-4), "Very unlikely to be chance (p < 0.001)")
        self.assertEqual(label(0.005), "Very unlikely to be chance (p < 0.01)")
        self.assertEqual(label(0.03), "Unlikely to be chance (p < 0.05)")
        self.assertEqual(label(0.2), "Could be chance (p ≥ 0.05)")
        self._noise()
        rows = [
            {
                "create_date": NOW - timedelta(hours=2),
                "product_id": self.busy_product.id,
            }
        ] * 20
        insert_complaints(self.env, rows, team_id=self.team.id, stage_id=self.stage.id)
        alert = self.Alert._detect_spikes(NOW).filtered(
            lambda a: a.dimension == "product"
        )
        self.assertEqual(alert.significance, label(alert.p_value))
        body = alert.message_ids[:1].body
        self.assertIn(escape(alert.significance), body)
        self.assertNotIn("p =", body)
        # The list shows the words, not the raw p-value.
        arch = self.Alert.get_views([(False, "list"), (False, "form")])["views"]
        for view in arch.values():
            self.assertIn('name="significance"', view["arch"])
            self.assertNotIn('name="p_value"', view["arch"])

    def test_alert_day_is_the_company_day(self):
        # 18:00 UTC on 1 March is 2 March, 02:00 in Shanghai.
        late = NOW + timedelta(hours=6)
        self._batch_spike()
        alert = self.Alert._detect_spikes(late)
        self.assertEqual(str(alert.alert_date), "2031-03-02")
        self.assertFalse(self.Alert._detect_spikes(late + timedelta(hours=1)))

    def test_name_in_the_readers_language(self):
        """The hourly check runs in English; each reader sees the name in
        their own language, and can search it."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self._batch_spike()
        alert = self.Alert._detect_spikes(NOW)
        self.assertEqual(alert.name, "Batch / lot: B20310228")
        zh_env = self.env(context=dict(self.env.context, lang="zh_CN"))
        label = dict(
            zh_env["complaint.spike.alert"]
            ._fields["dimension"]
            ._description_selection(zh_env)
        )["batch"]
        self.assertEqual(alert.with_env(zh_env).name, f"{label}: B20310228")
        self.assertEqual(self.Alert.search([("name", "ilike", "B2031022")]), alert)
        self.assertNotIn(alert, self.Alert.search([("name", "not ilike", "B2031022")]))
