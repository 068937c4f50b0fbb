# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``odoo-bin complaint-triage``: output format and exit codes."""

import io
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import odoo
from odoo.cli.command import commands
from odoo.tests import tagged
from odoo.tests.common import BaseCase
from odoo.tools import config

from ..cli.complaint_triage import ComplaintTriage, main
from ..triage import CATEGORY_KEYS, TriageModel

LAST_LINE = re.compile(r"^accuracy=0\.\d{4} macro_f1=0\.\d{4}$")
MODULE_DIR = Path(os.path.abspath(__file__)).parents[1]


def _addons_path():
    """The addons path of this server, plus the directory of this module."""
    paths = [
        p.strip() for p in (config.get("addons_path") or "").split(",") if p.strip()
    ]
    paths.append(str(MODULE_DIR.parent))
    result = []
    for path in paths:
        path = os.path.abspath(path)
        if os.path.isdir(path) and path not in result:
            result.append(path)
    return ",".join(result)


def _odoo_command():
    odoo_bin = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
    if odoo_bin.is_file():
        return [sys.executable, str(odoo_bin)]
    return [sys.executable, "-c", "import odoo.cli; odoo.cli.main()"]


@tagged("complaint_triage")
class TestTriageCli(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.addClassCleanup(cls.tmp.cleanup)
        cls.csv = os.path.join(cls.tmp.name, "complaints.csv")
        starter = MODULE_DIR / "demo" / "complaint_triage_starter.csv"
        with open(starter, encoding="utf-8") as source:
            lines = source.readlines()[:901]
        with open(cls.csv, "w", encoding="utf-8") as target:
            target.writelines(lines)

    def _path(self, name):
        return os.path.join(self.tmp.name, name)

    def _odoo_bin(self, *args):
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        return subprocess.run(
            [
                *_odoo_command(),
                f"--addons-path={_addons_path()}",
                "complaint-triage",
                *args,
            ],
            capture_output=True,
            timeout=600,
            check=False,
            env=env,
        )

    def _main(self, *args, stdin=""):
        out, err = io.StringIO(), io.StringIO()
        code = main(list(args), stdout=out, stderr=err, stdin=io.StringIO(stdin))
        return code, out.getvalue(), err.getvalue()

    def test_command_is_registered(self):
        self.assertIs(commands.get("complaint-triage"), ComplaintTriage)

    def test_evaluate_through_odoo_bin(self):
        result = self._odoo_bin("evaluate", "--csv", self.csv)
        stdout = result.stdout.decode("utf-8")
        self.assertEqual(result.returncode, 0, result.stderr.decode("utf-8", "replace"))
        lines = stdout.strip().splitlines()
        self.assertRegex(lines[-1], LAST_LINE)
        accuracy = float(lines[-1].split()[0].split("=")[1])
        self.assertGreater(accuracy, 0.7)
        # one line per class with its precision and recall
        for label in CATEGORY_KEYS:
            row = next((line for line in lines if line.startswith(label + " ")), None)
            self.assertIsNotNone(row, label)
            self.assertRegex(row, rf"^{label}\s+[01]\.\d{{4}}\s+[01]\.\d{{4}}")
        self.assertIn("precision", stdout)
        self.assertIn("recall", stdout)
        self.assertRegex(
            lines[-2],
            r"^coverage at 95% precision: [01]\.\d{4} \(threshold [01]\.\d{4}; "
            r"precision of those [01]\.\d{4}\)$",
        )

    def test_missing_column_through_odoo_bin(self):
        result = self._odoo_bin(
            "evaluate", "--csv", self.csv, "--label-column", "category"
        )
        self.assertEqual(result.returncode, 2)
        stderr = result.stderr.decode("utf-8").strip()
        self.assertNotIn("Traceback", stderr)
        # reportlab, imported by Odoo, may print a font warning of its own.
        lines = [
            line
            for line in stderr.splitlines()
            if not line.startswith("Warn: Can't find")
        ]
        self.assertEqual(len(lines), 1, stderr)
        self.assertIn("'category'", stderr)

    def test_evaluate_options(self):
        args = (
            "evaluate",
            "--csv",
            self.csv,
            "--seed",
            "7",
            "--test-share",
            "0.3",
            "--target-precision",
            "0.8",
            "--balance",
            "0",
            "--confusions",
            "2",
        )
        code, out, err = self._main(*args)
        self.assertEqual(code, 0, err)
        lines = out.strip().splitlines()
        self.assertRegex(lines[-1], LAST_LINE)
        self.assertTrue(any(x.startswith("coverage at 80% precision: ") for x in lines))
        self.assertIn("seed 7", out)
        # the balance given, the regularisation chosen on the training rows
        self.assertRegex(
            lines[1],
            r"alpha 0\.\d+ \(best macro F1 in a 3-fold cross-validation on the "
            r"training rows\), balance 0$",
        )
        self.assertIn("most frequent confusions", out)
        # same seed, same output figures
        code2, out2, _err = self._main(*args)
        self.assertEqual(code2, 0)
        self.assertEqual(out.splitlines()[2:], out2.splitlines()[2:])

    def test_errors_exit_2(self):
        lonely = self._path("lonely.csv")
        with open(lonely, "w", encoding="utf-8") as handle:
            handle.write(
                "text,label\n快递太慢,delivery_late\n快递一直没到,delivery_late\n"
                "客服态度差,service_attitude\n"
            )
        gbk = self._path("gbk.csv")
        with open(gbk, "w", encoding="gb18030") as handle:
            handle.write("内容,类别\n快递太慢,延迟\n")
        cases = [
            (("evaluate", "--csv", self._path("missing.csv")), "file not found"),
            (("evaluate", "--csv", self.csv, "--text-column", "body"), "'body'"),
            (("evaluate", "--csv", lonely), "only one example"),
            (("evaluate", "--csv", gbk), "'text' not found"),
            (("evaluate", "--csv", self.csv, "--test-share", "1.5"), "test-share"),
            (("evaluate", "--csv", self.csv, "--balance", "2"), "balance"),
            (("evaluate",), "--csv"),
            (("predict", "--model", self._path("missing.model")), "file not found"),
            (("frobnicate",), "invalid choice"),
        ]
        for args, message in cases:
            code, _out, err = self._main(*args)
            self.assertEqual(code, 2, args)
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            self.assertIn(message, err, args)
        bad_model = self._path("bad.model")
        with open(bad_model, "wb") as handle:
            handle.write(b"\x80\x04K\x01.")
        code, _out, err = self._main("predict", "--model", bad_model, stdin="退款\n")
        self.assertEqual(code, 2)
        self.assertIn("not a model file of this version", err)

    def test_train_and_predict(self):
        model_path = self._path("triage.model")
        code, out, err = self._main("train", "--csv", self.csv, "--out", model_path)
        self.assertEqual(code, 0, err)
        self.assertIn("15 labels", out)
        # by default both are chosen by cross-validation
        self.assertRegex(
            out,
            r"alpha 0\.\d+, balance [01](\.\d)? \(best macro F1 in a 3-fold "
            r"cross-validation on the training rows\)",
        )
        with open(model_path, "rb") as handle:
            model = TriageModel.from_bytes(handle.read())
        texts = ["冷链配送的三文鱼到手冰袋全化了", "申请退款两周了钱还没到账", ""]
        code, out, err = self._main(
            "predict", "--model", model_path, stdin="\n".join(texts) + "\n"
        )
        self.assertEqual(code, 0, err)
        lines = out.splitlines()
        self.assertEqual(len(lines), 3)
        for text, line in zip(texts, lines, strict=True):
            label, confidence = line.split("\t")
            expected_label, expected_confidence = model.predict(text)
            self.assertEqual(label, expected_label)
            self.assertEqual(confidence, f"{expected_confidence:.4f}")
        self.assertEqual(lines[0].split("\t")[0], "delivery_coldchain")
