# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _complaint_erase(self, scrubber, result):
        """The legal checks keep who overrode them, not the customer.

        The override reason is a free text and is scrubbed with the other
        texts of the complaint; the refund date and the decision stay.
        """
        super()._complaint_erase(scrubber, result)
        overridden = self.filtered("compliance_override_by_id")
        if overridden:
            result.add_kept(
                self.env._(
                    "%(count)s legal check overrides (who, reason scrubbed)",
                    count=len(overridden),
                ),
                self.env._(
                    "Accountability for decisions that departed from the "
                    "consumer-protection rules (Consumer Rights Protection Law); "
                    "they no longer name the customer."
                ),
            )
