/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/*
 * Steps shared by the zh_CN journey tours (complaint_zh_*_tour.js and the
 * tours of complaint_reports and complaint_survey).
 */

// Latin words that Chinese screens use as they are (as in
// consumer_complaint/tests/test_zh_cn_labels.py), compared upper-case.
const ALLOWED_WORDS = new Set([
    "API",
    "APP",
    "CNY",
    "CRM",
    "CSAT",
    "CSV",
    "ERP",
    "GB",
    "GIF",
    "HTTP",
    "HTTPS",
    "ID",
    "JPEG",
    "JPG",
    "JSON",
    "KB",
    "KG",
    "MB",
    "ML",
    "NPS",
    "ODR",
    "PDF",
    "PNG",
    "QR",
    "REST",
    "SHA",
    "SKU",
    "SLA",
    "URL",
    "VIP",
    "WEBHOOK",
    "WEBP",
    "XLSX",
    // Used as they are in Chinese offices: "Excel 工作簿", "KPI 摘要".
    "EXCEL",
    "KPI",
    // Keys named as on the keyboard (the survey's "Ctrl+Enter").
    "CTRL",
    "ENTER",
    // Odoo's own bot, author of automatic messages.
    "ODOOBOT",
]);

/**
 * Latin words of two letters or more in ``text``; complaint numbers
 * (TS2026...) and other tokens holding digits are not words.
 */
export function englishWords(text) {
    // Links, e-mail addresses and paths (/my/complaints/12) are not words.
    const plain = (text || "")
        .replace(/\b(?:https?|mailto):\S+/g, " ")
        .replace(/\S+@\S+\.\w+/g, " ")
        .replace(/(^|[\s(（])\/[\w/.<>:?=&…-]*/g, " ");
    const tokens = plain.match(/[A-Za-z][A-Za-z0-9_'’-]*/g) || [];
    return tokens.filter(
        (token) => /^[A-Za-z'’-]{2,}$/.test(token) && !ALLOWED_WORDS.has(token.toUpperCase())
    );
}

/** Visible text, placeholders, titles and select options under ``el``. */
function screenTexts(el) {
    const texts = [el.innerText || ""];
    for (const node of el.querySelectorAll("[placeholder], [title], [aria-label]")) {
        if (node.offsetParent === null && node.tagName !== "OPTION") {
            continue;
        }
        for (const attr of ["placeholder", "title", "aria-label"]) {
            if (node.getAttribute(attr)) {
                texts.push(node.getAttribute(attr));
            }
        }
    }
    for (const option of el.querySelectorAll("option")) {
        if (!option.hidden) {
            texts.push(option.textContent);
        }
    }
    return texts;
}

/**
 * A step that fails when the elements matching ``selector`` show an English
 * word, listing every one of them.
 */
export function assertChinese(selector, what) {
    return {
        content: `Chinese only: ${what}`,
        trigger: selector,
        run() {
            const found = new Set();
            for (const el of document.querySelectorAll(selector)) {
                for (const text of screenTexts(el)) {
                    for (const word of englishWords(text)) {
                        found.add(word);
                    }
                }
            }
            if (found.size) {
                throw new Error(`English on the ${what}: ${[...found].join(", ")}`);
            }
        },
    };
}

/** Throw ``message`` unless ``condition`` holds. */
export function check(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

/**
 * Calls a model method through JSON-RPC, as the web client does (with the
 * rights of the user of the tour).
 */
export async function rpcCall(model, method, args, kwargs = {}) {
    const response = await fetch(`/web/dataset/call_kw/${model}/${method}`, {
        method: "POST",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({
            jsonrpc: "2.0",
            method: "call",
            params: {model, method, args, kwargs},
        }),
    });
    const result = await response.json();
    if (result.error) {
        throw new Error(JSON.stringify(result.error.data || result.error));
    }
    return result.result;
}

/** Parts of ``date`` in Beijing time: {year, month, day, hour, minute}. */
export function beijingParts(date) {
    const parts = {};
    const format = new Intl.DateTimeFormat("en-GB", {
        timeZone: "Asia/Shanghai",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        hourCycle: "h23",
    });
    for (const part of format.formatToParts(date)) {
        if (part.type !== "literal") {
            parts[part.type] = parseInt(part.value, 10);
        }
    }
    return parts;
}
