/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("consumer_complaint_hotline", {
    // The complaints list of the Complaints app; the agent then opens the
    // hotline entry from the app's menu.
    url: "/odoo/action-consumer_complaint.helpdesk_ticket_action_complaint?view_type=list",
    steps: () => [
        {
            content: "Complaints menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='consumer_complaint.menu_complaint_work']",
            run: "click",
        },
        {
            content: "Hotline entry",
            trigger: ".o-dropdown-item[data-menu-xmlid='consumer_complaint.menu_complaint_hotline']",
            run: "click",
        },
        {
            content: "Caller's phone number",
            trigger: ".modal .o_field_widget[name='phone'] input",
            run: "edit 139 1234 5678 && press Tab",
        },
        {
            content: "The caller is found with the complaints made before",
            trigger: ".modal .o_field_widget[name='complaint_count']:contains(2)",
        },
        {
            content: "The customer is selected",
            trigger: ".modal .o_field_widget[name='partner_id'] input:value(钱七)",
        },
        {
            content: "Category",
            trigger: ".modal .o_field_widget[name='category_id'] input",
            run: "edit Odd smell",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item a:contains(Odd smell)",
            run: "click",
        },
        {
            content: "The category's severity is proposed",
            trigger: ".modal .o_field_widget[name='severity_id'] input:value(Urgent)",
        },
        {
            content: "The entry says where the severity comes from",
            trigger: ".modal .o_field_widget[name='severity_reason']:contains(Default severity of)",
        },
        {
            content: "What happened",
            trigger: ".modal .o_field_widget[name='description'] textarea",
            run: "edit The milk powder smells of fish.",
        },
        {
            content: "Register",
            trigger: ".modal-footer button[name='action_create']",
            run: "click",
        },
        {
            content: "The number to read back",
            trigger: ".modal .o_complaint_hotline_number:contains(TS)",
        },
        {
            content: "Open the complaint",
            trigger: ".modal-footer button[name='action_open_ticket']",
            run: "click",
        },
        {
            content: "The complaint form is open",
            trigger: ".o_form_view .o_field_widget[name='description']:contains(smells of fish)",
        },
    ],
});
