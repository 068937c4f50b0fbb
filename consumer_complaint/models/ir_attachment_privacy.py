# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import contextlib
import os

from odoo import api, models
from odoo.tools import SQL


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _complaint_purge_files(self, fnames):
        """Remove from the filestore the files of ``fnames`` no attachment
        refers to any more (an erasure's files; a file shared by another
        attachment with the same content stays). Returns how many went."""
        if not fnames:
            return 0
        self.env.cr.execute(
            SQL(
                "SELECT store_fname FROM ir_attachment WHERE store_fname = ANY(%s)",
                list(fnames),
            )
        )
        used = {row[0] for row in self.env.cr.fetchall()}
        removed = 0
        for fname in set(fnames) - used:
            path = self._full_path(fname)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
                removed += 1
        return removed
