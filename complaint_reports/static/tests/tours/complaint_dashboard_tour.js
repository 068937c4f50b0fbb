/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("complaint_reports_dashboard", {
    url: "/odoo/action-complaint_reports.complaint_dashboard_action",
    steps: () => [
        {
            content: "The backlog card counts the open complaints",
            trigger: ".o_complaint_kpi[data-kpi='backlog'] .o_complaint_kpi_value:contains(2)",
        },
        {
            content: "One complaint is overdue",
            trigger: ".o_complaint_kpi[data-kpi='overdue'] .o_complaint_kpi_value:contains(1)",
        },
        {
            content: "The trend is drawn",
            trigger: ".o_complaint_trend canvas.o_complaint_trend_chart",
        },
        {
            content: "The top problem is listed",
            trigger: ".o_complaint_top td:contains(Dashboard tour smell)",
        },
        {
            content: "The heat map colours the busiest cell",
            trigger: ".o_complaint_heat_map td[style*='rgba(203, 24, 29, 1.000)']",
        },
        {
            content: "Switch to the last 7 days",
            trigger: ".o_complaint_period[data-days='7']",
            run: "click",
        },
        {
            content: "The period is applied",
            trigger: ".o_complaint_period.btn-primary[data-days='7']",
        },
        {
            content: "Open the backlog",
            trigger: ".o_complaint_kpi[data-kpi='backlog']",
            run: "click",
        },
        {
            content: "The open complaints are listed",
            trigger: ".o_list_view .o_data_row",
        },
    ],
});
