# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``odoo-bin complaint-triage``: check and use the triage model from a shell.

No database is needed::

    odoo-bin --addons-path=... complaint-triage evaluate --csv history.csv
    odoo-bin --addons-path=... complaint-triage train --csv history.csv --out m.model
    odoo-bin --addons-path=... complaint-triage predict --model m.model < texts.txt

``evaluate`` prints per-class figures, the share of complaints whose
category can be applied automatically at the target precision (95 % by
default) with the confidence threshold that gives it, and last
``accuracy=... macro_f1=...``.

Errors (missing file or column, a class with a single example, a bad model
file) print one line on stderr and exit with code 2.
"""

import argparse
import os
import sys
import time

from odoo.cli.command import Command

from ..triage import (
    TriageError,
    TriageModel,
    evaluate,
    format_report,
    read_labelled_csv,
)

PROG = "odoo-bin complaint-triage"
EXIT_USAGE = 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing the usage and exiting."""

    def error(self, message):
        raise _UsageError(message)


def _share(value):
    try:
        share = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 < share < 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (got {value})")
    return share


def _balance(value):
    """``auto`` (None: chosen by cross-validation) or a number from 0 to 1."""
    if value == "auto":
        return None
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"neither auto nor a number: {value!r}"
        ) from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (got {value})")
    return number


def build_parser():
    parser = _Parser(
        prog=PROG,
        description="Evaluate, train and run the complaint triage model "
        "(no database needed).",
    )
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)

    def data_options(p):
        p.add_argument(
            "--csv", required=True, metavar="FILE", help="CSV file with a header line"
        )
        p.add_argument(
            "--text-column",
            default="text",
            help="column of the complaint text (default: text)",
        )
        p.add_argument(
            "--label-column",
            default="label",
            help="column of the label (default: label)",
        )
        p.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
        p.add_argument(
            "--user-words",
            metavar="FILE",
            help="extra dictionary words for the segmentation, one per line",
        )
        p.add_argument(
            "--encoding",
            default="auto",
            help="file encoding (default: auto = UTF-8, else GB18030)",
        )
        p.add_argument(
            "--balance",
            type=_balance,
            default=None,
            help="0 to 1: how far the probabilities are moved from the class "
            "frequencies towards equal classes, so that rare classes are found; "
            "auto: the value with the best macro F1 in a cross-validation on "
            "the training rows (default: auto)",
        )

    p_eval = sub.add_parser(
        "evaluate",
        help="train on a stratified share of a CSV, test on the rest, print the scores",
    )
    data_options(p_eval)
    p_eval.add_argument(
        "--test-share",
        type=_share,
        default=0.2,
        help="share of each class kept for the test (default: 0.2)",
    )
    p_eval.add_argument(
        "--target-precision",
        type=_share,
        default=0.95,
        help="precision the automatically applied categories must reach; "
        "the coverage and threshold for it are printed (default: 0.95)",
    )
    p_eval.add_argument(
        "--confusions",
        type=int,
        default=0,
        metavar="N",
        help="also print the N most frequent confusions",
    )

    p_train = sub.add_parser(
        "train", help="train on a whole CSV and write the model file"
    )
    data_options(p_train)
    p_train.add_argument(
        "--out", required=True, metavar="MODEL", help="model file to write"
    )

    p_predict = sub.add_parser(
        "predict",
        help="read one text per line on stdin, print label<TAB>confidence",
    )
    p_predict.add_argument("--model", required=True, metavar="MODEL", help="model file")
    return parser


def _read_words(path):
    if not path:
        return None
    if not os.path.isfile(path):
        raise TriageError(f"file not found: {path}")
    with open(path, encoding="utf-8-sig") as handle:
        return [
            line.strip() for line in handle if line.strip() and not line.startswith("#")
        ]


