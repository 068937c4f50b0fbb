# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import re
import zipfile
from datetime import datetime
from xml.etree import ElementTree

from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

from .common import insert_complaints

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# Texts staff type (team, category, product names, batch numbers) that a
# spreadsheet would run if they were written as formulas.
HOSTILE = {
    "team": '=HYPERLINK("http://evil.example/t","Team")',
    "category": "=1+2+cmd|' /C calc'!A0",
    "main_category": "+SUM(1,2)",
    "product": "@SUM(1+1)*cmd|' /C notepad'!A1",
    "lot": '=HYPERLINK("http://evil.example/l","L1")',
    "url": "http://evil.example/plain",
}


@tagged("post_install", "-at_install")
class TestHealthXlsxText(TransactionCase):
    """Every text cell of the monthly workbook is a string, on every sheet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.analyst = new_test_user(
            cls.env,
            "xlsx_text_analyst",
            groups="consumer_complaint.group_complaint_analyst",
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": HOSTILE["team"], "is_complaint_team": True}
        )
        Category = cls.env["helpdesk.ticket.category"]
        main = Category.create({"name": HOSTILE["main_category"]})
        category = Category.create({"name": HOSTILE["category"], "parent_id": main.id})
        product = cls.env["product.product"].create({"name": HOSTILE["product"]})
        region = cls.env["res.country.state"].search(
            [("country_id.code", "=", "CN")], limit=1
        )
        stage = cls.env["helpdesk.ticket.stage"]._complaint_stage("archived")
        created = datetime(2031, 3, 10, 4, 0)
        insert_complaints(
            cls.env,
            [
                dict(
                    create_date=created,
                    team_id=team.id,
                    stage_id=stage.id,
                    category_id=category.id,
                    region_id=region.id,
                    product_id=product.id,
                    lot_ref=lot,
                    first_response_date=created,
                    compensation_amount=10,
                    amount_paid=20,
                )
                for lot in (HOSTILE["lot"], HOSTILE["url"])
            ],
        )

    def test_formula_looking_text_stays_text(self):
        wizard = (
            self.env["complaint.health.report"]
            .with_user(self.analyst)
            .create({"year": 2031, "month": "3"})
        )
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.analyst)
            ._render_xlsx("complaint_reports.health_xlsx", wizard.ids, None)
        )
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if re.match(r"xl/(worksheets/sheet\d+|sharedStrings)\.xml$", name)
        }
        sheets = [name for name in parts if "worksheets" in name]
        self.assertEqual(len(sheets), 8)
        formulas = [
            f for name in sheets for f in re.findall(r"<f>(.*?)</f>", parts[name])
        ]
        # Only the totals of the compensation sheet are formulas.
        self.assertTrue(formulas)
        self.assertTrue(all(f.startswith("SUM(") for f in formulas), formulas)
        for name in sheets:
            self.assertNotIn("<hyperlink", parts[name], name)
        # The texts are there, as text (inline or shared strings).
        texts = {
            node.text
            for xml in parts.values()
            for node in ElementTree.fromstring(xml).iter(f"{{{MAIN_NS}}}t")
        }
        for key, value in HOSTILE.items():
            with self.subTest(text=key):
                self.assertIn(value, texts)
