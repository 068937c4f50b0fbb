/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {assertChinese, beijingParts, check} from "./complaint_zh_utils";
import {registry} from "@web/core/registry";

// The severity of the fixture's category: 紧急, 48 hours to a solution.
const SOLUTION_HOURS = 48;

/**
 * Journey 1: a guest files a complaint on a phone, in Chinese.
 * Broken before: helpdesk demo categories (Software, Wifi) in the picker, a
 * 44-item product select without search, and a promise counted on an
 * 8-hour working day shown without a clear date.
 */
registry.category("web_tour.tours").add("consumer_complaint_zh_guest", {
    url: "/complaint/new",
    steps: () => [
        assertChinese("form.o_complaint_form", "public complaint form"),
        {
            content: "Only complaint categories are offered",
            trigger: "form.o_complaint_form select[name='category_parent_id']",
            run() {
                const offered = [...this.anchor.options]
                    .filter((option) => option.value)
                    .map((option) => option.textContent.trim());
                check(
                    offered.includes("食品质量（测试）"),
                    `The complaint category is missing: ${offered.join(", ")}`
                );
                const wrong = offered.filter((name) =>
                    ["网络故障（测试）", "Software", "Wifi"].includes(name)
                );
                check(!wrong.length, `Helpdesk categories offered: ${wrong.join(", ")}`);
            },
        },
        {
            content: "姓名",
            trigger: "form.o_complaint_form input[name='name']",
            run: "edit 赵六",
        },
        {
            content: "手机号",
            trigger: "form.o_complaint_form input[name='phone']",
            run: "edit 13811112222",
        },
        {
            content: "投诉分类",
            trigger: "form.o_complaint_form select[name='category_parent_id']",
            run: "selectByLabel 食品质量（测试）",
        },
        {
            content: "子分类",
            trigger: ".o_complaint_subcategory:not(.d-none) select[name='category_id']",
            run: "selectByLabel 异味（测试）",
        },
        {
            content: "The product is searched, not picked from the whole catalogue",
            trigger: "form.o_complaint_form .o_complaint_product input[name='product_name']",
            run: "edit 饺子",
        },
        {
            content: "Only the matching products are offered",
            trigger: ".o_complaint_product_results:not(.d-none) .o_complaint_product_option:contains(猪肉饺子（测试）)",
            run() {
                const offered = [
                    ...document.querySelectorAll(
                        ".o_complaint_product_results .o_complaint_product_option"
                    ),
                ].map((option) => option.textContent);
                check(
                    !offered.some((name) => name.includes("布艺沙发")),
                    `Unrelated products offered: ${offered.join(", ")}`
                );
                this.anchor.click();
            },
        },
        {
            content: "The product is picked",
            trigger: ".o_complaint_product:has(.o_complaint_product_results.d-none) input[name='product_name']",
            run() {
                const picked = document.querySelector(
                    ".o_complaint_product input[name='product_id']"
                ).value;
                check(picked && this.anchor.value.includes("猪肉饺子"), "Product not picked");
            },
        },
        {
            content: "发生了什么",
            trigger: "textarea[name='description']",
            run: "edit 昨天买的猪肉饺子煮好后有一股酸味，像是变质了。",
        },
        {
            content: "诉求",
            trigger: "select[name='demand']",
            run: "select refund",
        },
        {
            content: "同意个人信息处理",
            trigger: "input[name='privacy_consent']",
            run: "check",
        },
        {
            content: "提交",
            trigger: "button.o_complaint_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Thanked in Chinese, with the complaint number",
            trigger: ".o_complaint_thanks:contains(谢谢，我们已收到您的投诉。) .o_complaint_number:contains(TS)",
        },
        assertChinese(".o_complaint_thanks", "thank-you page"),
        {
            content: "The promise states a date and time, 48 calendar hours from now",
            trigger: ".o_complaint_thanks p:contains(前给出方案)",
            run() {
                const text = this.anchor.textContent;
                const match = text.match(
                    /预计\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*(\d{1,2}):(\d{2})\s*前给出方案/
                );
                check(match, `No date and time in the promise: ${text}`);
                const [year, month, day, hour, minute] = match.slice(1).map(Number);
                // Beijing is UTC+8 all year.
                const promised = Date.UTC(year, month - 1, day, hour - 8, minute);
                const expected = Date.now() + SOLUTION_HOURS * 3600 * 1000;
                const local = beijingParts(new Date(expected));
                check(
                    Math.abs(promised - expected) < 15 * 60 * 1000,
                    `Promised ${text.trim()}, expected about ${local.year}-${local.month}-` +
                        `${local.day} ${local.hour}:${local.minute} (Beijing time)`
                );
            },
        },
        {
            content: "Follow the complaint",
            trigger: "a.o_complaint_track_button",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint page states its status in Chinese",
            trigger: ".o_complaint_page .o_complaint_status",
        },
        assertChinese(".o_complaint_page", "complaint page"),
    ],
});
