/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {assertChinese, check} from "./complaint_zh_utils";
import {registry} from "@web/core/registry";

const SUBJECT = "香肠里有塑料片";

/**
 * Journey 2: a portal customer answers the proposed solution, on a phone.
 * Broken before: complaints listed again under /my/tickets with internal
 * stage names, 我接受该方案 above the solution, the customer's own reason not
 * shown back, money in dollars.
 */
registry.category("web_tour.tours").add("consumer_complaint_zh_portal", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home offers the complaints",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/complaints']:contains(我的投诉)",
        },
        {
            content: "Look at the helpdesk ticket list too",
            trigger: "body",
            run() {
                window.location.href = "/my/tickets";
            },
            expectUnloadPage: true,
        },
        {
            content: "Complaints are not listed a second time as tickets",
            trigger: "#wrap",
            run() {
                const text = document.querySelector("#wrap").innerText;
                check(!text.includes(SUBJECT), "The complaint is listed under /my/tickets");
                check(
                    !document.querySelector("a[href^='/my/ticket/']"),
                    "A ticket is listed under /my/tickets"
                );
            },
        },
        {
            content: "Back to the complaints",
            trigger: "body",
            run() {
                window.location.href = "/my/complaints";
            },
            expectUnloadPage: true,
        },
        assertChinese("#wrap", "complaint list"),
        {
            content: "The complaint waits for the customer's answer",
            trigger: `tr:contains(${SUBJECT}) .badge:contains(等待您的答复)`,
        },
        {
            content: "Open it",
            trigger: `tr:contains(${SUBJECT}) a[href^='/my/complaints/']`,
            run: "click",
            expectUnloadPage: true,
        },
        assertChinese(".o_complaint_page", "complaint page"),
        {
            content: "The solution comes before 我接受该方案",
            trigger: ".o_complaint_answer button.o_complaint_accept:contains(我接受该方案)",
            run() {
                const solution = document.querySelector(".o_complaint_solution");
                check(solution, "The proposed solution is not shown");
                check(
                    solution.getBoundingClientRect().bottom <=
                        this.anchor.getBoundingClientRect().top,
                    "我接受该方案 is shown above the solution"
                );
            },
        },
        {
            content: "Money in yuan",
            trigger: ".o_complaint_compensation:contains(89.90)",
            run() {
                const text = this.anchor.innerText;
                check(text.includes("¥"), `No ¥ in: ${text}`);
                check(!text.includes("$"), `Dollars in: ${text}`);
            },
        },
        {
            content: "我不接受",
            trigger: "button.o_complaint_reject_toggle",
            run: "click",
        },
        {
            content: "The reason",
            trigger: "#complaint_reject_form.show textarea[name='reason']",
            run: "edit 只退一半不够，我要求全额退款。",
        },
        {
            content: "Reject the solution",
            trigger: "#complaint_reject_form button.o_complaint_reject",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The customer's own reason is shown back",
            trigger: ".o_complaint_rejection .o_complaint_rejection_reason:contains(只退一半不够，我要求全额退款。)",
        },
        {
            content: "No answer is asked any more",
            trigger: ".o_complaint_page:not(:has(button.o_complaint_accept))",
        },
        assertChinese(".o_complaint_page", "complaint page after the answer"),
    ],
});
