# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Event log entries now seal a salted digest of their wording, so that an
erasure can scrub them: give the entries of the previous version theirs.
The triage engine is now on scikit-learn: the similar-case terms of the old
engine mean nothing to the new one and are indexed again once a model of
the new kind is trained; models of the old kind are refused when loaded."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Event = env["complaint.event"]
    for company in env["res.company"].search([]):
        # One company's broken chain must not stop the upgrade of the others:
        # it stays as it is and says so at its next verification.
        try:
            with cr.savepoint():
                count = Event._convert_legacy_entries(company)
            _logger.info(
                "Event log of %s: %s entries given wording digests", company.name, count
            )
        except UserError as error:
            _logger.error("Event log of %s not converted: %s", company.name, error)
    cr.execute("UPDATE helpdesk_ticket SET complaint_terms = NULL WHERE is_complaint")
    cr.execute("SELECT count(*) FROM complaint_triage_model")
    if cr.fetchone()[0]:
        _logger.warning(
            "Triage models of the previous engine cannot be used any more: a "
            "complaint manager trains a new one (Complaints > Configuration > "
            "Triage models > Train now); similar cases are indexed again after it."
        )
