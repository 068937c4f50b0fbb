/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("consumer_complaint_portal_file", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home shows the complaints entry",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/complaints']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "File a complaint",
            trigger: "a.o_complaint_new_button",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Main category",
            trigger: "form.o_complaint_form select[name='category_parent_id']",
            run: "selectByLabel Product quality",
        },
        {
            content: "Sub-category",
            trigger: ".o_complaint_subcategory:not(.d-none) select[name='category_id']",
            run: "selectByLabel Foreign matter",
        },
        {
            content: "Order number",
            trigger: "input[name='order_ref']",
            run: "edit TM-88990011",
        },
        {
            content: "What happened",
            trigger: "textarea[name='description']",
            run: "edit A piece of plastic was in the sausage.",
        },
        {
            content: "What the customer wants",
            trigger: "select[name='demand']",
            run: "select compensation",
        },
        {
            content: "Phone",
            trigger: "form.o_complaint_form input[name='phone']",
            run: "edit 13922223333",
        },
        {
            content: "Consent",
            trigger: "input[name='privacy_consent']",
            run: "check",
        },
        {
            content: "Send",
            trigger: "button.o_complaint_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Registered, with its number",
            trigger: ".o_complaint_success:contains(has been registered)",
        },
        {
            content: "Status in plain words",
            trigger: ".o_complaint_status:contains(Received)",
        },
    ],
});

registry.category("web_tour.tours").add("consumer_complaint_portal_accept", {
    steps: () => [
        {
            content: "The proposed solution is shown",
            trigger: ".o_complaint_solution:contains(Full refund)",
        },
        {
            content: "The customer is asked for an answer",
            trigger: ".o_complaint_status:contains(Waiting for your answer)",
        },
        {
            content: "Accept the solution",
            trigger: "button.o_complaint_accept",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Thanked for the answer",
            trigger: ".o_complaint_success:contains(you accepted the solution)",
        },
        {
            content: "The solution is being carried out",
            trigger: ".o_complaint_status:contains(Solution being carried out)",
        },
        {
            content: "No answer buttons any more",
            trigger: ".o_complaint_page:not(:has(button.o_complaint_accept))",
        },
    ],
});
