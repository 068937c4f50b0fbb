#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Turn exports of the 12365auto car complaint list into a ``text,label`` CSV.

Each input file has the columns ``id, brand, car_model, type, desc, problem,
datetime, status`` (UTF-8 or GB18030). ``desc`` is the complaint, ``problem``
the codes of the typical problems the site assigned (``A9,H146,``): the
letter is the group (A engine, B gearbox, ... H body and electrics, I
service ...). The label is the group of the first code. Complaints present
in several files are kept once (by ``id``)::

    python bench/triage_car_complaints.py --out car.csv export1.csv export2.csv
    odoo-bin complaint-triage evaluate --csv car.csv
"""

import argparse
import csv
import io
import sys

GROUPS = {
    "A": "发动机",
    "B": "变速器",
    "C": "离合器",
    "D": "转向系统",
    "E": "制动系统",
    "F": "轮胎",
    "G": "前后桥及悬挂",
    "H": "车身附件及电器",
    "I": "服务",
    "J": "维修",
    "K": "收费",
    "L": "承诺",
    "M": "销售",
    "N": "配件",
    "O": "其他",
    "Q": "其他",
}


def read_rows(path):
    with open(path, "rb") as handle:
        raw = handle.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SystemExit(f"{path}: neither UTF-8 nor GB18030")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="CSV to write, - for stdout")
    parser.add_argument("files", nargs="+", help="exports of the complaint list")
    args = parser.parse_args(argv)
    complaints = {}
    for path in args.files:
        for row in read_rows(path):
            key = (row.get("id") or "").strip()
            text = " ".join((row.get("desc") or "").split())
            codes = [c.strip() for c in (row.get("problem") or "").split(",")]
            codes = [c for c in codes if c]
            if key and text and codes and codes[0][0] in GROUPS:
                complaints[key] = (text, GROUPS[codes[0][0]])
    target = (
        sys.stdout
        if args.out == "-"
        else open(args.out, "w", encoding="utf-8", newline="")
    )
    try:
        writer = csv.writer(target)
        writer.writerow(["text", "label"])
        for key in sorted(complaints):
            writer.writerow(complaints[key])
    finally:
        if target is not sys.stdout:
            target.close()
    sys.stderr.write(f"{len(complaints)} complaints written\n")


if __name__ == "__main__":
    main()
