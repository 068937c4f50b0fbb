#!/usr/bin/env bash
# Set up, create the demo database with the four addons, and start Odoo on
# http://localhost:$HTTP_PORT (login: admin / admin).
source "$(dirname "$0")/common.sh"
"$ROOT/scripts/setup.sh"

if ! psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1 \
   || ! psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -tAc \
        "SELECT 1 FROM ir_module_module WHERE name='complaint_reports' AND state='installed'" 2>/dev/null | grep -q 1; then
    log "Creating database $DB_NAME with the four addons and demo data"
    dropdb --if-exists -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$DB_NAME"
    odoo_cmd -d "$DB_NAME" -i "$ADDONS" --load-language=zh_CN,en_US \
        --stop-after-init --log-level=warn
fi
log "Odoo on http://localhost:$HTTP_PORT (database $DB_NAME, login admin / admin)"
# queue_job's runner starts with the server (server-wide module) and runs the
# intake's e-mails and activities: two jobs at a time, at most one of them an
# intake's, unless told otherwise.
export ODOO_QUEUE_JOB_CHANNELS="${ODOO_QUEUE_JOB_CHANNELS:-root:2,root.complaint_intake:1}"
odoo_cmd -d "$DB_NAME" --http-port="$HTTP_PORT" --db-filter="^$DB_NAME\$" \
    --load=base,web,queue_job "$@"
