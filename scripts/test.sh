#!/usr/bin/env bash
# Run the whole test suite on a fresh database: every addon's Odoo tests
# (unit, HttpCase and browser tours), then the cross-addon tests in tests/
# with pytest-odoo. Fails on any failed, errored or skipped test and on any
# unexpected WARNING/ERROR line in the Odoo log.
#
#   scripts/test.sh                      # everything
#   scripts/test.sh consumer_complaint   # one addon's tests (no pytest part)
source "$(dirname "$0")/common.sh"
"$ROOT/scripts/setup.sh"

TEST_DB="${TEST_DB:-complaints_test}"
ONLY="${1:-}"
# Several databases may be tested side by side: logs are named after TEST_DB.
SUFFIX="${TEST_DB#complaints_test}"
LOG="$STATE_DIR/test-odoo$SUFFIX.log"
PYLOG="$STATE_DIR/test-pytest$SUFFIX.log"
mkdir -p "$STATE_DIR"
if [ -n "$ONLY" ]; then
    [ -f "$ROOT/$ONLY/__manifest__.py" ] || die "No addon named $ONLY in $ROOT"
    INSTALL="$ONLY"
    TAGS="/$ONLY"
else
    INSTALL="$ADDONS"
    TAGS="$(echo "$ADDONS" | sed 's#\([^,]*\)#/\1#g')"
fi

log "Fresh test database $TEST_DB"
dropdb --if-exists -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$TEST_DB"
rm -rf "$STATE_DIR/filestore/filestore/$TEST_DB"

log "Installing $INSTALL and running their tests (log: $LOG)"
start=$(date +%s)
set +e
# Jobs (queue_job) run at once, where they are enqueued, as queue_job's own
# tests do; test_intake_jobs.py checks them queued. queue_job warns on each.
QUEUE_JOB__NO_DELAY=1 odoo_cmd -d "$TEST_DB" -i "$INSTALL" --test-enable --test-tags="$TAGS" \
    --load-language=zh_CN,en_US --stop-after-init --log-level=info \
    --log-handler=odoo.addons.queue_job.utils:ERROR \
    --workers=0 --max-cron-threads=0 --http-port="${TEST_HTTP_PORT:-8169}" \
    >"$LOG" 2>&1
odoo_rc=$?
set -e
log "Odoo run took $(( $(date +%s) - start )) s (exit code $odoo_rc)"

