# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup
from odoo import api, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model_create_multi
    def create(self, vals_list):
        """E-mails rendered for a complaint's customer (acknowledgement,
        solution, closing, survey) carry the customer's own links: whoever
        holds one answers the survey or the solution in the customer's name.
        The e-mail keeps them (only administrators read queued e-mails); its
        copy on the complaint, which staff read while it waits to be sent or
        after a failure, says only that it was sent."""
        for vals in vals_list:
            if (
                vals.get("model") == "helpdesk.ticket"
                and not vals.get("mail_message_id")
                and vals.get("message_type", "email_outgoing") == "email_outgoing"
            ):
                if not vals.get("body_html"):
                    vals["body_html"] = vals.get("body")
                vals["body"] = Markup("<p>%s</p>") % self.env._(
                    "E-mail to the customer. Its links are the customer's own "
                    "and are not shown here."
                )
        return super().create(vals_list)
