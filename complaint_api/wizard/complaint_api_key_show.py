# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ComplaintApiKeyShow(models.TransientModel):
    """Shows a new key and webhook secret once; closing it deletes them
    (only their hashes and the secret stay on the key)."""

    _name = "complaint.api.key.show"
    _description = "New complaint API key"

    key_id = fields.Many2one("complaint.api.key", required=True, ondelete="cascade")
    api_key = fields.Char(string="API key", readonly=True)
    webhook_secret = fields.Char(readonly=True)

    def action_done(self):
        self.unlink()
        return {"type": "ir.actions.act_window_close"}
