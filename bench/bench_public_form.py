#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Guests submitting the public complaint form at the same time, against a
multi-process Odoo server on the loopback (a script, not a test).

    .venv/bin/python bench/bench_public_form.py
    .venv/bin/python bench/bench_public_form.py --clients 10,100 --per-client 5
    .venv/bin/python bench/bench_public_form.py --socket-timeout 2 --resend 0
    .venv/bin/python bench/bench_public_form.py --url http://127.0.0.1:8069 \\
        --db complaints            # a server already running on that database

Without --url: makes a scratch database (consumer_complaint with its demo
teams and categories), starts Odoo on it with --workers=2 on --port, and
drops both at the end (--keep keeps the database). The intake rate limits of
the database are raised: every submission comes from 127.0.0.1.

For each number of clients: each client opens the form in its own session
(its own CSRF token), the clients wait for each other, then each submits
--per-client complaints one after the other, as fast as the server answers.
Prints the submissions per second sustained over the phase (accepted
submissions / wall time), the median and p95 latency of a submission, the
answers, then counts the new complaints, checks that each got a number and
that the numbers are unique, and counts the serialisation retries and errors
in the server log. The server runs queue_job's runner as scripts/run.sh does
(--channels jobs at a time, on the same workers): after each phase the script
waits for the intake jobs of its complaints and counts them (done, failed,
not run). Exit status 1 when a check fails.

Without a reverse proxy, Odoo's workers take connections from a backlog of
8 per worker and drop a connection whose request does not arrive within 2 s;
with 100 clients on a small machine that resets connections before Odoo
reads them. By default the server gets a 30 s socket timeout and a reset
submission is sent again (at most --resend times): the count of complaints
shows that none was registered twice. ``--socket-timeout 2 --resend 0``
measures Odoo as it comes.
"""

import collections
import contextlib
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import requests
from odoo_env import ODOO_SRC, ROOT, machine, odoo_setup, parser

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def odoo_command(args, *extra):
    return [
        sys.executable,
        f"{ODOO_SRC}/odoo-bin",
        f"--addons-path={ODOO_SRC}/addons,{ROOT}",
        f"--db_host={args.db_host}",
        f"--db_port={args.db_port}",
        f"--db_user={args.db_user}",
        f"--data-dir={ROOT}/.state/filestore",
        "-d",
        args.db,
        *extra,
    ]


@contextlib.contextmanager
def environment(args, commit=True):
    """An environment on the database; Odoo's configuration is read once."""
    odoo = sys.modules.get("odoo") or odoo_setup(args)
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if commit:
            cr.commit()
        else:
            cr.rollback()


def dropdb(args):
    subprocess.run(
        [
            "dropdb",
            "--if-exists",
            "-h",
            args.db_host,
            "-p",
            str(args.db_port),
            "-U",
            args.db_user,
            args.db,
        ],
        check=True,
    )


