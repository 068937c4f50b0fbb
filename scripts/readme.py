#!/usr/bin/env python3
"""Build each addon's README.rst from its readme/ fragments (as OCA does).

python3 scripts/readme.py            # every addon
python3 scripts/readme.py ADDON ...  # some of them
"""

import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SECTIONS = [
    ("DESCRIPTION.md", "Description"),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("TRIAGE.md", "Automatic triage"),
    ("CONTRIBUTORS.md", "Contributors"),
]
BADGE = """.. |license| image:: https://img.shields.io/badge/licence-AGPL--3-blue.png
    :target: http://www.gnu.org/licenses/agpl-3.0-standalone.html
    :alt: License: AGPL-3"""


def build(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    title = manifest["name"]
    parts = [
        "=" * len(title),
        title,
        "=" * len(title),
        "",
        ".. This file is generated from the readme/ fragments; edit those instead.",
        "",
        "|license|",
        "",
        BADGE,
        "",
    ]
    for filename, heading in SECTIONS:
        fragment = addon / "readme" / filename
        if not fragment.exists():
            continue
        parts += [heading, "-" * len(heading), "", fragment.read_text().strip(), ""]
    (addon / "README.rst").write_text("\n".join(parts))


def main(names):
    addons = [ROOT / n for n in names] or sorted(
        p.parent for p in ROOT.glob("*/__manifest__.py")
    )
    for addon in addons:
        build(addon)
        print(f"{addon.name}/README.rst")


if __name__ == "__main__":
    main(sys.argv[1:])
