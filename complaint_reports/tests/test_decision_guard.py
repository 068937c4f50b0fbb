# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.addons.consumer_complaint.tests.test_decision_guard import (
    GUARD_MESSAGE,
    DecisionGuardChecks,
)
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestSpikeAlertDecisionGuard(DecisionGuardChecks, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        groups = "consumer_complaint.group_complaint_{}".format
        cls.manager = new_test_user(cls.env, "cr_dg_manager", groups=groups("manager"))
        cls.supervisor = new_test_user(
            cls.env, "cr_dg_supervisor", groups=groups("supervisor")
        )
        cls.analyst = new_test_user(cls.env, "cr_dg_analyst", groups=groups("analyst"))
        # Records the forged many2one values point to.
        cls.env["res.company"].create({"name": "Other company (spike test)"})
        cls.env["product.product"].create({"name": "Forged product"})
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Spike guard team", "is_complaint_team": True}
        )
        cls.tickets = cls.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Spike {i}",
                    "description": "<p>Odd smell</p>",
                    "team_id": team.id,
                }
                for i in range(2)
            ]
        )
        category = cls.env.ref("consumer_complaint.category_quality_odor")
        cls.vals = {
            "company_id": cls.env.company.id,
            "alert_date": datetime(2026, 11, 20).date(),
            "window_end": datetime(2026, 11, 20, 8, 0),
            "dimension": "category",
            "value_key": str(category.id),
            "category_id": category.id,
            "count": 12,
            "expected": 1.5,
            "p_value": 1e-6,
            "score": 6.0,
            "ticket_ids": [(6, 0, cls.tickets[:1].ids)],
        }
        cls.alert = cls.env["complaint.spike.alert"].create(cls.vals)

    def test_alert_fields_refused(self):
        users = self.manager | self.supervisor | self.analyst
        self._assert_write_refused(self.alert, users)
        with self.assertRaisesRegex(AccessError, GUARD_MESSAGE):
            self.env["complaint.spike.alert"].with_user(self.manager).create(
                dict(self.vals, alert_date=datetime(2026, 11, 21).date())
            )

    def test_alert_handled_through_its_buttons(self):
        alert = self.alert.with_user(self.manager)
        alert.write({"note": "Batch recalled"})
        alert.action_acknowledge()
        self.assertEqual(alert.state, "acknowledged")
        with self.assertRaises(AccessError):
            self.alert.with_user(self.supervisor).action_close()
        alert.action_close()
        self.assertEqual(alert.state, "closed")
        self.assertEqual(alert.count, 12)
