# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Category classifier on scikit-learn.

Features: TF-IDF (sublinear) of word uni- and bi-grams of the jieba
segmentation, with the domain dictionary, and of character 1- to 3-grams of
the normalised text. Model: a linear SVM (hinge loss, trained by stochastic
gradient descent, whose cost grows linearly with the data); class weights
``(n_largest / n_class) ** power`` are possible, but cross-validation found
none (power 0) best. Its scores become probabilities by
a sigmoid per class (Platt scaling) fitted on the scores of 3-fold
cross-validation of the training data; the same out-of-fold probabilities
choose the regularisation of the SVM and the ``balance`` (see
:meth:`TriageModel.predict_proba`) that give the best macro F1. Nothing is
tuned on data held out for a test.

Model files are written and read by this module only: a header line (JSON:
format, version, library versions, SHA-256 of the payload) and the gzipped
pickle of the fitted scikit-learn objects. The header is checked before
anything is unpickled: a changed payload or another scikit-learn version is
refused with a message. Callers that keep files elsewhere (the database)
also check the SHA-256 of the whole file they stored, see :meth:`from_bytes`.
"""

import gzip
import hashlib
import json
import pickle
import warnings
import zlib

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from .exceptions import TriageError
from .text import add_user_words, clean_words, normalize_text, tokenize_normalized

FORMAT_NAME = "consumer_complaint.triage"
FORMAT_VERSION = 3
_MAGIC = b"CCTRIAGE\n"
_TERM_ID_MASK = 0x7FFFFFFF
#: SVM regularisations and balances tried by cross-validation on the
#: training data (the best regularisation grows as the data shrinks)
ALPHA_GRID = (1e-4, 3e-4, 1e-3)
BALANCE_GRID = tuple(round(0.1 * step, 1) for step in range(11))


def file_sha256(blob):
    """SHA-256 (hex) of a model file, as stored next to it."""
    return hashlib.sha256(blob).hexdigest()


def _word_docs(norm_texts):
    """Segmented texts, words separated by a space (the word vectorizer
    splits on spaces: no Python callable in the fitted vectorizer)."""
    return [" ".join(tokenize_normalized(text)) for text in norm_texts]


class TriageModel:
    """A trained text classifier (labels are arbitrary strings)."""

    def __init__(
        self,
        words,
        chars,
        svm,
        calibration,
        labels,
        prior,
        balance=0.0,
        user_words=(),
        info=None,
    ):
        self.words = words
        self.chars = chars
        #: the linear SVM (its classes are the indices of :attr:`labels`)
        self.svm = svm
        #: ``(a, b)`` per calibrated column: ``1 / (1 + exp(a * score + b))``
        self.calibration = np.asarray(calibration, dtype=np.float64)
        self.labels = [str(label) for label in labels]
        self.prior = np.asarray(prior, dtype=np.float64)
        self.balance = float(balance)
        self.user_words = clean_words(user_words)
        self.info = dict(info or {})
        self._weights = self.prior**-self.balance
        self._buckets = None
        # A single complaint is scored from the fitted parameters directly:
        # scikit-learn's input checks per call cost more than the arithmetic
        # (tests check that both give the same probabilities).
        self._analyzers = [
            (v.build_analyzer(), v.vocabulary_, v.idf_)
            for v in (self.words, self.chars)
        ]
        self._offset = len(self.words.vocabulary_)
        self._coef = np.ascontiguousarray(svm.coef_.T)
        self._intercept = svm.intercept_
        if self.user_words:
            add_user_words(self.user_words)

    # ------------------------------------------------------------------
    # features
    # ------------------------------------------------------------------
    def features(self, texts):
        """TF-IDF matrix (CSR) of ``texts``: word columns, then characters."""
        norm = [normalize_text(text) for text in texts]
        if len(norm) == 1:
            return self._features_one(norm[0])
        return sp.hstack(
            [self.words.transform(_word_docs(norm)), self.chars.transform(norm)],
            format="csr",
        )

    def _features_one(self, norm, per_part=True):
        """:meth:`features` of one normalised text, without the per-call
        overhead of the vectorizers (same sublinear TF-IDF, L2 per part;
        ``per_part=False``: L2 over the whole row instead)."""
        cols, data = [], []
        for (analyzer, vocabulary, idf), doc, offset in zip(
            self._analyzers,
            (_word_docs([norm])[0], norm),
            (0, self._offset),
            strict=True,
        ):
            counts = {}
            for term in analyzer(doc):
                col = vocabulary.get(term)
                if col is not None:
                    counts[col] = counts.get(col, 0) + 1
            if not counts:
                continue
            part_cols = np.fromiter(counts, dtype=np.int64, count=len(counts))
            values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            values = (np.log(values) + 1.0) * idf[part_cols]
            if per_part:
                values /= np.sqrt(values @ values)
            cols.append(part_cols + offset)
            data.append(values)
        cols = np.concatenate(cols) if cols else np.empty(0, np.int64)
        data = np.concatenate(data) if data else np.empty(0)
        if not per_part and data.size:
            data /= np.sqrt(data @ data)
        order = np.argsort(cols)
        return sp.csr_matrix(
            (data[order].astype(np.float32), cols[order], [0, cols.size]),
            shape=(1, self.n_features),
        )

    def transform(self, texts):
        """Sublinear TF-IDF of ``texts`` over all terms, each row L2-normalised
        as a whole (the heaviest terms are then the most distinctive ones,
        words and characters alike), as CSR ``(indptr, cols, data)``;
        ``buckets[cols]`` gives stable term ids. For similar-case search."""
        rows = [
            self._features_one(normalize_text(text), per_part=False) for text in texts
        ]
        if not rows:
            return np.zeros(1, np.int64), np.empty(0, np.int64), np.empty(0)
        matrix = sp.vstack(rows, format="csr")
        return matrix.indptr, matrix.indices, matrix.data

    @property
    def buckets(self):
        """A positive 31-bit id per feature column, from a hash of the term
        itself: the same term has the same id in every model."""
        if self._buckets is None:
            ids = []
            for prefix, vectorizer in (("w", self.words), ("c", self.chars)):
                names = vectorizer.get_feature_names_out()
                ids.extend(
                    zlib.crc32(f"{prefix} {name}".encode()) & _TERM_ID_MASK
                    for name in names
                )
            self._buckets = np.asarray(ids, dtype=np.int64)
        return self._buckets

    @property
    def n_features(self):
        return len(self.words.vocabulary_) + len(self.chars.vocabulary_)

    # ------------------------------------------------------------------
    # prediction
    # ------------------------------------------------------------------
    def predict_proba(self, texts):
        """Class probabilities, columns in the order of :attr:`labels`.

        The calibrated probabilities follow the class frequencies of the
        training data; ``balance`` (0 to 1) moves them towards equal priors
        so that rare categories are not drowned by frequent ones (training
        chooses it by cross-validation). A single string gives a 1-D array,
        a list of strings a 2-D array.
        """
        if isinstance(texts, str):
            return self.predict_proba([texts])[0]
        texts = ["" if text is None else str(text) for text in texts]
        if not texts:
            return np.zeros((0, len(self.labels)))
        scores = self.features(texts) @ self._coef + self._intercept
        proba = _calibrated(scores, self.calibration)
        proba *= self._weights
        proba /= proba.sum(axis=1, keepdims=True)
        return proba

    def predict(self, text):
        """``(label, confidence)`` for one text."""
        proba = self.predict_proba([text])[0]
        best = int(np.argmax(proba))
        return self.labels[best], float(proba[best])

    def predict_many(self, texts):
        """``[(label, confidence), ...]`` for many texts (vectorised)."""
        proba = self.predict_proba(list(texts))
        best = proba.argmax(axis=1)
        return [
            (self.labels[b], float(proba[row, b]))
            for row, b in enumerate(best.tolist())
        ]

    def top(self, text, k=3):
        """The ``k`` most probable labels of ``text`` with their probability."""
        proba = self.predict_proba([text])[0]
        order = np.argsort(-proba, kind="stable")[:k]
        return [(self.labels[int(i)], float(proba[int(i)])) for i in order]

    def explain(self, text, label=None, k=8):
        """The ``k`` terms of ``text`` that weigh most for ``label`` (default:
        the predicted label) in the linear model: ``[(term, weight), ...]``."""
        if label is None:
            label = self.predict(text)[0]
        if label not in self.labels:
            raise TriageError(f"unknown label {label!r}")
        svm = self.svm
        coef = (
            svm.coef_[0]
            if len(self.labels) == 2
            else svm.coef_[self.labels.index(label)]
        )
        if len(self.labels) == 2 and label == self.labels[0]:
            coef = -coef
        row = self.features([text])
        names = np.concatenate(
            [
                self.words.get_feature_names_out(),
                self.chars.get_feature_names_out(),
            ]
        )
        weights = row.data * coef[row.indices]
        order = np.lexsort((names[row.indices], -weights))[:k]
        return [
            (str(names[row.indices[i]]), round(float(weights[i]), 4)) for i in order
        ]

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
        alpha=None,
        class_weight_power=0.0,
        balance=None,
        min_df=2,
        max_features=150_000,
    ):
        """Train on ``texts`` labelled ``labels``; deterministic for a seed.

        ``max_features`` bounds each vectorizer (the most frequent terms are
        kept), ``alpha`` is the SVM's regularisation, ``class_weight_power``
        softens the class weights ``n_largest / n_class`` (0: none, 1:
        balanced), ``balance`` see :meth:`predict_proba`. ``alpha`` and
        ``balance`` are chosen by cross-validation on the training data when
        None (from :data:`ALPHA_GRID` and :data:`BALANCE_GRID`).
        """
        texts = ["" if t is None else str(t) for t in texts]
        labels = [str(label) for label in labels]
        if len(texts) != len(labels):
            raise TriageError(
                f"{len(texts)} texts but {len(labels)} labels: the lists must match"
            )
        classes, y, counts = np.unique(labels, return_inverse=True, return_counts=True)
        if len(classes) < 2:
            raise TriageError("training needs at least two different labels")
        words = clean_words(user_words)
        if words:
            add_user_words(words)
        norm = [normalize_text(text) for text in texts]
        # min_df is relaxed on small data, where a term seen once still counts
        min_df = min_df if len(texts) >= 200 else 1
        options = {
            "sublinear_tf": True,
            "min_df": min_df,
            "max_features": max_features,
            "lowercase": False,
            "dtype": np.float32,
        }
        word_vec = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), **options)
        char_vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), **options)
        try:
            matrix = sp.hstack(
                [
                    word_vec.fit_transform(_word_docs(norm)),
                    char_vec.fit_transform(norm),
                ],
                format="csr",
            )
        except ValueError as exc:  # empty vocabulary
            raise TriageError(f"no usable text to learn from ({exc})") from None
        # the pruned terms are kept only for inspection: not in the file
        for vectorizer in (word_vec, char_vec):
            vectorizer.stop_words_ = None
        prior = counts / counts.sum()
        # classes are fitted as their indices (0..k-1), so that the weights
        # are keyed the same way in every fit
        weights = (counts.max() / counts) ** float(class_weight_power)
        svm = SGDClassifier(
            loss="hinge",
            # more epochs changed no cross-validated score: 8 bound the cost
            max_iter=8,
            tol=None,
            class_weight=dict(enumerate(weights.tolist())),
            random_state=seed,
        )
        folds = int(min(3, counts.min()))
        alphas = ALPHA_GRID if alpha is None else (alpha,)
        balances = BALANCE_GRID if balance is None else (balance,)
        with warnings.catch_warnings():
            # few examples per fold on small data sets: expected, not news
            warnings.simplefilter("ignore", ConvergenceWarning)
            if folds >= 2:
                # out-of-fold scores for each regularisation: the calibration
                # is fitted on them, and they choose the regularisation and
                # the balance with the best macro F1 (on a tie the first)
                splits = StratifiedKFold(folds, shuffle=True, random_state=seed)
                tried = {}
                for value in alphas:
                    scores = cross_val_predict(
                        svm.set_params(alpha=value),
                        matrix,
                        y,
                        cv=splits,
                        method="decision_function",
                    )
                    calibration = _fit_calibration(scores, y, len(classes))
                    cv_proba = _calibrated(scores, calibration)
                    for shift in balances:
                        predicted = (cv_proba * prior**-shift).argmax(axis=1)
                        tried[value, shift] = (_macro_f1(y, predicted), calibration)
                best_f1 = max(f1 for f1, _cal in tried.values())
                alpha, balance = next(k for k, v in tried.items() if v[0] == best_f1)
                calibration = tried[alpha, balance][1]
                svm.set_params(alpha=alpha).fit(matrix, y)
            else:
                # a class with a single example cannot be cross-validated:
                # calibrate on the training scores themselves (tiny data only)
                alpha = alphas[-1]
                balance = balances[0]
                svm.set_params(alpha=alpha).fit(matrix, y)
                scores = svm.decision_function(matrix)
                calibration = _fit_calibration(scores, y, len(classes))
                tried = {}
        svm.coef_ = svm.coef_.astype(np.float32)
        info = {
            "n_train": len(texts),
            "class_counts": {
                str(label): int(n) for label, n in zip(classes, counts, strict=True)
            },
            "n_features": int(matrix.shape[1]),
            "seed": seed,
            "alpha": alpha,
            "class_weight_power": class_weight_power,
            "min_df": min_df,
            "calibration_folds": folds,
            # macro F1 of the out-of-fold predictions, per alpha and balance
            "cv_macro_f1": {
                f"{value:g} {shift:g}": round(f1, 4)
                for (value, shift), (f1, _cal) in tried.items()
            },
        }
        return cls(
            word_vec,
            char_vec,
            svm,
            calibration,
            classes,
            prior,
            balance=balance,
            user_words=words,
            info=info,
        )

    # ------------------------------------------------------------------
    # serialisation
    # ------------------------------------------------------------------
    def to_bytes(self):
        """The model file (header line + gzipped pickle)."""
        payload = gzip.compress(
            pickle.dumps(
                {
                    "words": self.words,
                    "chars": self.chars,
                    "svm": self.svm,
                    "calibration": self.calibration,
                    "labels": self.labels,
                    "prior": self.prior,
                    "balance": self.balance,
                    "user_words": self.user_words,
                    "info": self.info,
                },
                protocol=pickle.HIGHEST_PROTOCOL,
            ),
            compresslevel=6,
            mtime=0,
        )
        header = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "labels": self.labels,
            "payload_sha256": file_sha256(payload),
        }
        line = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return _MAGIC + line + b"\n" + payload

    @staticmethod
    def read_header(blob):
        """The header of a model file (dict), without loading the model."""
        if isinstance(blob, str):
            blob = blob.encode("utf-8")
        if not blob:
            raise TriageError("empty model file")
        if not blob.startswith(_MAGIC):
            raise TriageError(
                "not a model file of this version of the triage engine "
                "(older model files cannot be read: train a new model)"
            )
        line, _sep, _payload = blob[len(_MAGIC) :].partition(b"\n")
        try:
            header = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise TriageError("not a complaint triage model file") from None
        if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
            raise TriageError("not a complaint triage model file")
        return header

    @classmethod
    def check(cls, blob, sha256=None):
        """Raise :class:`TriageError` when the file cannot be loaded here: not
        a model file of this format version, not matching ``sha256`` (the
        hash recorded when it was stored) or written with another
        scikit-learn version. Nothing is unpickled."""
        header = cls.read_header(blob)
        if header.get("version") != FORMAT_VERSION:
            raise TriageError(
                f"model file format version {header.get('version')!r} is not "
                f"supported (this engine reads version {FORMAT_VERSION}): "
                "train a new model"
            )
        if sha256 is not None and file_sha256(blob) != sha256:
            raise TriageError(
                "the model file does not match its recorded SHA-256: it was "
                "changed after training and is not loaded"
            )
        if header.get("sklearn") != sklearn.__version__:
            raise TriageError(
                f"the model was trained with scikit-learn {header.get('sklearn')} "
                f"and this server runs {sklearn.__version__}: train a new model"
            )
        return header

    @classmethod
    def from_bytes(cls, blob, sha256=None):
        """Load a model written by :meth:`to_bytes`.

        ``sha256``: the hash recorded when the file was stored; a file that
        does not match is refused. The file is also refused when it was
        written with another scikit-learn version or format version.
        """
        if isinstance(blob, str):
            blob = blob.encode("utf-8")
        cls.check(blob, sha256=sha256)
        header = cls.read_header(blob)
        payload = blob[len(_MAGIC) :].partition(b"\n")[2]
        if file_sha256(payload) != header.get("payload_sha256"):
            raise TriageError(
                "the model file is damaged (its content does not match its "
                "header): train a new model"
            )
        try:
            data = pickle.loads(gzip.decompress(payload))
            return cls(
                data["words"],
                data["chars"],
                data["svm"],
                data["calibration"],
                data["labels"],
                data["prior"],
                balance=data["balance"],
                user_words=data["user_words"],
                info=data["info"],
            )
        except (OSError, EOFError, KeyError, TypeError, pickle.UnpicklingError):
            raise TriageError("the model file is damaged: train a new model") from None

    def __repr__(self):
        return (
            f"<TriageModel {len(self.labels)} labels, {self.n_features} features, "
            f"trained on {self.info.get('n_train', '?')} texts>"
        )


def _fit_calibration(scores, y, n_classes):
    """Platt scaling: ``(a, b)`` per column of ``scores`` (one column for
    two classes, the score of the second) from the true classes ``y``.

    As in Platt's paper (and scikit-learn's ``CalibratedClassifierCV``) the
    targets are smoothed, ``(n+ + 1) / (n+ + 2)`` and ``1 / (n- + 2)``, so
    that a separable class does not get probabilities of exactly 0 or 1:
    each score is fitted as a positive and a negative example weighted by
    its target.
    """
    scores = scores.reshape(len(y), -1)
    targets = [y == 1] if n_classes == 2 else [y == c for c in range(n_classes)]
    params = []
    for column, target in zip(scores.T, targets, strict=True):
        positives = np.count_nonzero(target)
        negatives = target.size - positives
        soft = np.where(
            target, (positives + 1.0) / (positives + 2.0), 1.0 / (negatives + 2.0)
        )
        sigmoid = LogisticRegression(C=1e6).fit(
            np.concatenate([column, column]).reshape(-1, 1),
            np.repeat([1, 0], column.size),
            sample_weight=np.concatenate([soft, 1.0 - soft]),
        )
        params.append((-sigmoid.coef_[0, 0], -sigmoid.intercept_[0]))
    return np.array(params).T


def _calibrated(scores, calibration):
    """Class probabilities from SVM scores (rows sum to 1)."""
    a, b = calibration
    proba = 1.0 / (1.0 + np.exp(a * scores.reshape(scores.shape[0], -1) + b))
    if a.size == 1:
        return np.hstack([1.0 - proba, proba])
    total = proba.sum(axis=1, keepdims=True)
    return np.divide(
        proba,
        total,
        out=np.full_like(proba, 1.0 / a.size),
        where=total > 0,
    )


def _macro_f1(y, predicted):
    """Mean F1 over the classes of ``y`` (class indices)."""
    return f1_score(
        y, predicted, labels=np.unique(y), average="macro", zero_division=0.0
    )
