# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Multinomial logistic regression on hashed TF-IDF n-gram features.

Training uses mini-batch AdaGrad with sparse (lazy) updates: each step only
touches the weight rows of the features present in the batch, so an epoch
over 50,000 complaints takes well under a second with numpy alone.

Model files are gzip-compressed JSON: a versioned header, the label list,
the feature configuration and the numpy arrays as base64 of little-endian
raw data. No pickle: loading a model file cannot run code.
"""

import base64
import gzip
import json
import math

import numpy as np

from .exceptions import TriageError
from .features import (
    FeatureConfig,
    count_matrix,
    csr_matmul,
    l2_normalize_rows,
    named_features,
)
from .text import add_user_words, clean_words

FORMAT_NAME = "consumer_complaint.triage"
FORMAT_VERSION = 1
_ALLOWED_DTYPES = {"<f4", "<f2", "<i4", "<i8"}


def _softmax_inplace(scores):
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    return scores


def _encode_array(array, dtype):
    array = np.ascontiguousarray(array, dtype=np.dtype(dtype))
    return {
        "dtype": dtype,
        "shape": list(array.shape),
        "data": base64.b64encode(array.tobytes()).decode("ascii"),
    }


def _decode_array(spec, name):
    try:
        dtype = spec["dtype"]
        shape = tuple(int(s) for s in spec["shape"])
        raw = base64.b64decode(spec["data"], validate=True)
    except (KeyError, TypeError, ValueError) as exc:
        raise TriageError(f"invalid model file: bad array {name!r} ({exc})") from None
    if dtype not in _ALLOWED_DTYPES:
        raise TriageError(f"invalid model file: array {name!r} has dtype {dtype!r}")
    array = np.frombuffer(raw, dtype=np.dtype(dtype))
    if array.size != math.prod(shape):
        raise TriageError(f"invalid model file: array {name!r} has the wrong size")
    return array.reshape(shape)


class TriageModel:
    """A trained text classifier (labels are arbitrary strings)."""

    def __init__(
        self, labels, config, buckets, idf, coef, intercept, user_words=(), info=None
    ):
        self.labels = list(labels)
        self.config = config
        self.buckets = np.asarray(buckets, dtype=np.int64)
        self.idf = np.asarray(idf, dtype=np.float32)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.user_words = clean_words(user_words)
        self.info = dict(info or {})
        n_features, n_classes = len(self.buckets), len(self.labels)
        if self.idf.shape != (n_features,) or self.coef.shape != (
            n_features,
            n_classes,
        ):
            raise TriageError("invalid model: array shapes do not match")
        if self.intercept.shape != (n_classes,):
            raise TriageError("invalid model: intercept shape does not match")
        if n_features and (
            self.buckets.min() < 0 or self.buckets.max() >= config.n_buckets
        ):
            raise TriageError("invalid model: feature bucket out of range")
        self._colmap = None
        if self.user_words:
            add_user_words(self.user_words)

    # ------------------------------------------------------------------
    # features
    # ------------------------------------------------------------------
    @property
    def colmap(self):
        if self._colmap is None:
            colmap = np.full(self.config.n_buckets, -1, dtype=np.int32)
            colmap[self.buckets] = np.arange(len(self.buckets), dtype=np.int32)
            self._colmap = colmap
        return self._colmap

    def _tfidf(self, indptr, buckets, counts):
        cols = self.colmap[buckets]
        keep = cols >= 0
        cum = np.concatenate(([0], np.cumsum(keep, dtype=np.int64)))
        new_indptr = cum[indptr]
        cols = cols[keep].astype(np.int64)
        data = (1.0 + np.log(counts[keep].astype(np.float32))) * self.idf[cols]
        data = data.astype(np.float32, copy=False)
        l2_normalize_rows(new_indptr, data)
        return new_indptr, cols, data

    def transform(self, texts):
        """TF-IDF CSR matrix ``(indptr, cols, data)`` of ``texts``."""
        return self._tfidf(*count_matrix(texts, self.config))

    # ------------------------------------------------------------------
    # prediction
    # ------------------------------------------------------------------
    def decision_function(self, texts, chunk_size=4096):
        scores = []
        for start in range(0, len(texts), chunk_size):
            indptr, cols, data = self.transform(texts[start : start + chunk_size])
            part = csr_matmul(indptr, cols, data, self.coef)
            part += self.intercept
            scores.append(part)
        if not scores:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return np.concatenate(scores)

    def predict_proba(self, texts):
        """Class probabilities, columns in the order of :attr:`labels`.

        A single string gives a 1-D array, a list of strings a 2-D array.
        """
        if isinstance(texts, str):
            return self.predict_proba([texts])[0]
        return _softmax_inplace(self.decision_function(list(texts)))

    def predict(self, text):
        """``(label, confidence)`` for one text."""
        proba = self.predict_proba([text])[0]
        best = int(np.argmax(proba))
        return self.labels[best], float(proba[best])

    def predict_many(self, texts):
        """``[(label, confidence), ...]`` for many texts (vectorised)."""
        proba = self.predict_proba(list(texts))
        best = np.argmax(proba, axis=1) if len(proba) else []
        return [
            (self.labels[int(b)], float(p[int(b)]))
            for b, p in zip(best, proba, strict=True)
        ]

    def top(self, text, k=3):
        """The ``k`` most probable labels of ``text`` with their probability."""
        proba = self.predict_proba([text])[0]
        order = np.argsort(-proba, kind="stable")[:k]
        return [(self.labels[int(i)], float(proba[int(i)])) for i in order]

    def explain(self, text, label=None, k=8):
        """The ``k`` features of ``text`` that weigh most for ``label``
        (default: the predicted label): ``[(feature, contribution), ...]``."""
        if label is None:
            label = self.predict(text)[0]
        if label not in self.labels:
            raise TriageError(f"unknown label {label!r}")
        column = self.labels.index(label)
        indptr, cols, data = self.transform([text])
        weight_of_col = dict(
            zip(cols.tolist(), (data * self.coef[cols, column]).tolist(), strict=True)
        )
        colmap = self.colmap
        seen = {}
        for name, bucket in named_features(text, self.config):
            col = int(colmap[bucket])
            if col >= 0 and name not in seen:
                seen[name] = weight_of_col.get(col, 0.0)
        ranked = sorted(seen.items(), key=lambda item: (-item[1], item[0]))
        return [(name, round(value, 4)) for name, value in ranked[:k]]

    # ------------------------------------------------------------------
    # training
    # ------------------------------------------------------------------
    @classmethod
    def train(
        cls,
        texts,
        labels,
        seed=42,
        user_words=None,
        epochs=10,
        batch_size=None,
        learning_rate=0.4,
        l2=3e-5,
        min_df=2,
        max_features=300_000,
        n_bits=20,
        word_ngrams=(1, 2),
        char_ngrams=(2, 3),
    ):
        """Train a model on ``texts`` labelled ``labels``; deterministic for a seed."""
        texts = ["" if t is None else str(t) for t in texts]
        labels = [str(label) for label in labels]
        if len(texts) != len(labels):
            raise TriageError(
                f"{len(texts)} texts but {len(labels)} labels: the lists must match"
            )
        classes = sorted(set(labels))
        if len(classes) < 2:
            raise TriageError("training needs at least two different labels")
        config = FeatureConfig(
            n_bits=n_bits, word_ngrams=word_ngrams, char_ngrams=char_ngrams
        )
        words = clean_words(user_words)
        if words:
            add_user_words(words)
        class_index = {label: i for i, label in enumerate(classes)}
        y = np.fromiter(
            (class_index[label] for label in labels), dtype=np.int64, count=len(labels)
        )

        indptr, buckets, counts = count_matrix(texts, config)
        n_docs = len(texts)
        df = np.bincount(buckets, minlength=config.n_buckets)
        candidates = np.flatnonzero(df >= max(1, int(min_df)))
        if max_features and candidates.size > max_features:
            order = np.lexsort((candidates, -df[candidates]))
            candidates = np.sort(candidates[order[:max_features]])
        idf = (np.log((1.0 + n_docs) / (1.0 + df[candidates])) + 1.0).astype(np.float32)
        n_classes = len(classes)
        model = cls(
            classes,
            config,
            candidates,
            idf,
            np.zeros((candidates.size, n_classes), dtype=np.float32),
            np.zeros(n_classes, dtype=np.float32),
            user_words=words,
        )
        x_indptr, x_cols, x_data = model._tfidf(indptr, buckets, counts)
        coef, intercept, stats = _fit_softmax(
            x_indptr,
            x_cols,
            x_data,
            y,
            n_features=candidates.size,
            n_classes=n_classes,
            seed=seed,
            epochs=epochs,
            batch_size=batch_size,
            learning_rate=learning_rate,
            l2=l2,
        )
        model.coef = coef
        model.intercept = intercept
        counts_by_class = np.bincount(y, minlength=n_classes)
        model.info = {
            "n_train": n_docs,
            "class_counts": {
                c: int(n) for c, n in zip(classes, counts_by_class, strict=True)
            },
            "n_features": int(candidates.size),
            "seed": seed,
            "min_df": int(min_df),
            **stats,
        }
        return model

    # ------------------------------------------------------------------
    # serialisation
    # ------------------------------------------------------------------
    def to_dict(self):
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "labels": self.labels,
            "config": self.config.to_dict(),
            "user_words": self.user_words,
            "info": self.info,
            "arrays": {
                "buckets": _encode_array(self.buckets, "<i4"),
                "idf": _encode_array(self.idf, "<f4"),
                "coef": _encode_array(self.coef, "<f4"),
                "intercept": _encode_array(self.intercept, "<f4"),
            },
        }

    def to_bytes(self):
        """The model as bytes (gzip-compressed JSON; same model, same bytes)."""
        payload = json.dumps(
            self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        ).encode("utf-8")
        return gzip.compress(payload, compresslevel=6, mtime=0)

    @classmethod
    def from_dict(cls, data):
        if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
            raise TriageError("not a complaint triage model file")
        version = data.get("version")
        if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
            raise TriageError(
                f"model file format version {version!r} is not supported "
                f"(this engine reads versions up to {FORMAT_VERSION})"
            )
        try:
            arrays = data["arrays"]
            config = FeatureConfig.from_dict(data["config"])
            labels = [str(label) for label in data["labels"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise TriageError(f"invalid model file ({exc})") from None
        return cls(
            labels,
            config,
            _decode_array(arrays.get("buckets"), "buckets").astype(np.int64),
            _decode_array(arrays.get("idf"), "idf"),
            _decode_array(arrays.get("coef"), "coef"),
            _decode_array(arrays.get("intercept"), "intercept"),
            user_words=data.get("user_words") or (),
            info=data.get("info") or {},
        )

    @classmethod
    def from_bytes(cls, blob):
        """Load a model written by :meth:`to_bytes`."""
        if isinstance(blob, str):
            blob = blob.encode("utf-8")
        if not blob:
            raise TriageError("empty model file")
        try:
            if blob[:2] == b"\x1f\x8b":
                blob = gzip.decompress(blob)
            data = json.loads(blob.decode("utf-8"))
        except (OSError, EOFError, UnicodeDecodeError, ValueError):
            raise TriageError("not a complaint triage model file") from None
        return cls.from_dict(data)

    def __repr__(self):
        return (
            f"<TriageModel {len(self.labels)} labels, {len(self.buckets)} features, "
            f"trained on {self.info.get('n_train', '?')} texts>"
        )


def _fit_softmax(
    indptr,
    cols,
    data,
    y,
    n_features,
    n_classes,
    seed,
    epochs,
    batch_size,
    learning_rate,
    l2,
):
    """Mini-batch AdaGrad for multinomial logistic regression (cross-entropy)."""
    n_docs = indptr.shape[0] - 1
    rng = np.random.default_rng(seed)
    if batch_size is None:
        batch_size = int(min(256, max(16, n_docs // 64)))
    n_batches = max(1, math.ceil(n_docs / batch_size))
    # small data sets: keep a minimum number of updates
    epochs = max(int(epochs), math.ceil(300 / n_batches))

    coef = np.zeros((n_features, n_classes), dtype=np.float32)
    intercept = np.zeros(n_classes, dtype=np.float32)
    acc_coef = np.zeros_like(coef)
    acc_intercept = np.zeros_like(intercept)
    eps = np.float32(1e-6)
    lr = np.float32(learning_rate)
    l2 = np.float32(l2)

    # fixed random batches, prepared once; their order changes every epoch
    permutation = rng.permutation(n_docs)
    row_len = np.diff(indptr)
    batches = []
    for b in range(n_batches):
        rows = np.sort(permutation[b * batch_size : (b + 1) * batch_size])
        lens = row_len[rows]
        total = int(lens.sum())
        local_ptr = np.zeros(rows.size + 1, dtype=np.int64)
        np.cumsum(lens, out=local_ptr[1:])
        # positions of the rows' entries in the global arrays
        pos = np.repeat(indptr[rows] - local_ptr[:-1], lens) + np.arange(total)
        b_cols = cols[pos]
        b_data = data[pos]
        row_of = np.repeat(np.arange(rows.size), lens)
        order = np.argsort(b_cols, kind="stable")
        sorted_cols = b_cols[order]
        if total:
            starts = np.flatnonzero(np.r_[True, sorted_cols[1:] != sorted_cols[:-1]])
        else:
            starts = np.empty(0, np.int64)
        batches.append(
            (
                local_ptr,
                b_cols,
                b_data,
                row_of[order],
                b_data[order][:, None],
                sorted_cols[starts],
                starts,
                y[rows],
            )
        )

    losses = []
    for _epoch in range(epochs):
        loss_sum = 0.0
        for b in rng.permutation(n_batches):
            local_ptr, b_cols, b_data, row_sorted, data_sorted, ucols, starts, b_y = (
                batches[b]
            )
            n_rows = b_y.size
            scores = csr_matmul(local_ptr, b_cols, b_data, coef)
            scores += intercept
            proba = _softmax_inplace(scores)
            picked = proba[np.arange(n_rows), b_y]
            loss_sum += float(-np.log(np.maximum(picked, 1e-12)).sum())
            grad_scores = proba
            grad_scores[np.arange(n_rows), b_y] -= 1.0
            grad_scores /= np.float32(n_rows)
            if ucols.size:
                contrib = grad_scores[row_sorted]
                contrib *= data_sorted
                grad = np.add.reduceat(contrib, starts, axis=0)
                rows_w = coef[ucols]
                if l2:
                    grad += l2 * rows_w
                acc = acc_coef[ucols] + grad * grad
                acc_coef[ucols] = acc
                coef[ucols] = rows_w - lr * grad / (np.sqrt(acc) + eps)
            grad_b = grad_scores.sum(axis=0)
            acc_intercept += grad_b * grad_b
            intercept -= lr * grad_b / (np.sqrt(acc_intercept) + eps)
        losses.append(loss_sum / n_docs)
    return (
        coef,
        intercept,
        {
            "epochs": int(epochs),
            "batch_size": int(batch_size),
            "train_loss": round(losses[-1], 6) if losses else None,
        },
    )
