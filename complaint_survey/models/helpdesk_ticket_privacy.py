# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from odoo import models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _complaint_personal_values(self):
        values = super()._complaint_personal_values()
        answers = (
            self.sudo()
            .env["survey.user_input"]
            .search([("complaint_id", "in", self.ids)])
        )
        values["names"] |= set(answers.mapped("nickname")) | set(
            answers.partner_id.mapped("name")
        )
        values["emails"] |= set(answers.mapped("email"))
        return values

    def _complaint_erase(self, scrubber, result):
        """Anonymised complaints keep their scores, not the customer's links
        or words.

        The survey link mailed to the customer carries the answer's access
        token: a new random token makes the old link stop working. The
        address and name the survey was sent to go; the free-text answers
        (comments) are scrubbed; the answer's messages and queued e-mails
        (the invitation) are deleted. The follow-up call notes and the
        customer's comment on the complaint are scrubbed with the other
        texts of the complaint.
        """
        super()._complaint_erase(scrubber, result)
        answers = (
            self.env["survey.user_input"]
            .sudo()
            .with_context(tracking_disable=True, mail_notrack=True)
            .search([("complaint_id", "in", self.ids)])
        )
        if not answers:
            return
        for answer in answers:
            answer.write(
                {
                    "access_token": str(uuid.uuid4()),
                    "invite_token": False,
                    "email": False,
                    "nickname": False,
                    "partner_id": False,
                }
            )
        result.add_erased(self.env._("survey answers detached"), len(answers))
        scrubbed = 0
        for line in answers.user_input_line_ids:
            vals = {
                fname: scrubber.text(line[fname])
                for fname in ("value_char_box", "value_text_box")
                if line[fname] and scrubber.text(line[fname]) != line[fname]
            }
            if vals:
                line.write(vals)
                scrubbed += 1
        result.add_erased(self.env._("survey comments scrubbed"), scrubbed)
        self._complaint_erase_thread("survey.user_input", answers.ids, result)
        result.add_kept(
            self.env._("%(count)s survey scores", count=len(answers)),
            self.env._(
                "Satisfaction statistics; the answers no longer name or reach "
                "the customer."
            ),
        )