def _load(args, out):
    texts, labels, skipped = read_labelled_csv(
        args.csv,
        text_column=args.text_column,
        label_column=args.label_column,
        encoding=args.encoding,
    )
    note = f", {skipped} rows without text or label skipped" if skipped else ""
    out.write(
        f"data: {args.csv}: {len(texts)} rows, {len(set(labels))} classes{note}\n"
    )
    return texts, labels


def _evaluate(args, out):
    texts, labels = _load(args, out)
    words = _read_words(args.user_words)
    report = evaluate(
        texts,
        labels,
        test_share=args.test_share,
        seed=args.seed,
        user_words=words,
        balance=args.balance,
        target_precision=args.target_precision,
    )
    out.write(
        f"train: {report['n_train']} rows, test: {report['n_test']} rows "
        f"(stratified, test share {args.test_share}, seed {args.seed}), "
        f"trained in {report['train_seconds']:.1f} s, "
        f"{_balance_note(args, report['model'])}\n"
    )
    lines = format_report(report)
    for line in lines[:-1]:
        out.write(line + "\n")
    if args.confusions > 0:
        out.write("most frequent confusions (true -> predicted: count):\n")
        for true, predicted, count in report["confusions"][: args.confusions]:
            out.write(f"  {true} -> {predicted}: {count}\n")
    out.write(lines[-1] + "\n")
    return 0


def _balance_note(args, model):
    """The regularisation and balance used, and how they were chosen."""
    info = model.info
    chosen = (
        f" (best macro F1 in a {info['calibration_folds']}-fold cross-validation "
        "on the training rows)"
        if info["cv_macro_f1"]
        else ""
    )
    if args.balance is None:
        return f"alpha {info['alpha']:g}, balance {model.balance:g}{chosen}"
    return f"alpha {info['alpha']:g}{chosen}, balance {model.balance:g}"


def _train(args, out):
    texts, labels = _load(args, out)
    if len(set(labels)) < 2:
        raise TriageError("training needs at least two different labels")
    words = _read_words(args.user_words)
    started = time.perf_counter()
    model = TriageModel.train(
        texts, labels, seed=args.seed, user_words=words, balance=args.balance
    )
    seconds = time.perf_counter() - started
    blob = model.to_bytes()
    try:
        with open(args.out, "wb") as handle:
            handle.write(blob)
    except OSError as exc:
        raise TriageError(f"cannot write {args.out}: {exc.strerror}") from None
    out.write(
        f"model: {args.out}: {len(model.labels)} labels, "
        f"{model.info['n_features']} features, "
        f"{len(blob)} bytes, trained on {len(texts)} rows in {seconds:.1f} s, "
        f"{_balance_note(args, model)}\n"
    )
    return 0


def _predict(args, out, stdin):
    if not os.path.isfile(args.model):
        raise TriageError(f"file not found: {args.model}")
    with open(args.model, "rb") as handle:
        model = TriageModel.from_bytes(handle.read())
    for line in stdin:
        label, confidence = model.predict(line.rstrip("\r\n"))
        out.write(f"{label}\t{confidence:.4f}\n")
        out.flush()
    return 0


def main(argv, stdout=None, stderr=None, stdin=None):
    """Run the command; returns the exit code (0, or 2 on an error)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not args.action:
            parser.print_help(out)
            return EXIT_USAGE
        if args.action == "evaluate":
            return _evaluate(args, out)
        if args.action == "train":
            return _train(args, out)
        return _predict(args, out, stdin or sys.stdin)
    except _UsageError as exc:
        err.write(f"{PROG}: error: {exc} (see --help)\n")
    except TriageError as exc:
        err.write(f"{PROG}: error: {exc}\n")
    except MemoryError:
        err.write(f"{PROG}: error: not enough memory for this data set\n")
    return EXIT_USAGE


class ComplaintTriage(Command):
    """Evaluate, train and run the complaint triage model (no database)"""

    name = "complaint-triage"

    def run(self, args):
        code = main(args)
        if code:
            sys.exit(code)
