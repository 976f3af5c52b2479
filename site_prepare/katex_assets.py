"""KaTeX's stylesheet, fonts and copy-tex script, served by the site itself.

copy-tex (KaTeX's own contrib script) makes a copied selection hold each
formula as its TeX source between dollar signs, instead of the characters of
both its HTML and its MathML renderings.
"""

from __future__ import annotations

import re
import shutil

from site_prepare.paths import Project

SITE_FOLDER = "assets/katex"  # site_markdown.katex_math preloads fonts from here
FONT_URL = re.compile(r"url\((fonts/[^)]+)\)")
COPY_TEX = "contrib/copy-tex.min.js"


def copy_katex_assets(project: Project) -> list[str]:
    """Copy what the pages load of KaTeX into ``docs/assets/katex/``."""
    dist = project.root / "node_modules" / "katex" / "dist"
    if not (dist / "katex.min.css").is_file():
        raise FileNotFoundError(
            f"KaTeX is not installed: {dist / 'katex.min.css'} is missing. Run "
            "`npm ci` in the project folder (the Makefile's set-up does)."
        )
    target = project.docs / SITE_FOLDER
    stylesheet = (dist / "katex.min.css").read_text(encoding="utf-8")
    # Browsers load the woff2 files; the woff and ttf fallbacks the stylesheet
    # also names are copied too, so that none of its links is broken.
    fonts = sorted(set(FONT_URL.findall(stylesheet)))
    written = []
    served = [dist / "katex.min.css", dist / COPY_TEX, *(dist / font for font in fonts)]
    for source in served:
        relative = source.relative_to(dist)
        destination = target / relative
        if not destination.is_file() or destination.read_bytes() != source.read_bytes():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
        written.append(f"{SITE_FOLDER}/{relative.as_posix()}")
    return written
