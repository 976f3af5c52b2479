"""Golden files: each extension's HTML for a small page, kept beside its Markdown.

``tests/golden/<extension>/<case>.md`` is converted with mkdocs.yml's extensions
as the page ``docs/autograd/<case>.md`` of this project, and must give exactly
``<case>.html``. ``pytest --update-golden`` (``make update-golden``) writes what
the extensions give now instead, for review with ``git diff tests/golden``.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from examples import ROOT
from markdown_pages import page_markdown

GOLDEN = ROOT / "tests" / "golden"


class StaleGolden(AssertionError):
    """An extension's HTML is no longer what its golden file holds."""


def cases() -> list[Path]:
    return sorted(GOLDEN.glob("*/*.md"))


def converted(case: Path) -> str:
    page = (f"autograd/{case.stem}.md", f"autograd/{case.stem}/")
    return page_markdown(ROOT, page).convert(case.read_text(encoding="utf-8")) + "\n"


def check(case: Path, update: bool = False) -> str | None:
    """Compare the HTML of ``case`` with its golden file, or rewrite the file."""
    golden = case.with_suffix(".html")
    html = converted(case)
    kept = golden.read_text(encoding="utf-8") if golden.is_file() else None
    if html == kept:
        return None
    if update:
        golden.write_text(html, encoding="utf-8")
        return f"rewrote {golden.relative_to(case.parent.parent)}"
    name = golden.relative_to(case.parent.parent)
    if kept is None:
        raise StaleGolden(f"{name} is missing; write it with `make update-golden`")
    diff = difflib.unified_diff(
        kept.splitlines(keepends=True),
        html.splitlines(keepends=True),
        f"{name} (kept)",
        f"{name} (converted now)",
    )
    raise StaleGolden(
        f"{name} is not what the extensions make of {case.name}:\n{''.join(diff)}\n"
        "If the change is intended, rewrite it with `make update-golden` and review "
        "the diff."
    )
