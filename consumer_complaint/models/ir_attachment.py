# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import binascii
import hashlib
import io
import logging
import warnings

from odoo import api, models
from odoo.tools.image import IMAGE_MAX_RESOLUTION
from PIL import Image

_logger = logging.getLogger(__name__)


def image_pixels(raw):
    """Pixels of an image read from its header only (0 when unreadable);
    the worst decompression bombs, which Pillow refuses to open, count as
    too large."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return IMAGE_MAX_RESOLUTION + 1
    except Exception:
        return 0
    return width * height


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _postprocess_contents(self, values):
        """Odoo resizes stored images by decoding every pixel: a few
        kilobytes of PNG (a decompression bomb) then need gigabytes and the
        whole upload fails, e.g. an e-mail to a complaint alias. Such a file
        is kept as plain binary data instead: stored, hashed, never decoded."""
        mimetype = self._compute_mimetype(values)
        if mimetype.startswith("image/") and (values.get("raw") or values.get("datas")):
            try:
                raw = values.get("raw") or base64.b64decode(values["datas"])
            except (binascii.Error, TypeError, ValueError):
                raw = b""
            if isinstance(raw, bytes) and image_pixels(raw) > IMAGE_MAX_RESOLUTION:
                _logger.info(
                    "Image %s kept unprocessed: more than %s pixels",
                    values.get("name") or "",
                    int(IMAGE_MAX_RESOLUTION),
                )
                values["mimetype"] = "application/octet-stream"
                return values
        return super()._postprocess_contents(values)

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        evidence = attachments.filtered(
            lambda a: (
                a.res_model == "helpdesk.ticket" and a.res_id and a.type == "binary"
            )
        )
        if evidence:
            tickets = (
                self.env["helpdesk.ticket"].sudo().browse(evidence.mapped("res_id"))
            )
            complaints = {t.id: t for t in tickets.exists() if t.is_complaint}
            entries = [
                {
                    "ticket_id": att.res_id,
                    "company_id": complaints[att.res_id].company_id.id,
                    "event_type": "evidence",
                    "summary": att.name or "",
                    "payload": {
                        "sha256": hashlib.sha256(att.raw or b"").hexdigest(),
                        "size": att.file_size,
                        "mimetype": att.mimetype,
                    },
                }
                for att in evidence.sudo()
                if att.res_id in complaints
            ]
            if entries:
                self.env["complaint.event"]._append(entries)
        return attachments
