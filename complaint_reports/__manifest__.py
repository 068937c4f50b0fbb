# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Reports",
    "summary": "Complaint analysis (pivot, graph), management dashboard, spike "
    "alerts and the monthly consumer rights health report in XLSX and PDF",
    "version": "18.0.1.0.0",
    "category": "After-Sales",
    "license": "AGPL-3",
    "author": "Consumer Complaint Management Contributors",
    "website": "https://github.com/consumer-complaint/consumer-complaint",
    "depends": ["consumer_complaint", "report_xlsx"],
    "data": [
        "security/ir.model.access.csv",
        "security/complaint_reports_security.xml",
        "data/ir_cron_data.xml",
        "report/complaint_report_views.xml",
        "views/complaint_spike_alert_views.xml",
        "views/res_config_settings_views.xml",
        "report/complaint_health_report.xml",
        "views/complaint_dashboard_views.xml",
        "wizard/complaint_health_report_views.xml",
        "views/complaint_reports_menus.xml",
    ],
    "demo": ["demo/complaint_spike_alert_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "complaint_reports/static/src/dashboard/*",
        ],
        "web.assets_tests": [
            "complaint_reports/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
