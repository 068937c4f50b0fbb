# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError, UserError

from .helpdesk_ticket_portal import CLOSED_STATES


class HelpdeskTicket(models.Model):
    """Who may write in the thread of a complaint, whatever the route.

    helpdesk_mgmt lets anyone who can read a ticket post on it
    (``_mail_post_access = "read"``), and Odoo's /mail/message/post route
    posts in sudo once that is checked. On complaints the rule is therefore
    checked here, on the real user of the environment, sudo or not:

    - staff post only on complaints they may edit: a read-only analyst
      neither writes to the customer nor stops the first-response clock;
    - customers and guests post only on open complaints;
    - the superuser (crons, the mail gateway, this addon's own routes after
      their access check) and administrators are not restricted here.

    Files follow the same rules (ir_attachment.py).
    """

    _inherit = "helpdesk.ticket"

    @api.model
    def _get_mail_message_access(self, res_ids, operation, model_name=None):
        """Creating a message on a complaint (``mail.message.create`` over
        JSON-RPC, a message posted outside sudo) needs write access."""
        mode = super()._get_mail_message_access(
            res_ids, operation, model_name=model_name
        )
        if (
            operation == "create"
            and mode == "read"
            and model_name in (None, self._name)
            and self.sudo().browse(list(res_ids)).exists().filtered("is_complaint")
        ):
            return "write"
        return mode

    def _complaint_check_post(self):
        """Raise unless the real user may write in these complaints' threads."""
        complaints = self.sudo().filtered("is_complaint")
        user = self.env.user
        if not complaints or user._is_superuser() or user._is_system():
            return
        if user._is_internal():
            # The creation message of a complaint is posted by whoever
            # registers it (a receptionist for another team, an analyst on
            # the public form), in the transaction that creates it.
            now = self.env.cr.now()
            forbidden = (
                complaints - complaints.with_user(user)._filtered_access("write")
            ).filtered(lambda t: t.create_uid != user or t.create_date != now)
            if forbidden:
                raise AccessError(
                    self.env._(
                        "You can read complaint %(number)s but not write in it: "
                        "messages and notes are posted by the team that handles "
                        "it. Ask its handler or a supervisor.",
                        number=forbidden[0].number,
                    )
                )
            return
        closed = complaints.filtered(lambda t: t.complaint_state in CLOSED_STATES)
        if closed:
            raise UserError(
                self.env._(
                    "Complaint %(number)s is closed. To complain again, please "
                    "file a new complaint.",
                    number=closed[0].number,
                )
            )

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        self._complaint_check_post()
        return super().message_post(**kwargs)

    @api.returns("mail.message", lambda value: value.id)
    def message_notify(self, **kwargs):
        # Notifying staff (e.g. "you have been assigned", sent to the handler
        # whoever routes the complaint) stays open; reaching a customer
        # follows the rules of posting.
        partners = (
            self.env["res.partner"].sudo().browse(kwargs.get("partner_ids") or [])
        )
        if partners.filtered(lambda p: not p.user_ids.filtered(lambda u: not u.share)):
            self._complaint_check_post()
        return super().message_notify(**kwargs)

    def _message_update_content(self, message, *args, **kwargs):
        # /mail/message/update_content edits a message in sudo: its author
        # may add files or text only while they may still post.
        self._complaint_check_post()
        return super()._message_update_content(message, *args, **kwargs)
