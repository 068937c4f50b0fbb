/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {PortalHomeCounters} from "@portal/js/portal";
import {_t} from "@web/core/l10n/translation";
import {debounce} from "@web/core/utils/timing";
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
 * chosen category, the product is searched as the customer types (without
 * JavaScript the server matches the typed text), files are checked before
 * sending (the server checks them again) and the form cannot be sent twice.
 */
publicWidget.registry.ComplaintForm = publicWidget.Widget.extend({
    selector: "form.o_complaint_form, form.o_complaint_message_form",
    events: {
        "change select[name='category_parent_id']": "_onChangeCategory",
        "change input[name='attachments']": "_onChangeFiles",
        "input input[name='product_name']": "_onProductInput",
        "compositionend input[name='product_name']": "_onProductInput",
        "keydown input[name='product_name']": "_onProductKeydown",
        "focusout .o_complaint_product": "_onProductFocusout",
        // Picking a suggestion keeps the focus in the field.
        "mousedown .o_complaint_product_option": "_onProductMousedown",
        "click .o_complaint_product_option": "_onProductPick",
        submit: "_onSubmit",
    },

    start() {
        this._filterSubCategories();
        this.productBox = this.el.querySelector(".o_complaint_product");
        if (this.productBox) {
            this.productInput = this.productBox.querySelector(
                "input[name='product_name']"
            );
            this.productResults = this.productBox.querySelector(
                ".o_complaint_product_results"
            );
            this.productSearchSeq = 0;
            this._searchProductsDebounced = debounce(() => this._searchProducts(), 250);
        }
        return this._super(...arguments);
    },

    destroy() {
        this._searchProductsDebounced?.cancel();
        return this._super(...arguments);
    },

    _filterSubCategories() {
        const parent = this.el.querySelector("select[name='category_parent_id']");
        const child = this.el.querySelector("select[name='category_id']");
        if (!parent || !child) {
            return;
        }
        let visible = 0;
        for (const group of child.querySelectorAll("optgroup[data-parent]")) {
            const show = group.dataset.parent === parent.value;
            group.hidden = !show;
            for (const option of group.querySelectorAll("option")) {
                option.hidden = !show;
                option.disabled = !show;
                if (show) {
                    visible++;
                } else if (option.selected) {
                    child.value = "";
                }
            }
        }
        child.required = visible > 0;
        child.closest(".o_complaint_subcategory").classList.toggle("d-none", !visible);
    },

    _onChangeCategory() {
        this._filterSubCategories();
    },

    // Product search --------------------------------------------------------

    /**
     * The hidden field that carries the picked product (created when the
     * page offered the matching products as choices instead).
     */
    _productIdInput() {
        let input = this.productBox.querySelector("input[type='hidden'][name='product_id']");
        if (!input) {
            input = document.createElement("input");
            input.type = "hidden";
            input.name = "product_id";
            this.productBox.appendChild(input);
        }
        return input;
    },

    _onProductInput(ev) {
        // The text no longer names the product picked before, nor the
        // choices the server offered for the previous text.
        this._productIdInput().value = "";
        this.productBox.querySelector(".o_complaint_product_choices")?.remove();
        // Pinyin still being composed is not what the customer means yet.
        if ((ev.originalEvent || ev).isComposing) {
            return;
        }
        this._searchProductsDebounced();
    },

    async _searchProducts() {
        const text = this.productInput.value.trim();
        const seq = ++this.productSearchSeq;
        if (!text) {
            this._showProducts([], "");
            return;
        }
        let products = [];
        try {
            const url = new URL(this.productBox.dataset.searchUrl, window.location.origin);
            url.searchParams.set("q", text);
            const response = await fetch(url, {headers: {Accept: "application/json"}});
            if (response.ok) {
                products = (await response.json()).products || [];
            }
        } catch {
            // Offline or refused: the server matches the typed text on sending.
            products = [];
        }
        if (seq === this.productSearchSeq) {
            this._showProducts(products, text);
        }
    },

    _showProducts(products, text) {
        const list = this.productResults;
        list.replaceChildren();
        for (const product of products) {
            const item = document.createElement("button");
            item.type = "button";
            item.id = `complaint_product_option_${product.id}`;
            item.className = "list-group-item list-group-item-action o_complaint_product_option";
            item.setAttribute("role", "option");
            item.dataset.productId = product.id;
            item.textContent = product.name;
            list.appendChild(item);
        }
        if (text && !products.length) {
            const empty = document.createElement("div");
            empty.className = "list-group-item text-muted small o_complaint_product_none";
            empty.textContent = _t(
                "No product found. Check the name, or leave the field empty."
            );
            list.appendChild(empty);
        }
        const open = list.children.length > 0;
        list.classList.toggle("d-none", !open);
        this.productInput.setAttribute("aria-expanded", open ? "true" : "false");
        this.productInput.removeAttribute("aria-activedescendant");
    },

    _onProductKeydown(ev) {
        if ((ev.originalEvent || ev).isComposing) {
            // Enter or Escape confirm or cancel the input method's text.
            return;
        }
        if (ev.key === "Escape") {
            this._showProducts([], "");
            return;
        }
        const items = [...this.productResults.querySelectorAll(".o_complaint_product_option")];
        if (!items.length || !["ArrowDown", "ArrowUp", "Enter"].includes(ev.key)) {
            return;
        }
        const current = items.findIndex((item) => item.classList.contains("active"));
        if (ev.key === "Enter") {
            if (current >= 0) {
                ev.preventDefault();
                this._pickProduct(items[current]);
            }
            return;
        }
        ev.preventDefault();
        const step = ev.key === "ArrowDown" ? 1 : -1;
        const next = (current + step + items.length) % items.length;
        items.forEach((item, index) => {
            item.classList.toggle("active", index === next);
            item.setAttribute("aria-selected", index === next ? "true" : "false");
        });
        this.productInput.setAttribute("aria-activedescendant", items[next].id);
        items[next].scrollIntoView({block: "nearest"});
    },

    _onProductFocusout(ev) {
        if (!this.productBox.contains(ev.relatedTarget)) {
            this._showProducts([], "");
        }
    },

    _onProductMousedown(ev) {
        ev.preventDefault();
    },

    _onProductPick(ev) {
        this._pickProduct(ev.currentTarget);
    },

    _pickProduct(item) {
        this.productInput.value = item.textContent;
        this._productIdInput().value = item.dataset.productId;
        // A search for the text typed before must not reopen the list.
        this._searchProductsDebounced.cancel();
        this.productSearchSeq++;
        this._showProducts([], "");
        this.productInput.focus();
    },

    // Files and sending -----------------------------------------------------

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