# Odoo reports "N failed, N error(s) of N tests when loading database ...".
stats=$(grep -oE '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$LOG" | tail -1 || true)
o_failed=0; o_errors=0; o_run=0
if [ -n "$stats" ]; then
    read -r o_failed o_errors o_run <<<"$(echo "$stats" | grep -oE '[0-9]+' | paste -sd' ')"
fi
# A skipped test is logged through the test module's own logger (unittest's
# addSkip in odoo/tests/result.py), e.g. a browser tour without Chromium.
SKIP_RE='^[0-9-]+ [0-9:,]+ [0-9]+ INFO [^ ]+ [A-Za-z0-9_.]+: skipped '
o_skipped=$(grep -cE "$SKIP_RE" "$LOG" || true)

# Unexpected WARNING/ERROR/CRITICAL lines (the OCA log check).
allow="$ROOT/.ci/log-allowlist"
bad_lines=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$LOG" \
    | grep -vE ': (FAIL|ERROR): |odoo\.tests\.result: [0-9]+ failed|odoo\.modules\.loading: (Module [a-z_]+: [0-9]+ failures|At least one test failed)' \
    | grep -vEf <(grep -vE '^\s*(#|$)' "$allow") || true)
n_bad=$(printf '%s' "$bad_lines" | grep -c . || true)

p_passed=0; p_failed=0; p_skipped=0; p_rc=0
if [ -z "$ONLY" ] && ls "$ROOT"/tests/test_*.py >/dev/null 2>&1; then
    log "Running cross-addon tests in tests/ with pytest-odoo"
    conf="$STATE_DIR/odoo-test$SUFFIX.conf"
    write_odoo_conf "$conf" "$TEST_DB"
    set +e
    (cd "$ROOT" && QUEUE_JOB__NO_DELAY=1 "$VENV/bin/python" -m pytest -p no:cacheprovider -v -W ignore::DeprecationWarning \
        --odoo-config="$conf" --odoo-database="$TEST_DB" tests/ \
        2>&1 | tee "$PYLOG")
    p_rc=${PIPESTATUS[0]}
    set -e
    summary=$(grep -E '(passed|failed|errors?|no tests ran).* in [0-9.]+s' "$PYLOG" | tail -1 || true)
    p_passed=$(echo "$summary" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
    p_failed=0; for n in $(echo "$summary" | grep -oE "[0-9]+ (failed|errors?)" | grep -oE "[0-9]+"); do p_failed=$(( p_failed + n )); done
    p_skipped=$(echo "$summary" | { grep -oE '[0-9]+ (skipped|xfailed|xpassed|deselected)' || true; } \
        | awk '{s += $1} END {print s + 0}')
    [ "$p_rc" = 5 ] && p_rc=1  # pytest found no test: that is a failure here
fi

echo
echo "---------------------------------------------------------------"
echo "Test cases per suite (module, file, class):"
grep -oE 'odoo\.addons\.[a-z_]+\.tests\.[a-z_0-9]+: Starting [A-Za-z0-9_]+\.' "$LOG" \
    | sed -E 's/^odoo\.addons\.([a-z_]+)\.tests\.([a-z_0-9]+): Starting ([A-Za-z0-9_]+)\./\1 \2 \3/' \
    | sort | uniq -c | awk '{printf "  %5d  %s/%s %s\n", $1, $2, $3, $4}' || true
grep -oE 'odoo\.addons\.[a-z_]+\.tests\.[a-z_0-9]+: [A-Za-z0-9_]+: [0-9]+ cases' "$LOG" \
    | sed -E 's/^odoo\.addons\.([a-z_]+)\.tests\.([a-z_0-9]+): ([A-Za-z0-9_]+): ([0-9]+) cases/\4 \1 \2 \3/' \
    | awk '{printf "  %5d  %s/%s %s (named cases)\n", $1, $2, $3, $4}' || true
if [ -f "$PYLOG" ] && [ -z "$ONLY" ]; then
    grep -oE '^tests/[a-z_0-9]+\.py::[^ ]+ (PASSED|FAILED|ERROR|SKIPPED)' "$PYLOG" \
        | cut -d: -f1 | sort | uniq -c | awk '{printf "  %5d  %s (pytest)\n", $1, $2}' || true
fi
echo "---------------------------------------------------------------"
grep -E '(FAIL|ERROR): ' "$LOG" | grep -vE 'odoo\.tests\.result: skipped' | head -40 || true
if [ "$n_bad" -gt 0 ]; then
    echo "Unexpected WARNING/ERROR lines in the Odoo log ($n_bad):"
    printf '%s\n' "$bad_lines" | head -40
fi
if [ "$o_skipped" -gt 0 ]; then
    echo "Skipped Odoo tests count as failures:"
    grep -E "$SKIP_RE" "$LOG" | head -20
fi
[ "$p_skipped" -gt 0 ] && echo "Skipped pytest tests count as failures ($p_skipped)." 
echo "Odoo tests: $o_run run, $o_failed failed, $o_errors error(s), $o_skipped skipped"
echo "pytest (tests/): $p_passed passed, $p_failed failed, $p_skipped skipped"
total_failed=$(( o_failed + o_errors + o_skipped + p_failed + p_skipped + n_bad ))
[ "$odoo_rc" != 0 ] && total_failed=$(( total_failed + 1 ))
[ "$p_rc" != 0 ] && [ "$p_failed" = 0 ] && total_failed=$(( total_failed + 1 ))
[ "$o_run" = 0 ] && total_failed=$(( total_failed + 1 )) && echo "No Odoo test ran."
total_passed=$(( o_run - o_failed - o_errors - o_skipped + p_passed ))
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" = 0 ]
