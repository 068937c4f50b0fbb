# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import logging
from urllib.parse import quote_plus

from odoo import api, fields, models

from ..intake.form import clean_text

_logger = logging.getLogger(__name__)

try:
    import qrcode
except ImportError:  # pragma: no cover - listed in requirements.txt
    qrcode = None


class ComplaintStore(models.Model):
    _name = "complaint.store"
    _description = "Store"
    _order = "code, name"

    name = fields.Char(required=True)
    code = fields.Char(required=True, index=True)
    region_id = fields.Many2one(
        "res.country.state",
        string="Province",
        domain="[('country_id.code', '=', 'CN')]",
    )
    city = fields.Char()
    street = fields.Char(string="Address")
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Default team",
        domain="[('is_complaint_team', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The store code must be unique per company.",
        )
    ]

    # ------------------------------------------------------------------
    # QR code: the public complaint form with the store preset
    # ------------------------------------------------------------------

    @api.model
    def _complaint_find_by_code(self, code, company=None):
        """The store of a scanned code (superuser), or an empty recordset."""
        code = clean_text(code)[:64]
        if not code:
            return self.browse()
        company = company or self.env.company
        return self.sudo().search(
            [("code", "=", code), ("company_id", "=", company.id)], limit=1
        )

    def _complaint_form_url(self):
        """The public form with the store preset (what the QR code opens)."""
        self.ensure_one()
        return f"{self.get_base_url()}/complaint/new?store={quote_plus(self.code)}"

    def _complaint_qr_data_uri(self):
        """The QR code of the store's form as an inline PNG (``data:`` URI).

        Drawn with the ``qrcode`` package; without it, with Odoo's barcode
        generator (reportlab, which needs its Type 1 fonts). Inline, the image
        renders in the HTML report and in wkhtmltopdf alike.
        """
        self.ensure_one()
        value = self._complaint_form_url()
        png = False
        if qrcode:
            image = qrcode.make(
                value,
                error_correction=qrcode.constants.ERROR_CORRECT_M,
                box_size=10,
                border=2,
            )
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            png = buffer.getvalue()
        else:
            try:
                png = self.env["ir.actions.report"].barcode(
                    "QR", value, width=600, height=600
                )
            except Exception:  # reportlab without its fonts
                _logger.info("No QR code generator available", exc_info=True)
        return f"data:image/png;base64,{base64.b64encode(png).decode()}" if png else ""
