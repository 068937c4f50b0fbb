# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import binascii
import hashlib
import io
import logging
import warnings

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.image import IMAGE_MAX_RESOLUTION
from PIL import Image

from ..intake.files import check_customer_upload

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


# Programs and scripts never go on a complaint, whoever adds them: a file of
# a complaint may be sent to the customer. Recognised by content and by name.
PROGRAM_SIGNATURES = (
    b"MZ",  # Windows programs and libraries
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java classes
    b"#!",  # scripts
)
PROGRAM_EXTENSIONS = frozenset(
    "apk app bat cmd com cpl dll exe hta jar js jse lnk msi msp ps1 psm1 reg scr "
    "sh vb vbe vbs wsf".split()
)


def is_program(name, raw):
    extension = (name or "").rsplit(".", 1)[-1].lower() if "." in (name or "") else ""
    return extension in PROGRAM_EXTENSIONS or (raw or b"").startswith(
        PROGRAM_SIGNATURES
    )


# Fields whose change puts a file on a record or changes its content.
UPLOAD_FIELDS = ("res_model", "res_id", "raw", "datas", "type", "url")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    # ------------------------------------------------------------------
    # Files put on complaints, whatever the route
    # ------------------------------------------------------------------
    # Odoo's /mail/attachment/upload and /mail/message/post create and link
    # files in sudo once the user may read the complaint (helpdesk_mgmt
    # posts with read access). The rules are therefore checked here, on the
    # real user of the environment: staff need the right to edit the
    # complaint; customers and guests upload only on open complaints and
    # only the kinds and sizes of the complaint form.

    @api.model
    def _complaint_raw_of(self, vals):
        if vals.get("raw"):
            raw = vals["raw"]
            return raw.encode() if isinstance(raw, str) else raw
        if vals.get("datas"):
            try:
                return base64.b64decode(vals["datas"])
            except (binascii.Error, TypeError, ValueError):
                return b""
        return b""

    @api.model
    def _complaint_targets(self, pairs):
        """Complaints among ``(res_model, res_id)`` pairs, as superuser."""
        ids = {
            res_id for model, res_id in pairs if model == "helpdesk.ticket" and res_id
        }
        tickets = self.env["helpdesk.ticket"].sudo().browse(ids).exists()
        return tickets.filtered("is_complaint")

    @api.model
    def _complaint_check_upload_right(self, complaints):
        """Raise unless the real user may put files on ``complaints``."""
        user = self.env.user
        if not complaints or user._is_superuser() or user._is_system():
            return
        if user._is_internal():
            if not complaints.with_user(user).has_access("write"):
                raise AccessError(
                    self.env._(
                        "You can read complaint %(number)s but not add files to "
                        "it. Ask its handler or a supervisor to add them.",
                        number=complaints[0].number,
                    )
                )
            return
        closed = complaints.filtered(
            lambda t: t.complaint_state in ("archived", "withdrawn")
        )
        if closed:
            raise UserError(
                self.env._(
                    "Complaint %(number)s is closed: no more files can be added. "
                    "To complain again, please file a new complaint.",
                    number=closed[0].number,
                )
            )

    @api.model
    def _complaint_refuse_program(self, name, raw):
        user = self.env.user
        if user._is_superuser() or not is_program(name, raw):
            return
        raise UserError(
            self.env._(
                "%(name)s is a program or a script: such files cannot be added to a "
                "complaint. Send documents, images or videos instead.",
                name=name or self.env._("This file"),
            )
        )

    def _complaint_customer_upload(self):
        """True when the real user is a customer or a guest."""
        user = self.env.user
        return not (user._is_superuser() or user._is_internal())

    @api.model
    def _complaint_guard_create(self, vals_list):
        complaints = self._complaint_targets(
            [(vals.get("res_model"), vals.get("res_id")) for vals in vals_list]
        )
        if not complaints:
            return
        self._complaint_check_upload_right(complaints)
        if not self._complaint_customer_upload():
            for vals in vals_list:
                if vals.get("res_model") == "helpdesk.ticket":
                    self._complaint_refuse_program(
                        vals.get("name"), self._complaint_raw_of(vals)
                    )
            return
        for vals in vals_list:
            if vals.get("res_model") == "helpdesk.ticket" and vals.get("res_id") in (
                complaints.ids
            ):
                # The file checks of the complaint form; the name and type
                # follow the content, as on the form.
                name, mimetype = check_customer_upload(
                    self.env, vals.get("name"), self._complaint_raw_of(vals)
                )
                vals.update(name=name, mimetype=mimetype, type="binary")
                vals.pop("url", None)

    def _complaint_guard_write(self, vals):
        if not any(fname in vals for fname in UPLOAD_FIELDS):
            return
        targets = {
            attachment: (
                vals.get("res_model", attachment.res_model),
                vals.get("res_id", attachment.res_id),
            )
            for attachment in self.sudo()
        }
        complaints = self._complaint_targets(targets.values())
        if not complaints:
            return
        self._complaint_check_upload_right(complaints)
        if not self._complaint_customer_upload():
            for attachment, (model, res_id) in targets.items():
                if model == "helpdesk.ticket" and res_id in complaints.ids:
                    raw = self._complaint_raw_of(vals) or attachment.raw
                    self._complaint_refuse_program(attachment.name, raw)
            return
        if vals.get("type") == "url" or vals.get("url"):
            raise UserError(self.env._("Only files can be added to a complaint."))
        new_raw = (
            self._complaint_raw_of(vals) if ("raw" in vals or "datas" in vals) else None
        )
        for attachment, (model, res_id) in targets.items():
            if model == "helpdesk.ticket" and res_id in complaints.ids:
                check_customer_upload(
                    self.env,
                    attachment.name,
                    attachment.raw if new_raw is None else new_raw,
                )

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
        self._complaint_guard_create(vals_list)
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

    def write(self, vals):
        self._complaint_guard_write(vals)
        return super().write(vals)
