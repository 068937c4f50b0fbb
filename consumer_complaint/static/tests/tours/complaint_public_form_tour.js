/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

// 1x1 PNG, attached as evidence.
const PNG_B64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==";

export function attachPng(input, name) {
    const bytes = Uint8Array.from(atob(PNG_B64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, {type: "image/png"}));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", {bubbles: true}));
}

registry.category("web_tour.tours").add("consumer_complaint_public_form", {
    url: "/complaint/new",
    steps: () => [
        {
            content: "Name",
            trigger: "form.o_complaint_form input[name='name']",
            run: "edit 赵六",
        },
        {
            content: "Mobile number",
            trigger: "form.o_complaint_form input[name='phone']",
            run: "edit 13811112222",
        },
        {
            content: "E-mail",
            trigger: "form.o_complaint_form input[name='email']",
            run: "edit zhao.liu@example.com",
        },
        {
            content: "Main category",
            trigger: "select[name='category_parent_id']",
            run: "selectByLabel Product quality",
        },
        {
            content: "Sub-categories of that category only",
            trigger: ".o_complaint_subcategory:not(.d-none) select[name='category_id']",
            run() {
                const shown = [...this.anchor.options]
                    .filter((option) => option.value && !option.hidden)
                    .map((option) => option.textContent);
                if (!shown.includes("Spoiled") || shown.includes("Late delivery")) {
                    throw new Error(`Unexpected sub-categories: ${shown.join(", ")}`);
                }
            },
        },
        {
            content: "Sub-category",
            trigger: "select[name='category_id']",
            run: "selectByLabel Odd smell",
        },
        {
            content: "Search the product",
            trigger: "form.o_complaint_form input[name='product_name']",
            run: "edit dumpl",
        },
        {
            content: "Pick it among the matches",
            trigger: ".o_complaint_product_results .o_complaint_product_option:contains(Pork dumplings)",
            run: "click",
        },
        {
            content: "The product is chosen",
            trigger: ".o_complaint_product:has(.o_complaint_product_results.d-none) input[name='product_name']",
            run() {
                const box = document.querySelector(".o_complaint_product");
                const picked = box.querySelector("input[name='product_id']").value;
                const typed = box.querySelector("input[name='product_name']").value;
                if (!picked || !typed.includes("Pork dumplings")) {
                    throw new Error(`Product not picked: ${picked} ${typed}`);
                }
            },
        },
        {
            content: "What happened",
            trigger: "textarea[name='description']",
            run: "edit The yoghurt tasted sour two weeks before its best-before date.",
        },
        {
            content: "What the customer wants",
            trigger: "select[name='demand']",
            run: "select refund",
        },
        {
            content: "Evidence",
            trigger: "form.o_complaint_form input[name='attachments']",
            run() {
                attachPng(this.anchor, "yoghurt.png");
            },
        },
        {
            content: "Consent to personal-data processing",
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
            content: "The complaint number is shown",
            trigger: ".o_complaint_thanks .o_complaint_number:contains(TS)",
        },
        {
            content: "Open the tracking link",
            trigger: "a.o_complaint_track_button",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint page opens without an account",
            trigger: ".o_complaint_page .o_complaint_status:contains(Received)",
        },
        {
            content: "The evidence is listed",
            trigger: ".o_complaint_attachments:contains(yoghurt.png)",
        },
        {
            content: "The promised answer time is shown",
            trigger: ".o_complaint_deadline:contains(Expected solution by)",
        },
    ],
});
