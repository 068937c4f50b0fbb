# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cross-addon tests, run by pytest-odoo against the database the test
command has just built with the four addons (``scripts/test.sh``)."""
