# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ComplaintCacheMixin(models.AbstractModel):
    """Records read at every intake through an ``ormcache`` (severity rules,
    the current triage model): any change clears the caches."""

    _name = "complaint.cache.mixin"
    _description = "Cached Complaint Configuration"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
