# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each role against each complaint model: read, write, create, unlink."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintCase

R, W, C, U = "read", "write", "create", "unlink"

# role -> model -> operations allowed (others must be refused)
MATRIX = {
    "receptionist": {
        "complaint.severity": {R},
        "complaint.store": {R},
        "complaint.knowledge": {R},
        "complaint.peak.period": {R},
        "complaint.event": set(),
    },
    "handler": {
        "complaint.severity": {R},
        "complaint.store": {R},
        "complaint.knowledge": {R, W, C},
        "complaint.peak.period": {R},
        "complaint.event": set(),
    },
    "supervisor": {
        "complaint.severity": {R},
        "complaint.store": {R},
        "complaint.knowledge": {R, W, C},
        "complaint.peak.period": {R},
        "complaint.event": {R},
    },
    "analyst": {
        "complaint.severity": {R},
        "complaint.store": {R},
        "complaint.knowledge": {R},
        "complaint.peak.period": {R},
        "complaint.event": {R},
    },
    "manager": {
        "complaint.severity": {R, W, C, U},
        "complaint.store": {R, W, C, U},
        "complaint.knowledge": {R, W, C, U},
        "complaint.peak.period": {R, W, C, U},
        "complaint.event": {R},
    },
}

CREATE_VALUES = {
    "complaint.severity": {
        "name": "Matrix",
        "code": "matrix",
        "level": 5,
        "response_hours": 10,
        "resolution_hours": 20,
    },
    "complaint.store": {"name": "Matrix store", "code": "MX1"},
    "complaint.knowledge": {"name": "Matrix entry"},
    "complaint.peak.period": {
        "name": "Matrix period",
        "date_from": "2030-01-01 00:00:00",
        "date_to": "2030-01-02 00:00:00",
        "factor": 0.5,
    },
    "complaint.event": {"event_type": "other", "summary": "forged"},
}


@tagged("post_install", "-at_install")
class TestComplaintAccessMatrix(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ticket = cls._complaint()
        cls.records = {
            model: cls.env[model].create(dict(values, code=f"{values['code']}0"))
            if model in ("complaint.severity", "complaint.store")
            else cls.env[model].create(values)
            for model, values in CREATE_VALUES.items()
            if model != "complaint.event"
        }
        cls.records["complaint.event"] = ticket.event_ids[:1]
        cls.users = {
            "receptionist": cls.receptionist,
            "handler": cls.handler,
            "supervisor": cls.supervisor,
            "analyst": cls.analyst,
            "manager": cls.manager,
        }

    def _try(self, user, model, operation):
        record = self.records[model].with_user(user)
        Model = self.env[model].with_user(user)
        with self.env.cr.savepoint():
            if operation == R:
                record.read(["display_name"])
            elif operation == W:
                record.write({"name" if model != "complaint.event" else "summary": "x"})
            elif operation == C:
                Model.create(dict(CREATE_VALUES[model]))
            else:
                record.unlink()

    def test_matrix(self):
        for role, models in MATRIX.items():
            user = self.users[role]
            for model, allowed in models.items():
                for operation in (R, W, C, U):
                    with self.subTest(role=role, model=model, operation=operation):
                        if operation in allowed:
                            self._try(user, model, operation)
                        else:
                            # The event log refuses changes to everybody.
                            with self.assertRaises(UserError):  # AccessError too
                                self._try(user, model, operation)

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other Co (matrix)"})
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "Other Co team", "is_complaint_team": True, "company_id": other.id}
        )
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Other", "description": "<p>x</p>", "team_id": team.id}
        )
        self.assertEqual(ticket.company_id, other)
        self.assertTrue(ticket.number.startswith("TS"))
        Ticket = self.env["helpdesk.ticket"].with_user(self.supervisor)
        self.assertNotIn(ticket, Ticket.search([]))
        with self.assertRaises(AccessError):
            ticket.with_user(self.analyst).read(["name"])
