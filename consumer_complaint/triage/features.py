# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hashed n-gram features, vectorised with numpy.

Features of a text:

* word n-grams of the jieba segmentation (default uni- and bi-grams);
* character n-grams of the normalised text (default 2- and 3-grams) that do
  not cross punctuation or spaces.

Each feature is hashed with a fixed 64-bit integer mix (no salted Python
``hash``), so the bucket of a feature is the same in every process and the
model file stores no text. A whole corpus is featurised in a few numpy
passes: code points of all texts in one array, n-gram hashes computed on it
at once, counts by ``numpy.unique``.

The sparse matrices are plain CSR triples ``(indptr, indices, data)``.
"""

import re
import zlib

import numpy as np

from .text import normalize_text, tokenize_normalized

_NONWORD_RE = re.compile(r"[\W_]+")
_CODEPOINT_BASE = np.uint64(0x110000)
_KIND_SALT = {
    "w1": np.uint64(0x2545F4914F6CDD1D),
    "w2": np.uint64(0x9E3779B97F4A7C15),
    "c1": np.uint64(0xD6E8FEB86659FD93),
    "c2": np.uint64(0xA0761D6478BD642F),
    "c3": np.uint64(0xE7037ED1A0B428DB),
    "c4": np.uint64(0x8EBC6AF09C88C6E3),
    "c5": np.uint64(0x589965CC75374CC3),
}
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S32 = np.uint64(32)

_word_hash_cache = {}
_WORD_CACHE_MAX = 500_000


def _mix64(values):
    """splitmix64 finaliser on a uint64 array (wraps modulo 2**64)."""
    z = values ^ (values >> _S30)
    z *= _M1
    z ^= z >> _S27
    z *= _M2
    z ^= z >> _S31
    return z


def _word_hash(word):
    value = _word_hash_cache.get(word)
    if value is None:
        if len(_word_hash_cache) >= _WORD_CACHE_MAX:
            _word_hash_cache.clear()
        value = zlib.crc32(word.encode("utf-8"))
        _word_hash_cache[word] = value
    return value


class FeatureConfig:
    """Parameters of the featuriser; stored in the model file."""

    __slots__ = ("char_ngrams", "n_bits", "word_ngrams")

    def __init__(self, n_bits=20, word_ngrams=(1, 2), char_ngrams=(2, 3)):
        self.n_bits = int(n_bits)
        self.word_ngrams = tuple(int(n) for n in word_ngrams)
        self.char_ngrams = tuple(int(n) for n in char_ngrams)
        if not 10 <= self.n_bits <= 26:
            raise ValueError("n_bits must be between 10 and 26")
        if not set(self.word_ngrams) <= {1, 2}:
            raise ValueError("word n-grams must be among 1, 2")
        if not set(self.char_ngrams) <= {1, 2, 3, 4, 5}:
            raise ValueError("character n-grams must be among 1..5")

    @property
    def n_buckets(self):
        return 1 << self.n_bits

    def to_dict(self):
        return {
            "n_bits": self.n_bits,
            "word_ngrams": list(self.word_ngrams),
            "char_ngrams": list(self.char_ngrams),
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            n_bits=data["n_bits"],
            word_ngrams=data["word_ngrams"],
            char_ngrams=data["char_ngrams"],
        )


def _char_ngram_values(codes, n):
    """Integer value of every character n-gram and a mask of valid ones
    (no separator ``0`` inside)."""
    length = codes.shape[0] - n + 1
    if length <= 0:
        return np.empty(0, np.uint64), np.empty(0, bool)
    value = codes[:length].copy()
    valid = codes[:length] != 0
    for offset in range(1, n):
        part = codes[offset : offset + length]
        value = value * _CODEPOINT_BASE + part
        valid &= part != 0
    return value, valid


def hashed_occurrences(norm_texts, token_lists, config):
    """Every feature occurrence of a corpus as ``(doc, bucket)`` arrays."""
    n_docs = len(norm_texts)
    mask = np.uint64(config.n_buckets - 1)
    docs_parts = []
    bucket_parts = []

    if config.char_ngrams:
        cleaned = [_NONWORD_RE.sub("\0", text) for text in norm_texts]
        joined = "\0".join(cleaned) + "\0"
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
        lengths = np.fromiter(
            (len(t) + 1 for t in cleaned), dtype=np.int64, count=n_docs
        )
        doc_of_pos = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        for n in config.char_ngrams:
            value, valid = _char_ngram_values(codes, n)
            if not value.size:
                continue
            positions = np.flatnonzero(valid)
            hashed = _mix64(value[positions] ^ _KIND_SALT[f"c{n}"]) & mask
            docs_parts.append(doc_of_pos[positions])
            bucket_parts.append(hashed.astype(np.int64))

    if config.word_ngrams:
        counts = np.fromiter(
            (len(t) for t in token_lists), dtype=np.int64, count=n_docs
        )
        total = int(counts.sum())
        if total:
            word_values = np.fromiter(
                (_word_hash(w) for tokens in token_lists for w in tokens),
                dtype=np.uint64,
                count=total,
            )
            doc_of_tok = np.repeat(np.arange(n_docs, dtype=np.int64), counts)
            if 1 in config.word_ngrams:
                docs_parts.append(doc_of_tok)
                bucket_parts.append(
                    (_mix64(word_values ^ _KIND_SALT["w1"]) & mask).astype(np.int64)
                )
            if 2 in config.word_ngrams and total > 1:
                same = np.flatnonzero(doc_of_tok[1:] == doc_of_tok[:-1])
                pair = (word_values[same] << _S32) | word_values[same + 1]
                docs_parts.append(doc_of_tok[same])
                bucket_parts.append(
                    (_mix64(pair ^ _KIND_SALT["w2"]) & mask).astype(np.int64)
                )

    if not docs_parts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(docs_parts), np.concatenate(bucket_parts)


def count_matrix(texts, config):
    """Term counts of ``texts`` as CSR ``(indptr, buckets, counts)``.

    Bucket ids are sorted inside each row.
    """
    norm_texts = [normalize_text(t) for t in texts]
    token_lists = [tokenize_normalized(t) for t in norm_texts]
    docs, buckets = hashed_occurrences(norm_texts, token_lists, config)
    n_docs = len(norm_texts)
    if docs.size:
        keys = docs * config.n_buckets + buckets
        keys, counts = np.unique(keys, return_counts=True)
        row = keys >> config.n_bits
        buckets = (keys & (config.n_buckets - 1)).astype(np.int64)
        per_row = np.bincount(row, minlength=n_docs)
    else:
        buckets = np.empty(0, np.int64)
        counts = np.empty(0, np.int64)
        per_row = np.zeros(n_docs, np.int64)
    indptr = np.zeros(n_docs + 1, np.int64)
    np.cumsum(per_row, out=indptr[1:])
    return indptr, buckets, counts


def named_features(text, config):
    """Features of one text with a readable name each, for explanations:
    list of ``(name, bucket)`` (duplicates included)."""
    norm = normalize_text(text)
    tokens = tokenize_normalized(norm)
    names = []
    if config.char_ngrams:
        cleaned = _NONWORD_RE.sub("\0", norm)
        for n in config.char_ngrams:
            for i in range(len(cleaned) - n + 1):
                gram = cleaned[i : i + n]
                if "\0" not in gram:
                    names.append(gram)
    # same order as hashed_occurrences: chars first, then words, then pairs
    if 1 in config.word_ngrams:
        names.extend(tokens)
    if 2 in config.word_ngrams:
        names.extend(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    _docs, buckets = hashed_occurrences([norm], [tokens], config)
    return list(zip(names, buckets.tolist(), strict=True))


def csr_matmul(indptr, indices, data, weights):
    """Dense ``X @ weights`` for a CSR ``X`` (rows may be empty)."""
    n_rows = indptr.shape[0] - 1
    out = np.zeros((n_rows, weights.shape[1]), dtype=weights.dtype)
    if not indices.size:
        return out
    contrib = weights[indices]
    contrib *= data[:, None]
    nonempty = indptr[1:] > indptr[:-1]
    out[nonempty] = np.add.reduceat(contrib, indptr[:-1][nonempty], axis=0)
    return out


def l2_normalize_rows(indptr, data):
    """Scale each CSR row to unit L2 norm, in place."""
    if not data.size:
        return data
    nonempty = indptr[1:] > indptr[:-1]
    sq = np.zeros(indptr.shape[0] - 1, dtype=data.dtype)
    sq[nonempty] = np.add.reduceat(data * data, indptr[:-1][nonempty])
    norms = np.sqrt(sq)
    norms[norms == 0] = 1.0
    data /= np.repeat(norms, np.diff(indptr))
    return data
