/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {PortalHomeCounters} from "@portal/js/portal";
import {_t} from "@web/core/l10n/translation";
import publicWidget from "@web/legacy/js/public/public_widget";

PortalHomeCounters.include({
    /**
     * The complaints entry stays visible without complaints: it is where a
     * customer files the first one.
     * @override
     */
    _getCountersAlwaysDisplayed() {
        return this._super(...arguments).concat(["complaint_count"]);
    },
});

/**
 * Complaint forms (public, portal, messages): sub-categories follow the
 * chosen category, files are checked before sending (the server checks them
 * again) and the form cannot be sent twice.
 */
publicWidget.registry.ComplaintForm = publicWidget.Widget.extend({
    selector: "form.o_complaint_form, form.o_complaint_message_form",
    events: {
        "change select[name='category_parent_id']": "_onChangeCategory",
        "change input[name='attachments']": "_onChangeFiles",
        submit: "_onSubmit",
    },

    start() {
        this._filterSubCategories();
        return this._super(...arguments);
    },

    _filterSubCategories() {
        const parent = this.el.querySelector("select[name='category_parent_id']");
        const child = this.el.querySelector("select[name='category_id']");
        if (!parent || !child) {
            return;
        }
        let visible = 0;
        for (const option of child.querySelectorAll("option[data-parent]")) {
            const show = option.dataset.parent === parent.value;
            option.hidden = !show;
            option.disabled = !show;
            option.textContent = option.dataset.name;
            if (show) {
                visible++;
            } else if (option.selected) {
                child.value = "";
            }
        }
        child.required = visible > 0;
        child.closest(".o_complaint_subcategory").classList.toggle("d-none", !visible);
    },

    _onChangeCategory() {
        this._filterSubCategories();
    },

    _onChangeFiles(ev) {
        const input = ev.currentTarget;
        const warning = this.el.querySelector(".o_complaint_files_warning");
        if (!warning) {
            return;
        }
        const maxFiles = parseInt(this.el.dataset.maxFiles, 10);
        const maxBytes = parseInt(this.el.dataset.maxFileMb, 10) * 1024 * 1024;
        const problems = [];
        if (input.files.length > maxFiles) {
            problems.push(_t("You can attach at most %s files.", maxFiles));
        }
        for (const file of input.files) {
            if (file.size > maxBytes) {
                problems.push(
                    _t("%(name)s is larger than %(size)s MB.", {
                        name: file.name,
                        size: this.el.dataset.maxFileMb,
                    })
                );
            }
        }
        warning.textContent = problems.join(" ");
        warning.classList.toggle("d-none", !problems.length);
    },

    _onSubmit(ev) {
        const button = this.el.querySelector("button[type='submit']");
        if (button && button.disabled) {
            ev.preventDefault();
            return;
        }
        if (button) {
            button.disabled = true;
        }
    },
});
