/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {assertChinese, check} from "./complaint_zh_utils";
import {registry} from "@web/core/registry";

const REASON_APPROVE = "甲：香肠整批变质，按规定退款";
const REASON_REJECT = "乙：包装轻微破损，要求赔偿过高";
const MAJOR = "多人吃了香肠后呕吐";

/**
 * Journey 5: a supervisor decides compensation from the queue, in Chinese,
 * then looks at a major complaint just filed.
 * Broken before: no approve or reject in the queue; the activity of a major
 * complaint filed at night was dated the day before (昨天, overdue).
 */
registry.category("web_tour.tours").add("consumer_complaint_zh_supervisor", {
    url: "/odoo/action-consumer_complaint.complaint_compensation_line_action",
    steps: () => [
        {
            content: "The queue lists the lines to approve",
            trigger: `.o_list_view .o_data_row:contains(${REASON_APPROVE})`,
        },
        assertChinese(".o_list_view .o_list_table, .o_control_panel", "compensation queue"),
        {
            content: "批准 from the list",
            trigger: `.o_data_row:contains(${REASON_APPROVE}) button[name='action_approve']:contains(批准)`,
            run: "click",
        },
        {
            content: "The line is approved: nothing left to approve on it",
            trigger: `.o_list_view:not(:has(.o_data_row:contains(${REASON_APPROVE}) button[name='action_approve']))`,
        },
        {
            content: "驳回 from the list",
            trigger: `.o_data_row:contains(${REASON_REJECT}) button[name='action_reject']:contains(驳回)`,
            run: "click",
        },
        {
            content: "Why",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit 损坏轻微，已为顾客换货，不另行赔偿。",
        },
        assertChinese(".modal .modal-content", "reject dialog"),
        {
            content: "驳回补偿",
            trigger: ".modal-footer button[name='action_reject']",
            run: "click",
        },
        {
            content: "The line is rejected",
            trigger: `.o_list_view:not(:has(.modal)):not(:has(.o_data_row:contains(${REASON_REJECT}) button[name='action_reject']))`,
        },
        {
            content: "投诉 menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='consumer_complaint.menu_complaint_work']",
            run: "click",
        },
        {
            content: "全部投诉",
            trigger: ".o-dropdown-item[data-menu-xmlid='consumer_complaint.menu_complaint_all']",
            run: "click",
        },
        {
            content: "Open the major complaint just filed",
            trigger: `.o_kanban_view .o_kanban_record:contains(${MAJOR})`,
            run: "click",
        },
        {
            content: "Its activity is due today, not overdue",
            trigger: ".o-mail-Activity:contains(已登记重大投诉)",
            run() {
                const info = this.anchor.querySelector(".o-mail-Activity-info").textContent;
                check(info.includes("今天"), `Activity not due today: ${info}`);
                check(
                    !/昨天|逾期/.test(info),
                    `Activity overdue at birth: ${info}`
                );
            },
        },
    ],
});
