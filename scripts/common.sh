# Shared settings for the setup, run and test scripts (sourced, not executed).
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo/18.0}"
ODOO_BRANCH="${ODOO_BRANCH:-18.0}"
ODOO_REPO="${ODOO_REPO:-https://github.com/odoo/odoo.git}"
VENV="${VENV:-$ROOT/.venv}"
DB_HOST="${DB_HOST:-127.0.0.1}"
DB_PORT="${DB_PORT:-5432}"
DB_USER="${DB_USER:-$(id -un)}"
DB_NAME="${DB_NAME:-complaints}"
HTTP_PORT="${HTTP_PORT:-8069}"
# The project's addons: every folder of the repository root with a manifest.
ADDONS="$(cd "$ROOT" && ls -d */__manifest__.py 2>/dev/null | cut -d/ -f1 | paste -sd, -)"
STATE_DIR="$ROOT/.state"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

# Write an Odoo configuration file for database $2 to $1 (used by pytest-odoo).
write_odoo_conf() {
    cat >"$1" <<CONF
[options]
addons_path = $ODOO_SRC/addons,$ROOT
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_name = $2
data_dir = $STATE_DIR/filestore
http_port = $HTTP_PORT
CONF
}

odoo_cmd() {
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" \
        --addons-path="$ODOO_SRC/addons,$ROOT" \
        --db_host="$DB_HOST" --db_port="$DB_PORT" --db_user="$DB_USER" \
        --data-dir="$STATE_DIR/filestore" "$@"
}
