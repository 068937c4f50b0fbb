# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Triage engine: plain Python, no database records needed."""

import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import scipy.sparse
from odoo.tests import tagged
from odoo.tests.common import BaseCase

from ..triage import (
    CATEGORY_KEYS,
    DEFAULT_GRADE_RULES,
    GRADES,
    TriageEngine,
    TriageError,
    TriageModel,
    add_user_words,
    apply_grade_rules,
    classification_report,
    coverage_at,
    evaluate,
    file_sha256,
    format_report,
    model as model_module,
    normalize_text,
    parse_grade_rules,
    precision_curve,
    read_labelled_csv,
    stratified_split,
    tokenize,
)
from ..triage.text import _known_words as known_words

STARTER_CSV = Path(__file__).resolve().parents[1] / "demo/complaint_triage_starter.csv"

ACCURACY_FLOOR = 0.85


@tagged("complaint_triage")
class TestTriageEngine(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.texts, cls.labels, _skipped = read_labelled_csv(str(STARTER_CSV))
        cls.report = evaluate(cls.texts, cls.labels, test_share=0.2, seed=42)
        cls.model = cls.report["model"]

    def test_starter_data_covers_the_taxonomy(self):
        self.assertEqual(len(self.texts), 3000)
        self.assertEqual(set(self.labels), set(CATEGORY_KEYS))

    # ------------------------------------------------------------------
    # accuracy
    # ------------------------------------------------------------------
    def test_accuracy_on_synthetic_set(self):
        report = self.report
        self.assertEqual(report["n_train"] + report["n_test"], len(self.texts))
        self.assertAlmostEqual(report["n_test"] / len(self.texts), 0.2, delta=0.01)
        self.assertGreaterEqual(report["accuracy"], ACCURACY_FLOOR)
        self.assertGreaterEqual(report["macro_f1"], ACCURACY_FLOOR - 0.05)
        # the synthetic data is noisy on purpose: a perfect score means the
        # noise (or the split) is broken
        self.assertLess(report["accuracy"], 0.995)
        self.assertEqual(set(report["classes"]), set(CATEGORY_KEYS))
        for label, row in report["classes"].items():
            self.assertGreater(row["support"], 0, label)
            for key in ("precision", "recall", "f1"):
                self.assertTrue(0.0 <= row[key] <= 1.0, (label, key))
        lines = format_report(report)
        self.assertRegex(lines[-1], r"^accuracy=0\.\d{4} macro_f1=0\.\d{4}$")
        self.assertRegex(
            lines[-2],
            r"^coverage at 95% precision: [01]\.\d{4} \(threshold 0\.\d{4}; "
            r"precision of those 0\.9[5-9]\d\d\)$",
        )
        # one line per class, with its test support and training examples
        for label, row in report["classes"].items():
            self.assertIn(
                f"{row['support']:<7}  {row['n_train']}",
                next(line for line in lines if line.startswith(label + " ")),
            )

    def test_coverage_keeps_its_promise(self):
        """The threshold read on held-out data gives the promised precision
        there, and covers most complaints of this easy data set."""
        threshold, coverage, precision = self.report["coverage"]
        confidences, correct = self.report["scores"]
        applied = [
            ok
            for conf, ok in zip(confidences, correct, strict=True)
            if conf >= threshold
        ]
        self.assertAlmostEqual(len(applied) / len(confidences), coverage)
        self.assertAlmostEqual(sum(applied) / len(applied), precision)
        self.assertGreaterEqual(precision, 0.95)
        self.assertGreater(coverage, 0.8)
        # every lower threshold breaks the promise
        for _threshold, wider, wider_precision in self.report["curve"]:
            if wider > coverage:
                self.assertLess(wider_precision, 0.95)

    def test_precision_curve(self):
        curve = precision_curve([0.9, 0.8, 0.8, 0.6, 0.3], [1, 1, 0, 1, 0])
        # equal confidences are taken together
        self.assertEqual(
            curve,
            [(0.9, 0.2, 1.0), (0.8, 0.6, 2 / 3), (0.6, 0.8, 0.75), (0.3, 1.0, 0.6)],
        )
        self.assertEqual(coverage_at(curve, 0.95), (0.9, 0.2, 1.0))
        self.assertEqual(coverage_at(curve, 0.7), (0.6, 0.8, 0.75))
        self.assertIsNone(coverage_at(precision_curve([0.5], [0]), 0.95))
        self.assertEqual(precision_curve([], []), [])
        thinned = precision_curve(np.linspace(0, 1, 1000), [1] * 1000, points=50)
        self.assertLessEqual(len(thinned), 50)
        self.assertEqual(thinned[-1][1], 1.0)

    def test_shuffled_labels_score_far_below(self):
        shuffled = list(self.labels)
        random.Random(1).shuffle(shuffled)
        report = evaluate(self.texts, shuffled, test_share=0.2, seed=42)
        self.assertLess(report["accuracy"], 0.3)
        self.assertLess(report["accuracy"], self.report["accuracy"] - 0.5)

    def test_training_is_deterministic(self):
        texts, labels = self.texts[:600], self.labels[:600]
        first = TriageModel.train(texts, labels, seed=5)
        second = TriageModel.train(texts, labels, seed=5)
        self.assertEqual(first.to_bytes(), second.to_bytes())

    def test_predictions(self):
        cases = {
            "冷链配送的三文鱼到手冰袋全化了，已经解冻": "delivery_coldchain",
            "客服态度太差了，说话很冲还直接挂我电话": "service_attitude",
            "申请退款两周了，钱一直没到账": "refund_slow",
            "在面包里吃出了一根头发，太恶心了": "quality_foreign",
            "下单五天了还没发货，物流信息一直不更新": "delivery_late",
            "买完东西就天天接到推销电话，我的手机号被泄露了": "privacy_leak",
        }
        for text, expected in cases.items():
            label, confidence = self.model.predict(text)
            self.assertEqual(label, expected, text)
            self.assertTrue(0.0 < confidence <= 1.0)

    def test_predict_proba(self):
        texts = self.texts[:20]
        proba = self.model.predict_proba(texts)
        self.assertEqual(proba.shape, (20, len(self.model.labels)))
        np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
        for text, row in zip(texts, proba, strict=True):
            label, confidence = self.model.predict(text)
            self.assertEqual(label, self.model.labels[int(np.argmax(row))])
            self.assertAlmostEqual(confidence, float(row.max()), places=5)
        self.assertEqual(
            self.model.predict_proba(texts[0]).shape, (len(self.model.labels),)
        )
        # one complaint at a time is scored without scikit-learn's per-call
        # checks: same features and probabilities as the fitted scikit-learn
        # objects (SVM scores, Platt sigmoid per class, then the balance)
        np.testing.assert_allclose(
            self.model.features(texts).toarray(),
            scipy.sparse.vstack([self.model.features([t]) for t in texts]).toarray(),
            rtol=1e-5,
            atol=1e-7,
        )
        scores = self.model.svm.decision_function(self.model.features(texts))
        a, b = self.model.calibration
        reference = 1.0 / (1.0 + np.exp(a * scores + b))
        reference /= reference.sum(axis=1, keepdims=True)
        reference *= self.model.prior**-self.model.balance
        reference /= reference.sum(axis=1, keepdims=True)
        np.testing.assert_allclose(proba, reference, rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(
            np.vstack([self.model.predict_proba(text) for text in texts]),
            proba,
            rtol=1e-4,
            atol=1e-6,
        )
        # no text, no feature: still a valid distribution (the priors)
        self.assertAlmostEqual(float(self.model.predict_proba("").sum()), 1.0, places=5)
        top = self.model.top(texts[0], k=3)
        self.assertEqual(len(top), 3)
        self.assertGreaterEqual(top[0][1], top[1][1])
        features = self.model.explain("冷链配送的三文鱼到手冰袋全化了")
        self.assertTrue(
            features and all(isinstance(name, str) for name, _w in features)
        )

    def test_training_errors(self):
        with self.assertRaises(TriageError):
            TriageModel.train(["a", "b"], ["x"])
        with self.assertRaises(TriageError):
            TriageModel.train(["变质了", "发霉了"], ["quality", "quality"])

    def test_hyper_parameters_chosen_by_cross_validation(self):
        """Without given values, training keeps the regularisation and the
        balance with the best macro F1 on its own out-of-fold predictions
        (never on the test part)."""
        info = self.model.info
        self.assertEqual(info["calibration_folds"], 3)
        cv_f1 = {
            tuple(float(x) for x in key.split()): f1
            for key, f1 in info["cv_macro_f1"].items()
        }
        self.assertEqual(
            set(cv_f1),
            {
                (alpha, balance)
                for alpha in model_module.ALPHA_GRID
                for balance in model_module.BALANCE_GRID
            },
        )
        best = max(cv_f1.values())
        self.assertEqual(
            (info["alpha"], self.model.balance),
            min(key for key, f1 in cv_f1.items() if f1 == best),
        )
        texts, labels = self.texts[:600], self.labels[:600]
        fixed = TriageModel.train(
            texts, labels, alpha=1e-4, balance=0.3, class_weight_power=0.5
        )
        self.assertEqual((fixed.info["alpha"], fixed.balance), (1e-4, 0.3))
        self.assertEqual(list(fixed.info["cv_macro_f1"]), ["0.0001 0.3"])
        # rare classes can get a larger weight in the SVM, softened by a power
        counts = fixed.info["class_counts"]
        weights = fixed.svm.class_weight
        rare = min(range(len(fixed.labels)), key=lambda i: counts[fixed.labels[i]])
        ratio = max(counts.values()) / counts[fixed.labels[rare]]
        self.assertAlmostEqual(weights[rare], ratio**0.5)
        # two classes: one calibrated score, probabilities still sum to 1
        two = TriageModel.train(texts[:200], ["a"] * 120 + ["b"] * 80)
        self.assertEqual(two.calibration.shape, (2, 1))
        np.testing.assert_allclose(two.predict_proba(texts[:5]).sum(axis=1), 1.0)

    # ------------------------------------------------------------------
    # split and metrics
    # ------------------------------------------------------------------
    def test_stratified_split(self):
        labels = ["a"] * 50 + ["b"] * 30 + ["c"] * 2
        train, test = stratified_split(labels, test_share=0.2, seed=1)
        self.assertFalse(set(train) & set(test))
        self.assertEqual(sorted(train + test), list(range(len(labels))))
        test_labels = [labels[i] for i in test]
        self.assertEqual(test_labels.count("a"), 10)
        self.assertEqual(test_labels.count("b"), 6)
        self.assertEqual(test_labels.count("c"), 1)
        self.assertEqual(stratified_split(labels, 0.2, 1), (train, test))
        self.assertNotEqual(stratified_split(labels, 0.2, 2), (train, test))
        with self.assertRaisesRegex(TriageError, "only one example"):
            stratified_split(["a", "a", "b"], 0.2)
        with self.assertRaises(TriageError):
            stratified_split(labels, 1.5)

    def test_classification_report(self):
        report = classification_report(["a", "a", "b", "b"], ["a", "b", "b", "b"])
        self.assertEqual(report["accuracy"], 0.75)
        self.assertEqual(report["classes"]["a"]["precision"], 1.0)
        self.assertEqual(report["classes"]["a"]["recall"], 0.5)
        self.assertAlmostEqual(report["classes"]["b"]["precision"], 2 / 3)
        self.assertAlmostEqual(report["macro_f1"], (2 / 3 + 0.8) / 2)

    # ------------------------------------------------------------------
    # serialisation
    # ------------------------------------------------------------------
    def test_serialization_round_trip(self):
        blob = self.model.to_bytes()
        header = TriageModel.read_header(blob)
        self.assertEqual(header["format"], "consumer_complaint.triage")
        self.assertEqual(header["version"], 3)
        self.assertEqual(header["sklearn"], model_module.sklearn.__version__)
        self.assertEqual(header["labels"], self.model.labels)
        loaded = TriageModel.from_bytes(blob, sha256=file_sha256(blob))
        self.assertEqual(loaded.labels, self.model.labels)
        texts = self.texts[:100]
        np.testing.assert_array_equal(
            loaded.predict_proba(texts), self.model.predict_proba(texts)
        )
        np.testing.assert_array_equal(loaded.buckets, self.model.buckets)

    def test_bad_model_files(self):
        blob = self.model.to_bytes()
        for bad in (b"", b"not a model", b"\x80\x04K\x01.", b"CCTRIAGE\n[1]\n"):
            with self.assertRaises(TriageError):
                TriageModel.from_bytes(bad)
        # a file of the former engine (gzipped JSON) is refused, not misread
        with self.assertRaisesRegex(TriageError, "train a new model"):
            TriageModel.from_bytes(b"\x1f\x8b\x08\x00" + blob[9:40])
        # the hash recorded with the file must match
        with self.assertRaisesRegex(TriageError, "SHA-256"):
            TriageModel.from_bytes(blob, sha256=file_sha256(blob + b" "))
        # a changed payload is refused before anything is unpickled
        with self.assertRaisesRegex(TriageError, "damaged"):
            TriageModel.from_bytes(blob[:-20] + bytes(20))
        header_end = blob.index(b"\n", 9)
        header = json.loads(blob[9:header_end])
        for key, value, message in (
            ("sklearn", "0.0.1", "scikit-learn 0.0.1"),
            ("version", 1, "version 1"),
            # the engine of before (CalibratedClassifierCV), same library
            ("version", 2, "version 2"),
        ):
            changed = dict(header, **{key: value})
            forged = b"CCTRIAGE\n" + json.dumps(changed).encode() + blob[header_end:]
            with self.assertRaisesRegex(TriageError, message):
                TriageModel.from_bytes(forged)

    def test_similar_case_terms(self):
        """The term ids of a text are stable across models (similar-case
        search stores them) and positive 31-bit integers."""
        indptr, cols, data = self.model.transform(["冷链配送的三文鱼到手冰袋全化了"])
        self.assertEqual(len(indptr), 2)
        self.assertEqual(len(cols), len(data))
        other = TriageModel.train(self.texts[:400], self.labels[:400])
        mine = set(self.model.buckets[cols].tolist())
        _indptr, other_cols, _data = other.transform(["冷链配送的三文鱼到手冰袋全化了"])
        theirs = set(other.buckets[other_cols].tolist())
        self.assertTrue(mine & theirs)
        self.assertTrue(all(0 <= term < 2**31 for term in mine))

    def test_package_does_not_import_odoo(self):
        package_parent = Path(__file__).resolve().parents[1]
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]); import triage; "
            "bad = [m for m in sys.modules if m == 'odoo' or m.startswith('odoo.')]; "
            "sys.exit(1 if bad else 0)"
        )
        result = subprocess.run(
            [sys.executable, "-c", code, str(package_parent)],
            capture_output=True,
            timeout=120,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stderr.decode(errors="replace"))

    # ------------------------------------------------------------------
    # segmentation
    # ------------------------------------------------------------------
    def test_user_dictionary(self):
        tokens = tokenize("收到的东西货不对板，要求退一赔三，冷链也没做好")
        for word in ("货不对板", "退一赔三", "冷链"):
            self.assertIn(word, tokens)
        if "嗦粉神器" not in known_words:  # not yet added by an earlier run
            self.assertNotIn("嗦粉神器", tokenize("这个嗦粉神器坏了"))
            self.assertEqual(add_user_words(["嗦粉神器"]), ["嗦粉神器"])
        self.assertEqual(add_user_words(["嗦粉神器"]), [])
        self.assertIn("嗦粉神器", tokenize("这个嗦粉神器坏了"))
        model = TriageModel.train(
            self.texts[:300], self.labels[:300], user_words=["嗦粉神器", " "]
        )
        self.assertEqual(model.user_words, ["嗦粉神器"])
        self.assertEqual(
            TriageModel.from_bytes(model.to_bytes()).user_words, ["嗦粉神器"]
        )

    def test_normalize_text(self):
        self.assertEqual(normalize_text("ＡＰＰ　退款\n\n１２３１５"), "app 退款 12315")
        # order numbers and phone numbers are masked
        self.assertEqual(
            normalize_text("订单号20240101123456，电话13800138000"), "订单号#,电话#"
        )
        # e-mail addresses too: a trained model's vocabulary keeps none
        self.assertEqual(
            normalize_text("邮箱 Li.Ming+1@mail.example.cn 没回"), "邮箱 @ 没回"
        )

    # ------------------------------------------------------------------
    # grade rules
    # ------------------------------------------------------------------
    def test_default_grade_rules(self):
        self.assertEqual(apply_grade_rules("孩子吃了以后食物中毒，住院了"), "major")
        self.assertEqual(apply_grade_rules("我已经打了１２３１５投诉"), "major")
        self.assertEqual(apply_grade_rules("再不处理就找媒体曝光"), "major")
        self.assertEqual(apply_grade_rules("家里三个人都吃坏了肚子"), "major")
        self.assertEqual(apply_grade_rules("要求退一赔三"), "urgent")
        self.assertEqual(apply_grade_rules("快递晚了48小时"), "urgent")
        self.assertIsNone(apply_grade_rules("包装有点破，希望换货"))
        self.assertIsNone(apply_grade_rules(""))
        # negation: no allergy is no allergy
        self.assertIsNone(apply_grade_rules("吃了没有过敏，就是味道怪"))
        self.assertEqual(apply_grade_rules("吃了没事，后来过敏了"), "major")

    def test_custom_grade_rules(self):
        rules = [("退款", "urgent"), ("曝光", "major"), ("re:超过\\d+天", "urgent")]
        self.assertEqual(apply_grade_rules("退款不给就曝光", rules), "major")
        self.assertEqual(apply_grade_rules("退款慢", rules), "urgent")
        self.assertEqual(apply_grade_rules("已经超过10天了", rules), "urgent")
        self.assertIsNone(apply_grade_rules("态度差", rules))
        self.assertIsNone(apply_grade_rules("食物中毒", []))
        # integer levels (complaint.severity.level) and dict rules
        rules = [{"pattern": "投诉", "grade": 3}, {"pattern": "起诉", "grade": 1}]
        self.assertEqual(apply_grade_rules("投诉之后还要起诉", rules), 1)
        rules = [{"pattern": "过敏", "grade": "major", "negation": False}]
        self.assertEqual(apply_grade_rules("没有过敏", rules), "major")
        for bad in ([("re:([", "major")], [("", "major")], [("退款",)], [("退款", "")]):
            with self.assertRaises(TriageError):
                apply_grade_rules("退款", bad)
        self.assertEqual(
            parse_grade_rules(
                "# comment\n食物中毒 => major\n\nre:超过\\d+天 => urgent\n"
            ),
            [("食物中毒", "major"), ("re:超过\\d+天", "urgent")],
        )
        with self.assertRaises(TriageError):
            parse_grade_rules("食物中毒 major")
        self.assertTrue(all(grade in GRADES for _pattern, grade in DEFAULT_GRADE_RULES))

    def test_engine_proposal(self):
        engine = TriageEngine(self.model)
        proposal = engine.propose("在面包里吃出了一根头发，孩子吃了以后食物中毒住院了")
        self.assertEqual(proposal.category, "quality_foreign")
        self.assertEqual(proposal.team, "quality")
        self.assertEqual(proposal.grade, "major")
        self.assertEqual(proposal.grade_source, "rule")
        self.assertIn("食物中毒", proposal.grade_rules)
        proposal = engine.propose("客服态度太差了，说话很冲还直接挂我电话")
        self.assertEqual(proposal.category, "service_attitude")
        self.assertEqual(
            (proposal.grade, proposal.grade_source), ("normal", "category")
        )
        self.assertEqual(proposal.team, "customer_service")
        self.assertEqual(len(proposal.alternatives), 3)
        # below the confidence threshold: no category, rules still apply
        engine = TriageEngine(self.model, min_confidence=1.01)
        proposal = engine.propose("我要找媒体曝光")
        self.assertIsNone(proposal.category)
        self.assertIsNone(proposal.team)
        self.assertEqual(proposal.grade, "major")
        # no model at all: rules only
        self.assertEqual(TriageEngine().propose("退一赔三").grade, "urgent")
        self.assertIsNone(TriageEngine().propose("你好").grade)
