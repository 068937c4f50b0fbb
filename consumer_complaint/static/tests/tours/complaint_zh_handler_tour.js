/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {assertChinese, check} from "./complaint_zh_utils";
import {registry} from "@web/core/registry";

const SUBJECT = "香肠有哈喇味";
const LINE = "现金补偿（测试）";

/**
 * Journey 4: a handler carries out the solution of a complaint, in Chinese.
 * Broken before: helpdesk_mgmt's English labels (Ticket number, Title,
 * Contact, Channel, Stage...) on the list, form and search; a complaint left
 * 执行 with its approved compensation not carried out; the dialogs' close
 * button read 结案.
 */
registry.category("web_tour.tours").add("consumer_complaint_zh_handler", {
    url: "/odoo/action-consumer_complaint.helpdesk_ticket_action_complaint?view_type=list",
    steps: () => [
        {
            content: "The complaint is listed",
            trigger: `.o_list_view .o_data_row:contains(${SUBJECT})`,
        },
        assertChinese(".o_list_view .o_list_table thead", "complaint list columns"),
        assertChinese(".o_control_panel", "control panel of the list"),
        {
            content: "Open the search options",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        assertChinese(".o_search_bar_menu", "search options"),
        {
            content: "Close them",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Open the complaint",
            trigger: `.o_data_row:contains(${SUBJECT}) .o_data_cell[name='name']`,
            run: "click",
        },
        {
            content: "The form is open at 执行",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(执行)",
        },
        assertChinese(
            ".o_form_view .o_form_statusbar, .o_form_view .o_form_sheet, .o_form_view .o_notebook_headers",
            "complaint form"
        ),
        {
            content: "方案已执行, with the compensation not carried out",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_complaint_done']:contains(方案已执行)",
            run: "click",
        },
        {
            content: "The complaint cannot leave 执行: the dialog names the line",
            trigger: `.modal .modal-body:contains(${LINE})`,
        },
        {
            content: "The dialog's button reads 关闭, not 结案",
            trigger: ".modal .modal-footer button:contains(关闭)",
            run() {
                const labels = [...document.querySelectorAll(".modal .modal-footer button")].map(
                    (button) => button.textContent.trim()
                );
                check(!labels.some((label) => label.includes("结案")), `Buttons: ${labels}`);
                this.anchor.click();
            },
        },
        {
            content: "Still 执行",
            trigger: ".o_form_view:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current:contains(执行)",
        },
        {
            content: "补偿 tab",
            trigger: ".o_notebook .nav-link:contains(补偿)",
            run: "click",
        },
        {
            content: "Mark the approved line as done",
            trigger: `.o_field_widget[name='compensation_line_ids'] .o_data_row:contains(${LINE}) button[name='action_done']`,
            run: "click",
        },
        {
            content: "Proof of execution",
            trigger: ".modal .o_field_widget[name='reference'] input",
            run: "edit RF20261203-0042",
        },
        assertChinese(".modal .modal-content", "proof of execution dialog"),
        {
            content: "标记为已执行并通知顾客",
            trigger: ".modal-footer button[name='action_done']",
            run: "click",
        },
        {
            content: "The line is carried out",
            trigger: `.o_form_view:not(:has(.modal)) .o_field_widget[name='compensation_line_ids'] .o_data_row:contains(${LINE}):contains(RF20261203-0042)`,
        },
        {
            content: "方案已执行",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_complaint_done']",
            run: "click",
        },
        {
            content: "The complaint moves to 回访",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(回访)",
        },
    ],
});
