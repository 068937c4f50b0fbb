# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers shared by the benchmark scripts that need an Odoo database.

Run the scripts with the project's virtual environment, e.g.::

    .venv/bin/python bench/generate.py --db complaints_bench --n 100000
"""

import argparse
import contextlib
import os
import platform
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo/18.0")


def machine():
    cpu = platform.processor() or platform.machine()
    if os.path.isfile("/proc/cpuinfo"):
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    mem = ""
    if os.path.isfile("/proc/meminfo"):
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kib = int(handle.readline().split()[1])
            mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--db", default=os.environ.get("BENCH_DB", "complaints_bench"))
    p.add_argument("--db-host", default=os.environ.get("DB_HOST", "127.0.0.1"))
    p.add_argument("--db-port", default=os.environ.get("DB_PORT", "5432"))
    p.add_argument(
        "--db-user", default=os.environ.get("DB_USER", os.environ.get("USER", ""))
    )
    return p


def odoo_setup(args):
    import odoo

    odoo.tools.config.parse_config(
        [
            f"--addons-path={ODOO_SRC}/addons,{ROOT}",
            f"--db_host={args.db_host}",
            f"--db_port={args.db_port}",
            f"--db_user={args.db_user}",
            f"--data-dir={ROOT}/.state/filestore",
            "--log-level=warn",
        ]
    )
    return odoo


@contextlib.contextmanager
def environment(args, commit=True):
    odoo = odoo_setup(args)
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        yield env
        if commit:
            cr.commit()
        else:
            cr.rollback()


@contextlib.contextmanager
def timer(label, results=None):
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    if results is not None:
        results[label] = elapsed
    print(f"{label}: {elapsed:.3f} s")


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
