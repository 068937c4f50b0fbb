# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaint e-mails (noupdate templates) link to the complaint through
the one tracking-link method left, in every language of their body."""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    cr.execute(
        """
        UPDATE mail_template
           SET body_html = replace(
                   body_html::text,
                   '_complaint_portal_link()',
                   '_complaint_tracking_url()'
               )::jsonb
         WHERE body_html::text LIKE '%%_complaint_portal_link()%%'
        """
    )
    _logger.info("Complaint e-mails with the tracking link updated: %s", cr.rowcount)
