# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""In zh_CN no English label on the screens the complaint roles use.

The checks read what the web client, the portal and the mails get in
zh_CN: the combined arch of every backend view of the complaint models with
the labels of its fields, the terms of every record and template of our
addons and of the OCA helpdesk addons they build on, the code strings of our
addons, chatter labels and the names of records created at run time. Each
failure lists every offending text with where it comes from.

A text counts as English when it holds a Latin word of two letters or more
that Chinese screens do not use as is (``ALLOWED_WORDS``), once technical
tokens (placeholders, expressions, markup, paths, dotted and snake_case
names) are taken out.
"""

import re

from lxml import etree, html
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TRANSLATED_ATTRS, TranslationModuleReader

OUR_ADDONS = (
    "consumer_complaint",
    "complaint_compliance",
    "complaint_survey",
    "complaint_reports",
    "complaint_api",
)
# OCA addons whose screens, menus and chatter the complaint roles use: their
# zh_CN terms ship in consumer_complaint/i18n_extra/zh_CN.po.
BASE_ADDONS = ("helpdesk_mgmt", "helpdesk_mgmt_sla", "helpdesk_mgmt_merge")
ZH = "zh_CN"
BACKEND_VIEW_TYPES = ("list", "form", "search", "kanban", "pivot", "graph", "calendar")

# Latin words that Chinese screens use as they are (compared upper-case).
ALLOWED_WORDS = frozenset(
    {
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
    }
)
TECHNICAL = re.compile(
    r"""
      \{\{.*?\}\} | \#\{.*?\} | \$\{.*?\}       # template expressions
    | %(?:\(\w+\))?[-+ #0-9.]*[sdfr] | \{\w*\}  # placeholders: %(count)s, %.1f
    | <[^>]*> | &\#?\w+;                        # markup inside a term
    | \b(?:https?|mailto):\S+ | \S+@\S+\.\w+     # links, e-mail addresses
    | (?<![\w.])/[\w/.<>:?=&…-]*                # paths: /my/complaints?page=2
    | \b(?:GET|POST|PUT|PATCH|DELETE)\b         # HTTP verbs before a path
    | \bfa-[\w-]+                               # icon classes: fa-tasks
    | \b\w+(?:\.\w+)+\b                         # dotted names: object.number
    | \b\w*_\w*\b                               # snake_case names
    """,
    re.VERBOSE | re.DOTALL,
)
WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff]")
TRUE_VALUES = ("1", "True", "true")
# Attributes shown to the user (Odoo's own list of translated attributes).
LABEL_ATTRS = tuple(a for a in TRANSLATED_ATTRS if not a.startswith("t-attf-"))


def english_words(text):
    """The Latin words of ``text`` that make it English on a Chinese screen."""
    plain = TECHNICAL.sub(" ", text or "")
    return [w for w in WORD.findall(plain) if w.upper() not in ALLOWED_WORDS]


def is_english(text):
    """More English words than Chinese ones (a CJK character counting as half
    a word): an untranslated label, even with a Chinese example in it, but
    not a Chinese one that names a code, a unit or a brand."""
    words = english_words(text)
    return bool(words) and 2 * len(words) > len(CJK.findall(text))


def is_chinese_only(text):
    """A label written in Chinese with no English word at all."""
    return bool(CJK.search(text or "")) and not english_words(text)


def _hidden(node):
    """Never shown: invisible, or only in developer mode."""
    return (
        node.get("invisible") in TRUE_VALUES
        or node.get("column_invisible") in TRUE_VALUES
        or node.get("groups") == "base.group_no_one"
    )


@tagged("post_install", "-at_install")
class TestZhCnLabels(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Module = cls.env["ir.module.module"]
        lang = cls.env["res.lang"].with_context(active_test=False)
        if not lang.search([("code", "=", ZH), ("active", "=", True)]):
            # Odoo's own terms too, or every core label would count.
            cls.env["base.language.install"].create(
                {"lang_ids": [(6, 0, lang.search([("code", "=", ZH)]).ids)]}
            ).lang_install()
        installed = Module.search([("state", "=", "installed")]).mapped("name")
        cls.our_addons = [m for m in OUR_ADDONS if m in installed]
        cls.base_addons = [m for m in BASE_ADDONS if m in installed]
        # Check the shipped .po files, even on a database whose earlier
        # translations an update did not overwrite.
        Module._load_module_terms(cls.our_addons, [ZH], overwrite=True)
        cls.scope_models = cls._scope_models()
        cls._fields_cache = {}

    # ------------------------------------------------------------------
    # What the roles see
    # ------------------------------------------------------------------

    @classmethod
    def _scope_models(cls):
        """The complaint models, the helpdesk ones, and the models opened from
        the complaint menus."""
        modules = cls.our_addons + cls.base_addons
        imd = cls.env["ir.model.data"].search(
            [("model", "=", "ir.model"), ("module", "in", modules)]
        )
        models = set(cls.env["ir.model"].browse(imd.mapped("res_id")).mapped("model"))
        models |= {m for m in cls.env.registry if m.startswith("helpdesk.")}
        menus = cls._menus()
        for action in filter(None, menus.mapped("action")):
            if action._name == "ir.actions.act_window":
                models.add(action.res_model)
        return sorted(m for m in models if m in cls.env)

    def _fields(self, model, lang):
        key = (model, lang)
        if key not in self._fields_cache:
            self._fields_cache[key] = (
                self.env[model]
                .with_context(lang=lang)
                .fields_get(
                    attributes=["string", "help", "selection", "type", "relation"]
                )
            )
        return self._fields_cache[key]

    def _backend_archs(self, lang):
        """(view, arch) of the backend views the roles see.

        A model of our addons or of the helpdesk: every view, combined with
        the views other addons add into it. A model we only extend (users,
        settings, surveys): the views our addons and the helpdesk add.
        """
        modules = tuple(self.our_addons + self.base_addons)
        own = [
            m
            for m in self.scope_models
            if m.startswith("helpdesk.") or self.env[m]._original_module in modules
        ]
        View = self.env["ir.ui.view"].with_context(lang=lang)
        domain = [("type", "in", BACKEND_VIEW_TYPES)]
        for view in View.search(
            domain + [("model", "in", own), ("mode", "=", "primary")]
        ):
            yield view, view._get_combined_arch()
        shared = View.search(
            domain + [("model", "in", self.scope_models), ("model", "not in", own)]
        )
        for view in shared:
            if self._xmlid(view).split(".")[0] in modules:
                yield view, etree.fromstring(view.arch)

    def _view_texts(self, arch):
        """(element, kind, text) of every shown text of an arch: the label
        attributes and the text nodes, in document order."""
        hidden = set()
        for node in arch.iter(tag=etree.Element):
            if node in hidden or _hidden(node):
                hidden.update(node.iter())
        for node in arch.iter(tag=etree.Element):
            if node.tail and node.tail.strip() and node.getparent() not in hidden:
                yield node, "text", node.tail.strip()
            # In an extension view, <attribute name="invisible"> holds an
            # expression; only the label attributes hold text.
            skip = (
                node in hidden
                or node.tag in ("script", "style")
                or (node.tag == "attribute" and node.get("name") not in LABEL_ATTRS)
            )
            if skip:
                continue
            for attr in LABEL_ATTRS:
                value = node.get(attr)
                if value and TRANSLATED_ATTRS[attr](node):
                    yield node, f"@{attr}", value
            if node.text and node.text.strip():
                yield node, "text", node.text.strip()

    def _field_labels(self, node, model, lang, inside_kanban=False):
        """(where, text) of the field labels, help and selection values an arch
        shows without a string of its own, in document order."""
        if _hidden(node):
            return
        inside_kanban = inside_kanban or node.tag == "kanban"
        fields = self._fields(model, lang)
        name = node.get("name") if node.tag == "field" else node.get("for")
        if node.tag in ("field", "label") and name in fields:
            field = fields[name]
            where = f"{model}.{name}"
            shows_label = (
                not inside_kanban
                and not node.get("string")
                and node.get("nolabel") not in TRUE_VALUES
                and node.get("widget") != "handle"
            )
            if shows_label:
                yield f"{where} (label)", field["string"]
                if field.get("help") and node.tag == "field":
                    yield f"{where} (help)", field["help"]
            if node.tag == "field":
                for value, label in field.get("selection") or []:
                    yield f"{where} (selection {value})", label
            if node.tag == "field" and field.get("relation") and len(node):
                model = field["relation"]
        for child in node.iterchildren(tag=etree.Element):
            yield from self._field_labels(child, model, lang, inside_kanban)

    def _view_pairs(self):
        """(view xmlid, where, English text, Chinese text) of every label of
        the backend views the roles see."""
        en_archs = dict(self._backend_archs("en_US"))
        for view, zh_arch in self._backend_archs(ZH):
            xmlid = self._xmlid(view)
            en_arch = en_archs[view]
            en_texts = list(self._view_texts(en_arch))
            zh_texts = list(self._view_texts(zh_arch))
            self.assertEqual(len(en_texts), len(zh_texts), xmlid)
            for (_n, kind, en), (_m, _k, zh) in zip(en_texts, zh_texts, strict=True):
                yield xmlid, kind, en, zh
            en_labels = self._field_labels(en_arch, view.model, "en_US")
            zh_labels = self._field_labels(zh_arch, view.model, ZH)
            for (where, en), (_w, zh) in zip(en_labels, zh_labels, strict=True):
                yield xmlid, where, en, zh

    @staticmethod
    def _xmlid(record):
        return record.get_external_id().get(record.id) or f"{record._name},{record.id}"

    def _report(self, offences, what):
        offences = sorted(set(offences))
        if offences:
            self.fail(
                f"{len(offences)} {what}:\n"
                + "\n".join(" | ".join(map(str, o)) for o in offences)
            )

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    def test_backend_views_in_chinese(self):
        """List, form, search, kanban, pivot, graph and calendar views of the
        complaint models, with the views other addons add into them."""
        offences = [
            (xmlid, where, zh)
            for xmlid, where, _en, zh in self._view_pairs()
            if is_english(zh)
        ]
        self._report(offences, "English texts in zh_CN backend views")

    def test_english_stays_english(self):
        """The translations did not land on the English side: in en_US no
        label of these views and menus is Chinese only."""
        offences = [
            (xmlid, where, en)
            for xmlid, where, en, _zh in self._view_pairs()
            if is_chinese_only(en)
        ]
        menus = self._menus().with_context(lang="en_US")
        offences += [(self._xmlid(m), m.name) for m in menus if is_chinese_only(m.name)]
        self._report(offences, "Chinese-only labels in en_US")

    def _untranslated_terms(self, modules, keep=lambda row: True):
        reader = TranslationModuleReader(self.env.cr, modules=modules, lang=ZH)
        return [
            row[:6]
            for row in reader
            # (module, type, name, xmlid, source, translation, comments)
            if keep(row) and is_english(row[5] or row[4])
        ]

    def test_terms_of_our_addons_in_chinese(self):
        """Every term of our addons: fields, selections, views, portal pages,
        reports, mail templates, menus, actions, data, Python and JS strings."""
        offences = self._untranslated_terms(self.our_addons)
        self._report(offences, "untranslated terms of our addons in zh_CN")

    def test_terms_of_helpdesk_in_chinese(self):
        """The records and templates of the OCA helpdesk addons: the Helpdesk
        menu and its actions, stages, channels, chatter subtypes, mail
        templates, portal pages. Their field labels count where a view or the
        chatter shows them (the other tests); their Python strings are code
        translations that only their own .po files can provide."""
        qweb = set(
            self.env["ir.ui.view"]
            .search([("type", "=", "qweb")])
            .get_external_id()
            .values()
        )

        def keep(row):
            model = row[2].split(",")[0]
            if row[1] == "code" or model in (
                "ir.model.fields",
                "ir.model.fields.selection",
            ):
                return False
            return model != "ir.ui.view" or row[3] in qweb

        offences = self._untranslated_terms(self.base_addons, keep)
        self._report(offences, "untranslated helpdesk terms in zh_CN")

    def test_chatter_and_activities_in_chinese(self):
        """Tracked field labels and values, message subtypes and activity
        types shown in the chatter of the complaint models."""
        offences = []
        for model in self.scope_models:
            fields = self._fields(model, ZH)
            for name, field in self.env[model]._fields.items():
                if not getattr(field, "tracking", None) or name not in fields:
                    continue
                texts = [fields[name]["string"]]
                texts += [label for _v, label in fields[name].get("selection") or []]
                where = f"{model}.{name}"
                offences += [(where, text) for text in texts if is_english(text)]
        domain = [("res_model", "in", [False, *self.scope_models])]
        for model, fnames in (
            ("mail.message.subtype", ("name", "description")),
            ("mail.activity.type", ("name", "summary")),
        ):
            for record in self.env[model].search(domain):
                for fname in fnames:
                    zh = record.with_context(lang=ZH)[fname]
                    if is_english(zh):
                        offences.append((self._xmlid(record), fname, zh))
        self._report(offences, "English chatter and activity labels in zh_CN")

    @classmethod
    def _menus(cls):
        roots = [
            cls.env.ref("consumer_complaint.menu_complaint_root").id,
            cls.env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu").id,
        ]
        return cls.env["ir.ui.menu"].search([("id", "child_of", roots)])

    def test_menus_in_chinese(self):
        """The complaint and Helpdesk apps, their menus and the title and
        empty-list help of what they open."""
        offences = []
        menus = self._menus()
        records = list(menus) + list(filter(None, menus.mapped("action")))
        for record in records:
            record = record.with_context(lang=ZH)
            texts = [record.name]
            if record._name == "ir.actions.act_window" and record.help:
                help_arch = html.fragment_fromstring(record.help, create_parent="div")
                texts += [text for _n, _k, text in self._view_texts(help_arch)]
            offences += [(self._xmlid(record), t) for t in texts if is_english(t)]
        self._report(offences, "English menus and actions in zh_CN")

    def test_names_made_at_run_time_in_chinese(self):
        """Names the system composes from its data read in the reader's
        language, whoever created the record: the SLA policies of the severities
        (tags on the complaint), legal citations, spike alerts."""
        Sla = self.env["helpdesk.sla"].with_context(active_test=False)
        shown = [
            (sla, ("display_name",))
            for sla in Sla.search([("severity_id", "!=", False)])
        ]
        if "complaint.legal.clause" in self.env:
            clauses = self.env["complaint.legal.clause"].search([])
            shown += [(clause, ("display_name", "name")) for clause in clauses]
        if "complaint.spike.alert" in self.env:
            # Found by the cron, which runs in its user's language.
            category = self.env.ref("consumer_complaint.category_quality")
            alert = (
                self.env["complaint.spike.alert"]
                .with_context(lang="en_US")
                .sudo()
                .create(
                    {
                        "company_id": self.env.company.id,
                        "alert_date": "2026-11-02",
                        "dimension": "category",
                        "value_key": str(category.id),
                        "category_id": category.id,
                    }
                )
            )
            alert.flush_recordset()
            shown.append((alert, ("display_name", "name")))
        offences = []
        for record, fnames in shown:
            # Read in English first: one transaction may show the record in
            # both languages (a mail to the customer after the agent's screen).
            record.with_context(lang="en_US").read(list(fnames))
            zh = record.with_context(lang=ZH)
            for fname in fnames:
                if is_english(zh[fname]):
                    offences.append((self._xmlid(record), fname, zh[fname]))
        self._report(offences, "English names made at run time in zh_CN")
