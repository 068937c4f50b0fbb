# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib

from odoo import api, models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

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
