# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
from datetime import datetime, timedelta
from unittest.mock import patch

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
        cls.set_param("complaint_reports.spike_p_value", 0.001)

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
