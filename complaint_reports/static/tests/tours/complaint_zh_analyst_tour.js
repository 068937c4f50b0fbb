/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {
    assertChinese,
    check,
    rpcCall,
} from "@consumer_complaint/../tests/tours/complaint_zh_utils";
import {registry} from "@web/core/registry";

const CATEGORY = "异味（测试）";
const PRODUCT = "猪肉饺子（测试）";
// Complaints of the fixture registered in the last 90 days, over 4 months.
const COUNT_90_DAYS = "16";

function reportingMenu(xmlid, label) {
    return [
        {
            content: "报表 menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='consumer_complaint.menu_complaint_reporting']",
            run: "click",
        },
        {
            content: label,
            trigger: `.o-dropdown-item[data-menu-xmlid='${xmlid}']`,
            run: "click",
        },
    ];
}

/**
 * Journey 6: an analyst reads the dashboard, the analysis, the spike alerts
 * and the monthly report, in Chinese.
 * Broken before: nothing over months, raw p-values on spike alerts, and the
 * monthly report opening on an empty month.
 */
registry.category("web_tour.tours").add("complaint_reports_zh_analyst", {
    url: "/odoo/action-complaint_reports.complaint_dashboard_action",
    steps: () => [
        {
            content: "The dashboard is open",
            trigger: ".o_complaint_dashboard h2:contains(投诉看板)",
        },
        {
            content: "The last 90 days",
            trigger: ".o_complaint_period[data-days='90']",
            run: "click",
        },
        {
            content: "The complaints of the last three months are counted",
            trigger: `.o_complaint_period.btn-primary[data-days='90']`,
            async run() {
                // The figures of the new period arrive after the button lights up.
                const count = () => {
                    const row = [...document.querySelectorAll(".o_complaint_top tbody tr")].find(
                        (tr) => tr.textContent.includes(CATEGORY)
                    );
                    return row && row.querySelectorAll("td")[1].textContent.trim();
                };
                for (let wait = 0; wait < 50 && count() !== COUNT_90_DAYS; wait++) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                check(count() === COUNT_90_DAYS, `${count()} complaints, not ${COUNT_90_DAYS}`);
            },
        },
        {
            content: "The trend is drawn",
            trigger: ".o_complaint_trend canvas.o_complaint_trend_chart",
        },
        assertChinese(".o_complaint_dashboard", "dashboard"),
        ...reportingMenu("complaint_reports.menu_complaint_report_analysis", "投诉分析"),
        {
            content: "The analysis is open",
            trigger: ".o_pivot_view .o_pivot",
        },
        {
            content: "All dates",
            trigger: ".o_searchview_facet .o_facet_remove",
            run: "click",
        },
        {
            content: "The columns are months, several of them with complaints",
            trigger: ".o_pivot_view:not(:has(.o_searchview_facet)) .o_pivot thead",
            async run() {
                // The pivot reloads after the facet is gone.
                const months = () =>
                    new Set(
                        [...document.querySelectorAll(".o_pivot thead th")]
                            .map((th) => th.textContent.trim())
                            .filter((text) => /月/.test(text))
                    );
                for (let wait = 0; wait < 50 && months().size < 3; wait++) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                check(months().size >= 3, `Months shown: ${[...months()].join(", ")}`);
            },
        },
        assertChinese(".o_pivot_view .o_pivot, .o_control_panel", "complaint analysis"),
        ...reportingMenu("complaint_reports.complaint_spike_alert_menu", "激增预警"),
        {
            content: "The spike on the product is listed",
            trigger: `.o_list_view .o_data_row:contains(${PRODUCT})`,
        },
        {
            content: "Its significance in words, no raw p-value",
            trigger: `.o_data_row:contains(${PRODUCT}) td[name='significance']`,
            run() {
                const text = this.anchor.textContent;
                check(/偶然/.test(text), `Significance not in words: ${text}`);
                const headers = [...document.querySelectorAll(".o_list_view thead th")].map(
                    (th) => th.textContent.trim()
                );
                check(
                    !headers.some((header) => /^p\s*值$|P-value/i.test(header)),
                    `Raw p-value column: ${headers.join(", ")}`
                );
                // The words end with the threshold (p < 0.001); a raw value
                // elsewhere in the row would have many decimals.
                const others = [...this.anchor.closest("tr").querySelectorAll("td")]
                    .filter((td) => td !== this.anchor)
                    .map((td) => td.textContent);
                check(
                    !others.some((text) => /\d\.\d{5,}/.test(text)),
                    `Raw p-value in the row: ${others.join(" | ")}`
                );
            },
        },
        assertChinese(".o_list_view .o_list_table, .o_control_panel", "spike alerts"),
        ...reportingMenu("complaint_reports.complaint_health_report_menu", "月度健康报告"),
        {
            content: "The report opens on a month with complaints",
            trigger: ".modal .o_field_widget[name='month'] select",
            async run() {
                const year = parseInt(
                    document
                        .querySelector(".modal .o_field_widget[name='year'] input")
                        .value.replace(/\D/g, ""),
                    10
                );
                const raw = this.anchor.value;
                const month = parseInt(raw.replace(/\D/g, ""), 10);
                check(year && month, `No month chosen: ${year} ${raw}`);
                // Local (Beijing, UTC+8) month boundaries in UTC.
                const utc = (y, m) =>
                    new Date(Date.UTC(y, m - 1, 1, -8)).toISOString().replace("T", " ").slice(0, 19);
                const next = month === 12 ? [year + 1, 1] : [year, month + 1];
                const count = await rpcCall("complaint.report", "search_count", [
                    [
                        ["create_date", ">=", utc(year, month)],
                        ["create_date", "<", utc(...next)],
                    ],
                ]);
                check(count > 0, `The report opens on ${year}-${month}, a month without complaints`);
            },
        },
        assertChinese(".modal .modal-content", "monthly report"),
    ],
});
