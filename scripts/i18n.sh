#!/usr/bin/env bash
# Refresh the translation template of one addon and merge it into zh_CN.po:
#   scripts/i18n.sh consumer_complaint
# New or changed strings appear untranslated in <addon>/i18n/zh_CN.po.
source "$(dirname "$0")/common.sh"
ADDON="${1:?usage: scripts/i18n.sh ADDON}"
[ -f "$ROOT/$ADDON/__manifest__.py" ] || die "No addon named $ADDON"
command -v msgmerge >/dev/null || die "msgmerge is missing: apt-get install gettext"
DB="i18n_$ADDON"
dropdb --if-exists -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$DB"
odoo_cmd -d "$DB" -i "$ADDON" --without-demo=all --stop-after-init --log-level=warn
mkdir -p "$ROOT/$ADDON/i18n"
odoo_cmd -d "$DB" --i18n-export="$ROOT/$ADDON/i18n/$ADDON.pot" --modules="$ADDON" \
    --stop-after-init --log-level=warn
po="$ROOT/$ADDON/i18n/zh_CN.po"
if [ -f "$po" ]; then
    msgmerge --quiet --update --no-fuzzy-matching --backup=none "$po" "$ROOT/$ADDON/i18n/$ADDON.pot"
else
    msginit --no-translator --locale=zh_CN --input="$ROOT/$ADDON/i18n/$ADDON.pot" --output-file="$po"
fi
dropdb --if-exists -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$DB"
untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid' || true)
log "$po: $(( untranslated > 0 ? untranslated - 1 : 0 )) untranslated entries"
