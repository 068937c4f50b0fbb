# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Legal Compliance",
    "summary": "Legal clause library (消法, 食品安全法, 电子商务法, 个保法 …), "
    "legal hints on each complaint, checks of compensation and deadlines",
    "version": "18.0.1.1.0",
    "category": "After-Sales",
    "license": "AGPL-3",
    "author": "Consumer Complaint Management Contributors",
    "website": "https://github.com/consumer-complaint/consumer-complaint",
    "depends": ["consumer_complaint"],
    "data": [
        "security/complaint_compliance_groups.xml",
        "security/ir.model.access.csv",
        "security/complaint_compliance_security.xml",
        "data/complaint_legal_clause_data.xml",
        "views/complaint_legal_clause_views.xml",
        "views/complaint_holiday_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/res_config_settings_views.xml",
        "views/complaint_compliance_menus.xml",
    ],
    "demo": ["demo/complaint_legal_clause_demo.xml"],
    "installable": True,
}
