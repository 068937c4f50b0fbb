#!/usr/bin/env bash
# Prepare everything the product needs: Odoo source, Python environment,
# PostgreSQL and Chromium. Safe to run again: finished steps are skipped.
source "$(dirname "$0")/common.sh"
mkdir -p "$STATE_DIR"

# 1. Odoo 18.0 source tree: use ODOO_SRC, or clone it when absent.
if [ ! -f "$ODOO_SRC/odoo-bin" ]; then
    log "No Odoo source in $ODOO_SRC; cloning Odoo $ODOO_BRANCH"
    if ! timeout 20 git ls-remote --heads "$ODOO_REPO" "$ODOO_BRANCH" >/dev/null 2>&1; then
        die "Odoo 18.0 was not found in ODOO_SRC=$ODOO_SRC and $ODOO_REPO cannot be reached.
       Put an Odoo 18.0 source tree (with odoo-bin, odoo/, addons/) on this machine and run:
           ODOO_SRC=/path/to/odoo-18.0 $0"
    fi
    mkdir -p "$(dirname "$ODOO_SRC")"
    git clone --depth 1 --branch "$ODOO_BRANCH" "$ODOO_REPO" "$ODOO_SRC"
fi
grep -q "version_info = (18, 0" "$ODOO_SRC/odoo/release.py" \
    || die "$ODOO_SRC is not an Odoo 18.0 source tree (see odoo/release.py)."

# 2. System packages: Odoo's Debian dependencies, PostgreSQL client, Chromium
#    (browser tours), Chinese fonts and wkhtmltopdf (PDF reports).
EXTRA_DEBS="chromium python3-venv python3-websocket postgresql-client fonts-wqy-zenhei wkhtmltopdf gettext"
if [ "$(cat "$STATE_DIR/debian.done" 2>/dev/null)" != "$EXTRA_DEBS" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "Installing Odoo's Debian dependencies (setup/debinstall.sh), Chromium and Chinese fonts"
        export DEBIAN_FRONTEND=noninteractive
        sh "$ODOO_SRC/setup/debinstall.sh" >"$STATE_DIR/debinstall.log" 2>&1 \
            || die "Debian packages failed to install; see $STATE_DIR/debinstall.log"
        # shellcheck disable=SC2086
        apt-get install -y --no-install-recommends $EXTRA_DEBS \
            >>"$STATE_DIR/debinstall.log" 2>&1 \
            || die "Chromium/PostgreSQL client failed to install; see $STATE_DIR/debinstall.log"
    else
        log "Not root or no apt-get: assuming Odoo's Debian dependencies are installed"
    fi
    echo "$EXTRA_DEBS" >"$STATE_DIR/debian.done"
fi

# 3. Python virtual environment on top of the Debian packages.
REQ_STAMP="$STATE_DIR/requirements.sha"
REQ_SHA="$(cat "$ROOT/requirements.txt" | sha256sum | cut -d' ' -f1)-$ODOO_SRC"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$REQ_STAMP" 2>/dev/null)" != "$REQ_SHA" ]; then
    log "Creating the virtual environment in $VENV"
    /usr/bin/python3 -m venv --system-site-packages "$VENV"
    "$VENV/bin/pip" install -q --no-deps -e "$ODOO_SRC"
    "$VENV/bin/pip" install -q -r "$ROOT/requirements.txt"
    echo "$REQ_SHA" >"$REQ_STAMP"
fi

# 4. PostgreSQL: use the one that answers, or install and start one.
if ! pg_isready -q -h "$DB_HOST" -p "$DB_PORT" 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "No PostgreSQL on $DB_HOST:$DB_PORT; installing and starting one"
        apt-get install -y --no-install-recommends postgresql >/dev/null
        cluster_ver="$(ls /etc/postgresql | sort -V | tail -1)"
        pg_ctlcluster --skip-systemctl-redirect "$cluster_ver" main start || true
        for _ in $(seq 1 30); do pg_isready -q -h "$DB_HOST" -p "$DB_PORT" && break; sleep 1; done
        su postgres -c "createuser -s $DB_USER" 2>/dev/null || true
    fi
    pg_isready -q -h "$DB_HOST" -p "$DB_PORT" \
        || die "PostgreSQL does not answer on $DB_HOST:$DB_PORT. Start it or set DB_HOST/DB_PORT."
fi
log "Setup complete (Odoo: $ODOO_SRC, venv: $VENV)"