def create_database(args):
    print(f"scratch database {args.db}: installing consumer_complaint ...")
    dropdb(args)
    start = time.perf_counter()
    subprocess.run(
        odoo_command(
            args,
            "-i",
            "consumer_complaint",
            "--stop-after-init",
            "--log-level=warn",
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"  installed in {time.perf_counter() - start:.0f} s")


def prepare(args):
    """Raise the rate limits; return the form values every guest posts."""
    with environment(args) as env:
        # Importable once Odoo knows the addons path.
        from odoo.addons.consumer_complaint.intake import catalogue

        ICP = env["ir.config_parameter"]
        ICP.set_param("consumer_complaint.intake_rate_ip_hour", 10**6)
        ICP.set_param("consumer_complaint.intake_rate_contact_day", 10**6)
        categories = catalogue.portal_categories(env)
        leaves = categories.filtered(
            lambda c: c.parent_id and not (categories & c.child_id)
        )
        if not leaves:
            sys.exit("No sub-category is offered on the online form.")
        leaf = leaves[0]
        return {
            "name": "压力测试",
            "category_parent_id": str(leaf.parent_id.id),
            "category_id": str(leaf.id),
            "description": "饺子有酸味，压力测试提交。",
            "demand": "refund",
            "privacy_consent": "1",
        }


def start_server(args, logfile):
    command = odoo_command(
        args,
        f"--db-filter=^{re.escape(args.db)}$",
        f"--workers={args.workers}",
        "--max-cron-threads=0",
        f"--http-port={args.port}",
        f"--gevent-port={args.port + 1}",
        "--http-interface=127.0.0.1",
        "--log-level=info",
        f"--logfile={logfile}",
        # queue_job's runner, as scripts/run.sh starts it: the intake's jobs
        # run on the same two workers as the submissions.
        "--load=base,web,queue_job",
    )
    # Odoo's workers close a connection whose request has not arrived within
    # ODOO_HTTP_SOCKET_TIMEOUT (2 s by default); in production a buffering
    # reverse proxy stands in front of them.
    environ = dict(
        os.environ,
        ODOO_HTTP_SOCKET_TIMEOUT=str(args.socket_timeout),
        ODOO_QUEUE_JOB_CHANNELS=args.channels,
        ODOO_QUEUE_JOB_HOST="127.0.0.1",
        ODOO_QUEUE_JOB_PORT=str(args.port),
    )
    with open(logfile, "w", encoding="utf-8"):
        pass  # a fresh log for this run
    # Own process group: the master and its workers are stopped together.
    server = subprocess.Popen(command, start_new_session=True, env=environ)
    url = f"http://127.0.0.1:{args.port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"Odoo stopped at start (exit {server.returncode}): {logfile}")
        try:
            if requests.get(f"{url}/web/login", timeout=5).status_code == 200:
                return server, url
        except requests.RequestException:
            pass
        time.sleep(1)
    stop_server(server)
    sys.exit(f"Odoo did not answer on {url} within 3 minutes: {logfile}")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def submit_phase(url, form, clients, per_client, tag, resend=0):
    """Every client submits per_client complaints; returns the measures.

    A submission whose connection is reset before any answer is sent again
    up to ``resend`` times."""
    latencies, statuses, failures = [], collections.Counter(), []
    resent = [0]
    lock = threading.Lock()
    started = []
    barrier = threading.Barrier(
        clients, action=lambda: started.append(time.perf_counter())
    )

    def client(index):
        session = requests.Session()
        # One connection per request, as behind a reverse proxy: Odoo's
        # prefork workers drop a kept-alive connection idle for 2 s, which
        # those of the waiting clients would be.
        session.headers["Connection"] = "close"
        try:
            page = session.get(f"{url}/complaint/new", timeout=300)
            csrf = CSRF_RE.search(page.text).group(1)
        except (requests.RequestException, AttributeError) as exc:
            with lock:
                failures.append(f"client {index}: form not loaded: {exc!r}")
            barrier.abort()
            return
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return
        for number in range(per_client):
            serial = index * per_client + number
            data = dict(
                form,
                csrf_token=csrf,
                email=f"{tag}-{serial}@bench.example.com",
                phone=f"13{serial % 10**9:09d}",
            )
            start = time.perf_counter()
            for attempt in range(1 + resend):
                try:
                    response = session.post(
                        f"{url}/complaint/new",
                        data=data,
                        allow_redirects=False,
                        timeout=300,
                    )
                    status = response.status_code
                    break
                except requests.ConnectionError as exc:
                    # Reset before any answer: the worker closed the
                    # connection unread (its 2 s socket timeout). The count
                    # of complaints below shows whether any was doubled.
                    status = "connection reset"
                    with lock:
                        resent[0] += attempt < resend
                        if attempt == resend:
                            failures.append(f"client {index}: {exc!r}"[:300])
                    # As TCP would: give the accept queue time to drain.
                    time.sleep(attempt + 1)
            elapsed = time.perf_counter() - start
            with lock:
                statuses[status] += 1
                if status == 303:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started[0] if started else 0.0
    return latencies, statuses, failures, wall, resent[0]


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)] if ordered else 0.0


def wait_for_jobs(args, tag, timeout=600):
    """Wait until the intake jobs of a phase's complaints have run; print how
    many ran, failed or were left, and how long the queue took to drain."""
    start = time.perf_counter()
    while True:
        with environment(args, commit=False) as env:
            env.cr.execute(
                """
                SELECT j.state, count(*)
                  FROM queue_job j
                 WHERE j.method_name = '_complaint_intake_effects'
                   AND EXISTS (
                       SELECT 1 FROM helpdesk_ticket t
                        WHERE t.partner_email LIKE %s
                          -- queue_job keeps the recordset as JSON text.
                          AND (j.records #>> '{}')::jsonb -> 'ids'
                              @> to_jsonb(t.id))
                 GROUP BY j.state
                """,
                [f"{tag}-%@bench.example.com"],
            )
            states = dict(env.cr.fetchall())
        waiting = sum(
            n for state, n in states.items() if state not in ("done", "failed")
        )
        if not waiting or time.perf_counter() - start > timeout:
            break
        time.sleep(1)
    done, failed = states.get("done", 0), states.get("failed", 0)
    print(
        f"  intake jobs: {done} done, {failed} failed, {waiting} not run, queue "
        f"drained {time.perf_counter() - start:.1f} s after the last answer"
    )
    return not failed and not waiting and done > 0


