# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The rules "complaint desk: all complaints" of survey answers now apply to
users who read every complaint, not to every helpdesk user: the desk's other
roles get their answers through the rules that follow the complaint's. The
rules are ``noupdate``, so an upgrade keeps their old groups: set them here
as the XML says."""

from odoo import SUPERUSER_ID, Command, api

RULES = {
    "complaint_survey.survey_user_input_rule_complaint": (
        "Survey user input: complaint desk: all complaints"
    ),
    "complaint_survey.survey_user_input_line_rule_complaint": (
        "Survey user input line: complaint desk: all complaints"
    ),
}
GROUPS = (
    "helpdesk_mgmt.group_helpdesk_user",
    "consumer_complaint.group_complaint_analyst",
    "consumer_complaint.group_complaint_manager",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    group_ids = [env.ref(xmlid).id for xmlid in GROUPS]
    for xmlid, name in RULES.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.write({"name": name, "groups": [Command.set(group_ids)]})
