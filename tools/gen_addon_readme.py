"""Generate an addon's README.rst and static/description/index.html from readme/.

The equivalent of OCA's `oca-gen-addon-readme` (OCA/maintainer-tools), which is not
published on PyPI (only installable from its git repository, which CI cannot
reach). It does what that tool does for an addon whose fragments are Markdown:

- readme/DESCRIPTION.md, CONTEXT, INSTALL, CONFIGURE, USAGE, DEVELOP, ROADMAP,
  CONTRIBUTORS, CREDITS and HISTORY are converted to reStructuredText by pandoc
  (GitHub-flavoured Markdown without raw HTML nor automatic identifiers, the
  headings of CONTRIBUTORS and CREDITS shifted one level down), with the pandoc
  of the pinned `pypandoc-binary` so that every machine writes the same bytes;
- they are laid out as OCA lays them out (title, maturity and licence badges,
  description, table of contents, the other fragments, bug tracker, credits),
  from tools/gen_addon_readme.rst.jinja and the manifest;
- the README is checked by docutils (a warning is an error) and rendered to
  static/description/index.html, the page Odoo shows in Apps.

Run by the linters (`--check`: fails when README.rst or index.html differs from
what the fragments give) and by `make readme` (writes them).

    python tools/gen_addon_readme.py [--check] [ADDON_DIR ...]
"""

import argparse
import ast
import re
import sys
import tempfile
from pathlib import Path

import pypandoc
from docutils.core import publish_string
from docutils.utils import SystemMessage
from jinja2 import Template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_suffix(".rst.jinja")
DEFAULT_ADDONS = [ROOT / "gesticlean_support"]

# Fragment name -> heading level of its own titles (2: a section, 3: under Credits)
FRAGMENTS = {
    "DESCRIPTION": 2,
    "CONTEXT": 2,
    "INSTALL": 2,
    "CONFIGURE": 2,
    "USAGE": 2,
    "ROADMAP": 2,
    "DEVELOP": 2,
    "CONTRIBUTORS": 3,
    "CREDITS": 3,
    "HISTORY": 2,
}
MARKDOWN = "gfm-raw_html-gfm_auto_identifiers"

MATURITY_BADGES = {
    "alpha": ("Alpha", "red"),
    "beta": ("Beta", "yellow"),
    "production/stable": ("Production%2FStable", "green"),
    "mature": ("Mature", "brightgreen"),
}
LICENSE_URLS = {
    "AGPL-3": "http://www.gnu.org/licenses/agpl-3.0-standalone.html",
    "LGPL-3": "http://www.gnu.org/licenses/lgpl-3.0-standalone.html",
    "GPL-3": "http://www.gnu.org/licenses/gpl-3.0-standalone.html",
}

# Safe rendering settings of PyPI's readme_renderer, as OCA uses them: no file
# inclusion, no raw HTML, and any docutils warning stops the rendering.
DOCUTILS_SETTINGS = {
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "halt_level": 2,
    "report_level": 2,
    "math_output": "MathJax",
    "smart_quotes": True,
    "syntax_highlight": "short",
    "xml_declaration": False,
    "output_encoding": "utf-8",
}


def read_manifest(addon_dir):
    return ast.literal_eval((addon_dir / "__manifest__.py").read_text("utf-8"))


def fragment_rst(addon_dir, name):
    """The fragment ``name`` as reStructuredText, or None when it is absent or empty."""
    md_path = addon_dir / "readme" / f"{name}.md"
    rst_path = addon_dir / "readme" / f"{name}.rst"
    if md_path.exists() and rst_path.exists():
        raise SystemExit(f"{addon_dir.name}/readme: both {name}.md and {name}.rst")
    if rst_path.exists():
        text = rst_path.read_text("utf-8")
    elif md_path.exists():
        text = pypandoc.convert_text(
            md_path.read_text("utf-8"),
            "rst",
            format=MARKDOWN,
            extra_args=[f"--shift-heading-level-by={FRAGMENTS[name] - 2}"],
            sandbox=True,
        )
    else:
        return None
    text = text.strip()
    return text + "\n" if text else None


def badges(manifest):
    result = []
    status = manifest.get("development_status", "Beta").lower()
    if status in MATURITY_BADGES:
        label, colour = MATURITY_BADGES[status]
        result.append(
            (
                f"https://img.shields.io/badge/maturity-{label}-{colour}.png",
                "https://odoo-community.org/page/development-status",
                label.replace("%2F", "/"),
            )
        )
    licence = manifest.get("license")
    if licence in LICENSE_URLS:
        result.append(
            (
                "https://img.shields.io/badge/license-"
                f"{licence.replace('-', '--')}-blue.png",
                LICENSE_URLS[licence],
                f"License: {licence}",
            )
        )
    return result


def render_readme(addon_dir):
    manifest = read_manifest(addon_dir)
    fragments = {}
    for name in FRAGMENTS:
        text = fragment_rst(addon_dir, name)
        if text:
            fragments[name] = text
    if "DESCRIPTION" not in fragments:
        raise SystemExit(f"{addon_dir.name}/readme/DESCRIPTION.md is missing")
    template = Template(
        TEMPLATE.read_text("utf-8"), keep_trailing_newline=True, autoescape=False
    )
    readme = template.render(
        manifest=manifest,
        authors=[author.strip() for author in manifest["author"].split(",")],
        badges=badges(manifest),
        development_status=manifest.get("development_status", "Beta").lower(),
        fragments=fragments,
    )
    # One blank line between blocks, one newline at the end
    return re.sub(r"\n{3,}", "\n\n", readme).strip() + "\n"


def render_index(readme):
    """README.rst as the HTML page of Odoo's Apps (fails on any docutils warning)."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            html = publish_string(
                readme,
                source_path=str(Path(tmp) / "README.rst"),
                writer_name="html4css1",
                settings_overrides={**DOCUTILS_SETTINGS, "warning_stream": False},
            )
        except SystemMessage as error:
            lineno = re.search(r":(\d+): ", str(error))
            lines = readme.splitlines()
            context = ""
            if lineno:
                start = max(int(lineno[1]) - 3, 0)
                context = "\n".join(lines[start : int(lineno[1]) + 1])
            raise SystemExit(
                "The README generated from readme/ is not valid reStructuredText "
                f"(check the Markdown of the fragment):\n{error}\n{context}"
            ) from None
    # The docutils version would change the page at each docutils upgrade
    return re.sub(rb"(<meta.*generator.*Docutils)\s*[\d.]+", rb"\1", html)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("addons", nargs="*", type=Path, default=DEFAULT_ADDONS)
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; fail when a generated file is not up to date",
    )
    args = parser.parse_args()
    stale = []
    for addon_dir in args.addons:
        addon_dir = addon_dir.resolve()
        readme = render_readme(addon_dir)
        generated = {
            addon_dir / "README.rst": readme.encode("utf-8"),
            addon_dir / "static" / "description" / "index.html": render_index(readme),
        }
        for path, content in generated.items():
            if path.exists() and path.read_bytes() == content:
                continue
            if args.check:
                stale.append(path.relative_to(ROOT))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
                print(f"Wrote {path.relative_to(ROOT)}")
    if stale:
        print(
            "Not up to date with readme/ and the manifest: "
            + ", ".join(map(str, stale))
            + "\nRun `make readme` and commit the result."
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