def check_complaints(args, tag, expected):
    """Complaints registered by a phase: how many, numbered, unique numbers."""
    with environment(args, commit=False) as env:
        tickets = (
            env["helpdesk.ticket"]
            .with_context(active_test=False)
            .search([("partner_email", "=like", f"{tag}-%@bench.example.com")])
        )
        numbers = tickets.mapped("number")
    unique = len(set(numbers))
    ok = len(tickets) == expected and unique == expected and all(numbers)
    print(
        f"  complaints registered: {len(tickets)} of {expected}, "
        f"{unique} unique numbers: {'OK' if ok else 'FAILED'}"
    )
    return ok


def log_counts(logfile, offset):
    """Serialisation retries and errors written to the log since offset."""
    if not logfile or not os.path.exists(logfile):
        return None, offset
    with open(logfile, encoding="utf-8", errors="replace") as handle:
        handle.seek(offset)
        text = handle.read()
        offset = handle.tell()
    return (
        {
            "serialisation retries": text.count("SERIALIZATION_FAILURE"),
            "lock retries": text.count("LOCK_NOT_AVAILABLE")
            + text.count("DEADLOCK_DETECTED"),
            "gave up after retries": text.count("maximum number of tries"),
            # odoo.sql_db logs each statement that failed to serialise.
            "ERROR lines": len(re.findall(r"^\S+ \S+ \d+ ERROR ", text, re.M))
            - text.count("odoo.sql_db: bad query"),
        },
        offset,
    )


def main():
    args_parser = parser(__doc__)
    args_parser.set_defaults(db="complaints_bench_form")
    args_parser.add_argument("--url", help="use this running server")
    args_parser.add_argument("--port", type=int, default=8471)
    args_parser.add_argument("--workers", type=int, default=2)
    args_parser.add_argument("--clients", default="10,100")
    args_parser.add_argument("--per-client", type=int, default=5)
    args_parser.add_argument(
        "--resend",
        type=int,
        default=5,
        help="times a submission whose connection is reset before any answer "
        "is sent again (the server never saw it)",
    )
    args_parser.add_argument(
        "--socket-timeout",
        type=float,
        default=30,
        help="ODOO_HTTP_SOCKET_TIMEOUT of the server, in seconds (Odoo's "
        "default, without a reverse proxy in front: 2)",
    )
    args_parser.add_argument(
        "--channels",
        default="root:2,root.complaint_intake:1",
        help="ODOO_QUEUE_JOB_CHANNELS of the server: jobs run at the same time "
        "(root:0: no runner, the jobs stay queued)",
    )
    args_parser.add_argument("--keep", action="store_true")
    args = args_parser.parse_args()
    print(f"machine: {machine()}")
    server, logfile = None, None
    if not args.url:
        create_database(args)
    form = prepare(args)
    ok = True
    try:
        if args.url:
            url = args.url.rstrip("/")
            print(f"server: {url} (already running), database {args.db}")
        else:
            logfile = os.path.join(tempfile.gettempdir(), f"{args.db}.log")
            server, url = start_server(args, logfile)
            print(
                f"server: {url}, --workers={args.workers}, socket timeout "
                f"{args.socket_timeout:g} s, database {args.db}, log {logfile}"
            )
        offset = 0
        # Warm-up: each worker loads the registry and renders the form once.
        warm = submit_phase(url, form, args.workers * 2, 1, f"warm-{uuid.uuid4().hex}")
        _counts, offset = log_counts(logfile, offset)
        print(f"warm-up: {dict(warm[1])}")
        for clients in (int(c) for c in args.clients.split(",")):
            tag = f"bench-{uuid.uuid4().hex[:12]}"
            latencies, statuses, failures, wall, resent = submit_phase(
                url, form, clients, args.per_client, tag, args.resend
            )
            total = clients * args.per_client
            accepted = statuses.get(303, 0)
            rate = accepted / wall if wall else 0.0
            print(
                f"{clients} clients x {args.per_client} submissions = {total}: "
                f"{rate:.1f} submissions/s over {wall:.1f} s; latency median "
                f"{statistics.median(latencies) if latencies else 0:.3f} s, "
                f"p95 {p95(latencies):.3f} s, max "
                f"{max(latencies) if latencies else 0:.3f} s; answers "
                f"{dict(statuses)}, {resent} sent again after a connection reset"
            )
            for failure in failures[:5]:
                print(f"  {failure}")
            counts, offset = log_counts(logfile, offset)
            if counts is not None:
                print(f"  server log: {counts}")
            ok &= not failures and accepted == total
            ok &= check_complaints(args, tag, total)
            if not args.channels.startswith("root:0"):
                ok &= wait_for_jobs(args, tag)
            if counts:
                ok &= not counts["gave up after retries"] and not counts["ERROR lines"]
    finally:
        if server:
            stop_server(server)
        if not args.url and not args.keep:
            # This process's own connections first, then the database.
            import odoo

            odoo.modules.registry.Registry.delete(args.db)
            odoo.sql_db.close_db(args.db)
            dropdb(args)
    print("all checks passed" if ok else "SOME CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
