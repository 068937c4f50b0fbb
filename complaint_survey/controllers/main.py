# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.survey.controllers import main
from odoo.http import request


class ComplaintSurvey(main.Survey):
    def _check_validity(
        self, survey_token, answer_token, ensure_token=True, check_partner=True
    ):
        """Let the follow-up agent fill in a complaint survey for the customer.

        The survey refuses an answer that belongs to another contact than the
        logged-in user; the agent who opened it from the complaint (and can
        still read the complaint) is the one exception.
        """
        validity = super()._check_validity(
            survey_token,
            answer_token,
            ensure_token=ensure_token,
            check_partner=check_partner,
        )
        if validity == "answer_wrong_user" and answer_token:
            _survey_sudo, answer_sudo = self._fetch_from_access_token(
                survey_token, answer_token
            )
            if answer_sudo and answer_sudo._complaint_phone_agent_allowed(
                request.env.user
            ):
                return True
        return validity
