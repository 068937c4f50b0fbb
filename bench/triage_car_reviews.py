#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Turn the CCF BDCI 2018 car review corpus into a ``text,label`` CSV.

The corpus of the contest "汽车行业用户观点主题及情感识别" (``train.csv``:
``content_id, content, subject, sentiment_value, sentiment_word``) holds
car owners' posts from car forums, each labelled with the aspect it is about
(动力, 价格, 油耗, 舒适性, 配置, 操控, 安全性, 外观, 内饰, 空间). A post about
several aspects has one row per aspect; only posts about a single aspect
are kept (one label per text, as a complaint has one category)::

    python bench/triage_car_reviews.py --out car_reviews.csv train.csv
    odoo-bin complaint-triage evaluate --csv car_reviews.csv
"""

import argparse
import csv
import io
import sys


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
    parser.add_argument("files", nargs="+", help="train.csv of the contest")
    args = parser.parse_args(argv)
    texts, subjects = {}, {}
    for path in args.files:
        for row in read_rows(path):
            key = (row.get("content_id") or "").strip()
            text = " ".join((row.get("content") or "").split())
            subject = (row.get("subject") or "").strip()
            if key and text and subject:
                texts[key] = text
                subjects.setdefault(key, set()).add(subject)
    single = sorted(key for key, found in subjects.items() if len(found) == 1)
    target = (
        sys.stdout
        if args.out == "-"
        else open(args.out, "w", encoding="utf-8", newline="")
    )
    try:
        writer = csv.writer(target)
        writer.writerow(["text", "label"])
        for key in single:
            writer.writerow([texts[key], next(iter(subjects[key]))])
    finally:
        if target is not sys.stdout:
            target.close()
    sys.stderr.write(
        f"{len(single)} posts written ({len(subjects) - len(single)} about "
        "several aspects left out)\n"
    )


if __name__ == "__main__":
    main()
