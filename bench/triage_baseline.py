#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The triage engine against the textbook baseline, on the same splits.

The baseline is the one the engine has to beat: TF-IDF of jieba words and
character 1- to 3-grams with ``LinearSVC(class_weight="balanced")``. Both
are trained on the same stratified 80 % and tested on the same 20 % of a
``text,label`` CSV, for each seed; the script prints accuracy, macro F1 and
the smallest recall of a class with at least ``--min-train`` training
examples, per seed and on average::

    python bench/triage_baseline.py --csv car_reviews.csv --seeds 42,1,2,3,4

The corpora and how to fetch them: consumer_complaint/readme/TRIAGE.md.
"""

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).resolve().parent))
from triage_synthetic import _triage_package

triage = _triage_package()
text_module = sys.modules[f"{triage.__name__}.text"]


def baseline_predict(train_texts, train_labels, test_texts):
    """Labels predicted by the baseline for ``test_texts``."""
    norm_train = [text_module.normalize_text(t) for t in train_texts]
    norm_test = [text_module.normalize_text(t) for t in test_texts]

    def words(norm):
        return [" ".join(text_module.tokenize_normalized(t)) for t in norm]

    options = {"sublinear_tf": True, "lowercase": False}
    word_vec = TfidfVectorizer(token_pattern=r"\S+", **options)
    char_vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), **options)
    train = sp.hstack(
        [word_vec.fit_transform(words(norm_train)), char_vec.fit_transform(norm_train)]
    ).tocsr()
    test = sp.hstack(
        [word_vec.transform(words(norm_test)), char_vec.transform(norm_test)]
    ).tocsr()
    svm = LinearSVC(class_weight="balanced").fit(train, train_labels)
    return list(svm.predict(test))


def scores(y_true, y_pred, train_counts, min_train):
    """``(accuracy, macro F1, smallest recall, its class)``."""
    report = triage.classification_report(y_true, y_pred, labels=sorted(set(y_true)))
    recalls = {
        label: row["recall"]
        for label, row in report["classes"].items()
        if train_counts[label] >= min_train
    }
    worst = min(recalls, key=recalls.get)
    return report["accuracy"], report["macro_f1"], recalls[worst], worst


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", required=True)
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--label-column", default="label")
    parser.add_argument("--seeds", default="42,1,2,3,4")
    parser.add_argument("--min-train", type=int, default=80)
    args = parser.parse_args(argv)
    texts, labels, _skipped = triage.read_labelled_csv(
        args.csv, text_column=args.text_column, label_column=args.label_column
    )
    print(f"data: {args.csv}: {len(texts)} rows, {len(set(labels))} classes")
    results = {"engine": [], "baseline": []}
    for seed in (int(s) for s in args.seeds.split(",")):
        train_idx, test_idx = triage.stratified_split(labels, 0.2, seed)
        train_texts = [texts[i] for i in train_idx]
        train_labels = [labels[i] for i in train_idx]
        test_texts = [texts[i] for i in test_idx]
        y_true = [labels[i] for i in test_idx]
        counts = Counter(train_labels)
        started = time.perf_counter()
        model = triage.TriageModel.train(train_texts, train_labels, seed=seed)
        engine = [label for label, _c in model.predict_many(test_texts)]
        engine_s = time.perf_counter() - started
        started = time.perf_counter()
        baseline = baseline_predict(train_texts, train_labels, test_texts)
        baseline_s = time.perf_counter() - started
        for name, y_pred, seconds in (
            ("engine", engine, engine_s),
            ("baseline", baseline, baseline_s),
        ):
            row = scores(y_true, y_pred, counts, args.min_train)
            results[name].append(row)
            print(
                f"seed {seed:<3} {name:<8} accuracy {row[0]:.4f}  macro F1 "
                f"{row[1]:.4f}  smallest recall {row[2]:.4f} ({row[3]})  "
                f"{seconds:.1f} s",
                flush=True,
            )
    for name, rows in results.items():
        means = [statistics.mean(r[k] for r in rows) for k in range(3)]
        spread = statistics.pstdev(r[1] for r in rows)
        print(
            f"mean     {name:<8} accuracy {means[0]:.4f}  macro F1 {means[1]:.4f} "
            f"(sd {spread:.4f})  smallest recall {means[2]:.4f}  "
            f"macro F1 >= 0.90 in {sum(r[1] >= 0.9 for r in rows)} of {len(rows)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
