# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Stratified split, per-class metrics and the evaluation report."""

import random
import time
from collections import Counter, defaultdict

import numpy as np

from .exceptions import TriageError
from .model import TriageModel


def stratified_split(labels, test_share=0.2, seed=42):
    """Indices ``(train, test)``; every class keeps the same share in both.

    Each class puts ``round(n * test_share)`` examples in the test part, at
    least one, and keeps at least one for training. A class with a single
    example cannot be split: :class:`TriageError`.
    """
    try:
        test_share = float(test_share)
    except (TypeError, ValueError):
        raise TriageError(f"test share {test_share!r} is not a number") from None
    if not 0.0 < test_share < 1.0:
        raise TriageError(f"test share must be between 0 and 1 (got {test_share})")
    by_class = defaultdict(list)
    for index, label in enumerate(labels):
        by_class[label].append(index)
    if len(by_class) < 2:
        raise TriageError("the data needs at least two different labels")
    too_small = sorted(str(label) for label, idx in by_class.items() if len(idx) < 2)
    if too_small:
        shown = ", ".join(repr(label) for label in too_small[:5])
        more = f" and {len(too_small) - 5} more" if len(too_small) > 5 else ""
        raise TriageError(
            f"class {shown}{more} has only one example; "
            "a stratified split needs at least 2 per class"
        )
    rng = random.Random(seed)
    train, test = [], []
    for label in sorted(by_class, key=str):
        indices = list(by_class[label])
        rng.shuffle(indices)
        n_test = min(len(indices) - 1, max(1, round(len(indices) * test_share)))
        test.extend(indices[:n_test])
        train.extend(indices[n_test:])
    return sorted(train), sorted(test)


def classification_report(y_true, y_pred, labels=None):
    """Per-class precision / recall / F1 / support, accuracy and macro F1.

    ``labels`` defaults to the sorted union of true and predicted labels;
    the macro average runs over the classes present in ``y_true``.
    """
    if len(y_true) != len(y_pred):
        raise TriageError("y_true and y_pred differ in length")
    if labels is None:
        labels = sorted(set(y_true) | set(y_pred), key=str)
    true_count = Counter(y_true)
    pred_count = Counter(y_pred)
    hit = Counter(t for t, p in zip(y_true, y_pred, strict=True) if t == p)
    classes = {}
    for label in labels:
        tp = hit[label]
        precision = tp / pred_count[label] if pred_count[label] else 0.0
        recall = tp / true_count[label] if true_count[label] else 0.0
        f1 = (
            2 * precision * recall / (precision + recall) if precision + recall else 0.0
        )
        classes[label] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": true_count[label],
            "predicted": pred_count[label],
        }
    present = [label for label in labels if true_count[label]]
    macro_f1 = (
        sum(classes[label]["f1"] for label in present) / len(present)
        if present
        else 0.0
    )
    total = len(y_true)
    return {
        "accuracy": sum(hit.values()) / total if total else 0.0,
        "macro_f1": macro_f1,
        "classes": classes,
        "n_test": total,
    }


def confusion_pairs(y_true, y_pred, top=10):
    """The most frequent ``(true, predicted, count)`` confusions."""
    pairs = Counter((t, p) for t, p in zip(y_true, y_pred, strict=True) if t != p)
    return [(t, p, n) for (t, p), n in pairs.most_common(top)]


def precision_curve(confidences, correct, points=None):
    """Precision of the automatic decision for every confidence threshold.

    ``[(threshold, coverage, precision), ...]`` from the highest threshold
    down: applying the proposals whose confidence is at least ``threshold``
    covers ``coverage`` of the complaints, of which ``precision`` are right.
    Equal confidences are taken together. ``points`` keeps at most that many
    thresholds (evenly spread over the coverage; the last one is kept).
    """
    confidences = np.asarray(confidences, dtype=np.float64)
    correct = np.asarray(correct, dtype=bool)
    total = confidences.size
    if not total:
        return []
    order = np.argsort(-confidences, kind="stable")
    conf = confidences[order]
    hits = np.cumsum(correct[order])
    ends = np.flatnonzero(np.r_[conf[1:] != conf[:-1], True])
    if points and ends.size > points:
        ends = ends[
            np.unique(np.linspace(0, ends.size - 1, points).round().astype(int))
        ]
    return [
        (float(conf[end]), (end + 1) / total, float(hits[end]) / (end + 1))
        for end in ends.tolist()
    ]


