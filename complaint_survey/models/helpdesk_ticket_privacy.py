# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import SQL


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _complaint_anonymize(self, reason):
        """Anonymised complaints keep their scores, not the customer's links.

        The survey link mailed to the customer carries the answer's access
        token: a new random token makes the old link stop working. The
        address and name the survey was sent to go with it.
        """
        res = super()._complaint_anonymize(reason)
        if not self:
            return res
        self.env["survey.user_input"].flush_model(
            ["access_token", "email", "nickname", "partner_id", "complaint_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE survey_user_input SET
                    access_token = gen_random_uuid()::text,
                    email = NULL, nickname = NULL, partner_id = NULL
                 WHERE complaint_id = ANY(%(ids)s)
                """,
                ids=self.ids,
            )
        )
        self.env["survey.user_input"].invalidate_model(
            ["access_token", "email", "nickname", "partner_id"]
        )
        return res
