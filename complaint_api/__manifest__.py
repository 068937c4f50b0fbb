# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint REST API",
    "summary": "REST API for apps, mini-programs, order systems and regulator "
    "platforms: register and follow complaints, API keys, signed webhooks",
    "version": "18.0.1.0.0",
    "category": "After-Sales",
    "license": "AGPL-3",
    "author": "Consumer Complaint Management Contributors",
    "website": "https://github.com/consumer-complaint/consumer-complaint",
    "depends": ["consumer_complaint", "fastapi"],
    "external_dependencies": {"python": ["fastapi", "pydantic", "requests"]},
    "data": [
        "security/ir.model.access.csv",
        "security/complaint_api_security.xml",
        "data/helpdesk_ticket_channel_data.xml",
        "data/fastapi_endpoint_data.xml",
        "data/ir_cron_data.xml",
        "views/complaint_api_key_views.xml",
        "views/complaint_api_delivery_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/complaint_api_menus.xml",
    ],
    "demo": ["demo/complaint_api_key_demo.xml"],
    "installable": True,
}