def coverage_at(curve, target):
    """``(threshold, coverage, precision)`` of the lowest threshold whose
    precision is at least ``target``, or ``None`` when none reaches it."""
    best = None
    for point in curve:
        if point[2] >= target and (best is None or point[1] > best[1]):
            best = point
    return best


def evaluate(texts, labels, test_share=0.2, seed=42, target_precision=0.95, **train):
    """Train on a stratified ``1 - test_share`` of the data, test on the rest.

    Returns a report dict: ``accuracy``, ``macro_f1``, ``classes`` (per class
    ``precision``, ``recall``, ``f1``, ``support``, ``n_train``), ``n_train``,
    ``n_test``, ``confusions``, ``train_seconds``, ``scores`` (confidence and
    rightness of each test prediction), ``curve`` (see
    :func:`precision_curve`), ``target_precision``, ``coverage`` (the
    :func:`coverage_at` point of the target, or None) and ``model``.
    """
    texts = list(texts)
    labels = [str(label) for label in labels]
    if len(texts) != len(labels):
        raise TriageError(
            f"{len(texts)} texts but {len(labels)} labels: the lists must match"
        )
    train_idx, test_idx = stratified_split(labels, test_share=test_share, seed=seed)
    started = time.perf_counter()
    model = TriageModel.train(
        [texts[i] for i in train_idx],
        [labels[i] for i in train_idx],
        seed=seed,
        **train,
    )
    train_seconds = time.perf_counter() - started
    y_true = [labels[i] for i in test_idx]
    predicted = model.predict_many([texts[i] for i in test_idx])
    y_pred = [label for label, _conf in predicted]
    report = classification_report(y_true, y_pred, labels=sorted(set(labels)))
    train_counts = Counter(labels[i] for i in train_idx)
    for label, row in report["classes"].items():
        row["n_train"] = train_counts[label]
    scores = (
        [conf for _label, conf in predicted],
        [t == p for t, p in zip(y_true, y_pred, strict=True)],
    )
    curve = precision_curve(*scores)
    report.update(
        {
            "n_train": len(train_idx),
            "test_share": float(test_share),
            "seed": seed,
            "train_seconds": train_seconds,
            "confusions": confusion_pairs(y_true, y_pred),
            "scores": scores,
            "curve": curve,
            "target_precision": float(target_precision),
            "coverage": coverage_at(curve, target_precision),
            "model": model,
        }
    )
    return report


def format_report(report):
    """Printable lines of a report: per class figures, the coverage at the
    target precision, and last ``accuracy=0.xxxx macro_f1=0.xxxx``."""
    classes = report["classes"]
    width = max([len("label")] + [len(str(label)) for label in classes])
    lines = [
        f"{'label'.ljust(width)}  precision  recall  f1      support  train",
    ]
    for label, row in classes.items():
        lines.append(
            f"{str(label).ljust(width)}  {row['precision']:.4f}     "
            f"{row['recall']:.4f}  {row['f1']:.4f}  {row['support']:<7}  "
            f"{row.get('n_train', '')}"
        )
    target = report.get("target_precision", 0.95)
    point = report.get("coverage")
    if point:
        threshold, coverage, precision = point
        lines.append(
            f"coverage at {target:.0%} precision: {coverage:.4f} "
            f"(threshold {threshold:.4f}; precision of those {precision:.4f})"
        )
    else:
        lines.append(f"coverage at {target:.0%} precision: 0.0000 (not reachable)")
    lines.append(f"accuracy={report['accuracy']:.4f} macro_f1={report['macro_f1']:.4f}")
    return lines
