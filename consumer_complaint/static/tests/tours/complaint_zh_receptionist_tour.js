/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {assertChinese} from "./complaint_zh_utils";
import {registry} from "@web/core/registry";

/**
 * Journey 3: a receptionist takes a hotline call, in Chinese.
 * Broken before: the wizard showed the category's severity (紧急) while the
 * complaint was saved with the severity the rules give the words (重大).
 */
registry.category("web_tour.tours").add("consumer_complaint_zh_receptionist", {
    url: "/odoo/action-consumer_complaint.helpdesk_ticket_action_complaint?view_type=list",
    steps: () => [
        {
            content: "投诉 menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='consumer_complaint.menu_complaint_work']:contains(投诉)",
            run: "click",
        },
        {
            content: "热线登记",
            trigger: ".o-dropdown-item[data-menu-xmlid='consumer_complaint.menu_complaint_hotline']:contains(热线登记)",
            run: "click",
        },
        {
            content: "来电号码",
            trigger: ".modal .o_field_widget[name='phone'] input",
            run: "edit 13955556666 && press Tab",
        },
        {
            content: "来电人姓名",
            trigger: ".modal .o_field_widget[name='partner_name'] input",
            run: "edit 韩梅梅",
        },
        {
            content: "分类",
            trigger: ".modal .o_field_widget[name='category_id'] input",
            run: "edit 异味",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item a:contains(异味（测试）)",
            run: "click",
        },
        {
            content: "The category's severity is proposed",
            trigger: ".modal .o_field_widget[name='severity_id'] input:value(紧急)",
        },
        {
            content: "投诉内容",
            trigger: ".modal .o_field_widget[name='description'] textarea",
            run: "edit 孩子吃了饺子以后食物中毒，已经住院了。 && press Tab",
        },
        {
            content: "The severity that will be saved is shown: 重大",
            trigger: ".modal .o_field_widget[name='severity_id'] input:value(重大)",
        },
        {
            content: "The entry says which rule raised it",
            trigger: ".modal .o_field_widget[name='severity_reason']:contains(由等级规则提高):contains(食物中毒)",
        },
        assertChinese(".modal .o_complaint_hotline, .modal .modal-header, .modal .modal-footer", "hotline entry"),
        {
            content: "登记投诉",
            trigger: ".modal-footer button[name='action_create']:contains(登记投诉)",
            run: "click",
        },
        {
            content: "The number to read back",
            trigger: ".modal .o_complaint_hotline_done:contains(请向来电人复述编号) .o_complaint_hotline_number:contains(TS)",
        },
        assertChinese(".modal .modal-footer", "registered call"),
        {
            content: "打开投诉",
            trigger: ".modal-footer button[name='action_open_ticket']",
            run: "click",
        },
        {
            content: "The complaint is saved as 重大",
            trigger:
                ".o_form_view .o_field_widget[name='severity_id']:contains(重大), " +
                ".o_form_view .o_field_widget[name='severity_id'] input:value(重大)",
        },
    ],
});
