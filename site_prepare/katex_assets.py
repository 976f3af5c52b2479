"""KaTeX's stylesheet, fonts and copy-tex script, served by the site itself.

copy-tex (KaTeX's own contrib script) makes a copied selection hold each
formula as its TeX source between dollar signs, instead of the characters of
both its HTML and its MathML renderings.

The woff2 fonts, which browsers load, keep only the glyphs of the characters
the site's formulas draw (site_markdown.katex_math.FONT_CHARACTERS) and of their
mirror images, which fontTools keeps for right-to-left text. KaTeX declares its
fonts ``font-display: block``: a formula's characters stay invisible until their
font arrives (for up to about 3 s), and on a phone's slow connection the whole
fonts delayed the first screen's formulas.
"""

from __future__ import annotations

import importlib.metadata
import io
import shutil
from pathlib import Path

from site_markdown.katex_math import FONT_CHARACTERS, SITE_KATEX_DIR
from site_markdown.katex_reading import font_files
from site_markdown.katex_renderer import katex_dist
from site_prepare.cached import cached_folder, key_of
from site_prepare.paths import Project

SITE_FOLDER = SITE_KATEX_DIR  # site_markdown.katex_math preloads fonts from here
COPY_TEX = "contrib/copy-tex.min.js"


def copy_katex_assets(project: Project) -> list[str]:
    """Copy what the pages load of KaTeX into ``docs/assets/katex/``."""
    dist = katex_dist(project.root)
    if not (dist / "katex.min.css").is_file():
        raise FileNotFoundError(
            f"KaTeX is not installed: {dist / 'katex.min.css'} is missing. Run "
            "`npm ci` in the project folder (the Makefile's set-up does)."
        )
    target = project.docs / SITE_FOLDER
    stylesheet = (dist / "katex.min.css").read_text(encoding="utf-8")
    # The woff and ttf fallbacks the stylesheet also names are copied whole, so
    # that none of its links is broken.
    fonts = font_files(stylesheet)
    woff2 = [font for font in fonts if font.endswith(".woff2")]
    subsets = subset_fonts(project, [dist / font for font in woff2])
    written = []
    served = [dist / "katex.min.css", dist / COPY_TEX, *(dist / font for font in fonts)]
    for source in served:
        relative = source.relative_to(dist)
        if relative.as_posix() in woff2:
            source = subsets / source.name
        destination = target / relative
        if not destination.is_file() or destination.read_bytes() != source.read_bytes():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
        written.append(f"{SITE_FOLDER}/{relative.as_posix()}")
    return written


def subset_fonts(project: Project, fonts: list[Path]) -> Path:
    """A folder of ``fonts`` cut down to FONT_CHARACTERS, kept from run to run."""
    characters = "".join(sorted(FONT_CHARACTERS))
    key = key_of(
        characters,
        importlib.metadata.version("fonttools"),
        *(font.read_bytes() for font in fonts),
    )

    def make(folder: Path) -> None:
        for font in fonts:
            (folder / font.name).write_bytes(subset_font(font, characters))

    return cached_folder(project.cache / "katex-fonts", key, make)


def subset_font(font: Path, characters: str) -> bytes:
    """The woff2 font ``font`` with the glyphs of ``characters`` (and of their
    mirror images) only."""
    # Imported here: a build whose subsets are kept makes none.
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # The same bytes on every run: the font's modification date is left alone.
    loaded = TTFont(font, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(character) for character in characters])
    subsetter.subset(loaded)
    kept = io.BytesIO()
    loaded.save(kept)
    return kept.getvalue()
