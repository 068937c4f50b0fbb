# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Event log entries are now sealed with their id and position: re-seal the
entries written by the previous version in their original order."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    cr.execute(
        "UPDATE complaint_event SET chain_seq = NULL, previous_hash = NULL, hash = NULL"
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["complaint.event"]._seal()
