/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {assertChinese, check} from "@consumer_complaint/../tests/tours/complaint_zh_utils";
import {registry} from "@web/core/registry";

const SUBJECT = "饺子馅发酸";

/** Click the ``index``-th (0-based) choice of the ``question``-th question. */
function choose(question, index, what) {
    return {
        content: what,
        trigger: `.js_question-wrapper:eq(${question}) label.o_survey_choice_btn:eq(${index})`,
        run: "click",
    };
}

/**
 * Journey 7: a follow-up agent calls the customer and fills in the
 * satisfaction survey with them, in Chinese.
 * Broken before: an unanswered survey showed satisfaction 0, and the survey
 * page did not say which complaint it is about.
 */
registry.category("web_tour.tours").add("complaint_survey_zh_followup", {
    url: "/odoo/action-complaint_survey.helpdesk_ticket_action_complaint_followup",
    steps: () => [
        {
            content: "The complaint to call about is listed",
            trigger: `.o_list_view .o_data_row:contains(${SUBJECT})`,
        },
        assertChinese(".o_list_view .o_list_table thead, .o_control_panel", "follow-up calls"),
        {
            content: "The unanswered survey shows no satisfaction, not 0",
            trigger: `.o_data_row:contains(${SUBJECT}) td[name='csat_score']`,
            run() {
                const text = this.anchor.textContent.trim();
                check(text === "", `Satisfaction of an unanswered survey: ${text}`);
            },
        },
        {
            content: "通话结果",
            trigger: `.o_data_row:contains(${SUBJECT}) td[name='followup_call_outcome']`,
            run: "click",
        },
        {
            content: "已接通",
            trigger: ".o_selected_row .o_field_widget[name='followup_call_outcome'] select",
            run: "selectByLabel 已接通",
        },
        {
            content: "Save",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: `.o_list_view:not(:has(.o_selected_row)) .o_data_row:contains(${SUBJECT}) td[name='followup_call_outcome']:contains(已接通)`,
            run() {
                // The survey opens in a new tab in real life: here in this one.
                const {browser} = odoo.loader.modules.get("@web/core/browser/browser");
                browser.open = (url) => {
                    window.location.href = url;
                };
            },
        },
        {
            content: "电话代填问卷",
            trigger: `.o_data_row:contains(${SUBJECT}) button[name='action_complaint_survey_phone']`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The survey page names the complaint",
            trigger: ".o_survey_complaint:contains(关于您的投诉) .o_survey_complaint_number:contains(TS)",
        },
        {
            content: "Start the survey",
            trigger: "button[value='start']:not(.disabled), .js_question-wrapper",
            run() {
                if (this.anchor.tagName === "BUTTON") {
                    this.anchor.click();
                }
            },
        },
        choose(0, 3, "满意度 4"),
        choose(1, 9, "推荐意愿 9"),
        choose(2, 3, "处理速度 4"),
        choose(3, 4, "服务态度 5"),
        choose(4, 0, "问题已解决"),
        assertChinese(".o_survey_form", "survey page"),
        {
            content: "提交",
            trigger: "button[value='finish']",
            run: "click",
        },
        {
            content: "Thanked",
            trigger: ".o_survey_finished",
        },
    ],
});
