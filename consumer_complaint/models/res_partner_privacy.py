# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# Texts of a contact that are not personal data.
KEPT_PARTNER_TEXTS = frozenset({"lang", "tz", "type"})


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _complaint_anonymize_partner(self, result):
        """Anonymise a complainant's contact no other document needs: every
        stored text cleared, name replaced, pictures removed, archived; a
        portal account loses its login and is archived; the contact's own
        messages and files go (PIPL art. 47)."""
        partners = self.sudo().with_context(
            tracking_disable=True, mail_notrack=True, active_test=False
        )
        if not partners:
            return
        texts = [
            fname
            for fname, field in partners._fields.items()
            if field.type in ("char", "text", "html")
            and field.store
            and not field.compute
            and not field.related
            and fname not in KEPT_PARTNER_TEXTS
            and fname != "name"
        ]
        images = [
            fname
            for fname, field in partners._fields.items()
            if field.type in ("binary", "image") and field.store and not field.related
        ]
        users = partners.user_ids.filtered("share")
        for user in users:
            user.write(
                {
                    "login": f"__erased_user_{user.id}",
                    "password": "",
                    "signature": False,
                    "active": False,
                }
            )
        if users:
            users.api_key_ids._remove()
            result.add_erased(self.env._("portal accounts closed"), len(users))
        for partner in partners.with_context(active_test=True):
            # (active_test: archiving checks for *active* users only.)
            partner.write(
                {
                    **dict.fromkeys(texts + images, False),
                    "name": self.env._("Erased customer %(id)s", id=partner.id),
                    "state_id": False,
                    "country_id": False,
                    "active": False,
                }
            )
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", "res.partner"), ("res_id", "in", partners.ids)])
        )
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)])
            | messages.attachment_ids
        )
        messages.unlink()
        self.env["helpdesk.ticket"]._complaint_erase_attachments(attachments, result)
        # The contact's name and address as sender of messages elsewhere.
        authored = (
            self.env["mail.message"].sudo().search([("author_id", "in", partners.ids)])
        )
        authored.write({"email_from": False})
        self.env["mail.followers"].sudo().search(
            [("partner_id", "in", partners.ids)]
        ).unlink()
        result.add_erased(
            self.env._("customer contact records anonymised"), len(partners)
        )
