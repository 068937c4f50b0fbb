# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestChatterAuthor(ComplaintCase):
    def test_guest_complaint_is_created_by_the_guest(self):
        """The chatter of a complaint filed on the website names the person
        who filed it, not the website's "Public user"."""
        public = self.env.ref("base.public_user")
        channel = self.env.ref("consumer_complaint.channel_web_form")
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(public)
            # Mails wait in the queue: sending is not the point here.
            .with_context(tracking_disable=False, mail_notify_force_send=False)
            ._complaint_intake_create(
                {
                    "name": "酸奶胀袋",
                    "description": "<p>刚买的酸奶包装胀袋。</p>",
                    "category_id": self.category.id,
                },
                {"name": "王小明", "email": "wang.xiaoming@example.com"},
                [],
                channel,
            )
        )
        self.env.cr.precommit.run()
        created = ticket.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("helpdesk_mgmt.hlp_tck_created")
        )
        self.assertTrue(created, "the creation is in the chatter")
        self.assertEqual(created.author_id, ticket.partner_id)
        self.assertEqual(created.author_id.name, "王小明")
        self.assertNotEqual(created.author_id, public.partner_id)
        # The acknowledgement e-mail is the company's: its sender and, in
        # the outgoing queue and the chatter, its author.
        acknowledgement = self.env["mail.mail"].search(
            [
                ("model", "=", ticket._name),
                ("res_id", "=", ticket.id),
                ("recipient_ids", "in", ticket.partner_id.ids),
            ]
        )
        self.assertEqual(len(acknowledgement), 1)
        self.assertIn(ticket.number, acknowledgement.subject)
        self.assertEqual(acknowledgement.author_id, ticket.company_id.partner_id)
        self.assertEqual(
            acknowledgement.email_from, ticket.company_id.partner_id.email_formatted
        )
        self.assertEqual(acknowledgement.recipient_ids, ticket.partner_id)
