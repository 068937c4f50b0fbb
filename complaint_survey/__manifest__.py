# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Satisfaction Survey",
    "summary": "Satisfaction survey (CSAT, NPS) when a complaint is solved, "
    "follow-up calls, low scores come back as work",
    "version": "18.0.1.1.0",
    "category": "After-Sales",
    "license": "AGPL-3",
    "author": "Consumer Complaint Management Contributors",
    "website": "https://github.com/consumer-complaint/consumer-complaint",
    "depends": ["consumer_complaint", "complaint_reports", "survey"],
    "data": [
        "security/ir.model.access.csv",
        "security/complaint_survey_security.xml",
        "data/survey_survey_data.xml",
        "data/complaint_survey_rule_data.xml",
        "data/mail_template_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/complaint_survey_rule_views.xml",
        "views/survey_survey_views.xml",
        "views/survey_question_views.xml",
        "views/survey_user_input_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_templates.xml",
        "report/complaint_survey_report_views.xml",
        "views/complaint_survey_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "complaint_survey/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
