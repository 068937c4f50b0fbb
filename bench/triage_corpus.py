#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Turn public corpora of Chinese grievances into ``text,label`` CSV files.

``shopping-grievances``: the negative reviews (``label`` 0) of
online_shopping_10_cats (SophonPlus ChineseNlpCorpus), labelled with their
product category (``cat``): 31,046 complaints of buyers in 10 unbalanced
categories, from 5,000 each of 平板, 水果, 洗发水, 衣服 and 酒店 down to 100
of 热水器.

``tipdm``: messages of citizens to a city's online petition board, from the
2020 TipDM Cup (第八届泰迪杯) problem C, labelled with their first-level
category (城乡建设, 劳动和社会保障, 教育文体, 商贸旅游, 环境保护, 卫生计生,
交通运输). Input: files of ``label<TAB>text`` lines, as republished with
their text made of the message's subject and details; a text found in
several files is kept once::

    python bench/triage_corpus.py shopping-grievances --out grievances.csv \\
        online_shopping_10_cats.csv
    python bench/triage_corpus.py tipdm --out tipdm.csv val.txt test.txt
    odoo-bin complaint-triage evaluate --csv grievances.csv

Where to fetch them: consumer_complaint/readme/TRIAGE.md.
"""

import argparse
import csv
import sys


def shopping_grievances(paths):
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                text = " ".join((row.get("review") or "").split())
                if row.get("label") == "0" and text and row.get("cat"):
                    yield text, row["cat"]


def tipdm(paths):
    for path in paths:
        with open(path, encoding="utf-8-sig") as handle:
            for line in handle:
                label, _tab, text = line.rstrip("\n").partition("\t")
                text = " ".join(text.split())
                if label.strip() and text:
                    yield text, label.strip()


CORPORA = {"shopping-grievances": shopping_grievances, "tipdm": tipdm}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", choices=sorted(CORPORA))
    parser.add_argument("--out", required=True, help="CSV to write, - for stdout")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    rows, seen = [], set()
    for text, label in CORPORA[args.corpus](args.files):
        if text not in seen:
            seen.add(text)
            rows.append((text, label))
    out = (
        sys.stdout
        if args.out == "-"
        else open(args.out, "w", encoding="utf-8", newline="")
    )
    with out:
        writer = csv.writer(out)
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    print(f"{len(rows)} texts written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
