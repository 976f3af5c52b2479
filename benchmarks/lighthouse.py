"""Lighthouse's mobile scores for every page: the site against the theme as it comes.

Builds three sites from copies of the project, from the same Markdown:

- the site: the project as it is;
- without its speed changes: the site with the theme's own palette component,
  without ``content.lazy`` (THEME_CHANGES), with every code block and table laid
  out at once (DEFERRED_LAYOUT) and with KaTeX's whole fonts, the figures that
  justify the four;
- the anchor: the client-side KaTeX site of benchmarks/reading.py (KaTeX started
  on each page as mkdocs-material's "Math" page documents it), without the speed
  changes either, KaTeX's whole fonts included: mkdocs-material as it comes, with
  math rendered in the browser.

All are served on 127.0.0.1 with their text gzipped (GZIPPED_TYPES), as web
hosts commonly serve text; the published site's own host is not measured here.
Lighthouse (node_modules, pinned in package-lock.json) runs on every page of
each, in its default mobile mode (simulated slow 4G and a 4x slower CPU),
driving the system Chromium; pages and
sites take turns, round by round. It prints the median of each page's
performance, accessibility, best-practices and SEO scores, first and largest
contentful paint, total blocking time, layout shift and DOM size, and the goals:
every page at least 90 for performance, with TBT at most 200 ms and LCP at most
2.5 s, and 100 for the other three categories.

    .venv/bin/python benchmarks/lighthouse.py --rounds 3
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from benchmarks import reading  # noqa: E402
from benchmarks import report as reports  # noqa: E402
from benchmarks.building import without_theme_changes  # noqa: E402
from benchmarks.reading import GZIP_LEVEL  # noqa: E402
from site_markdown.katex_math import SITE_KATEX_DIR as KATEX_FOLDER  # noqa: E402
from site_markdown.katex_renderer import katex_dist  # noqa: E402
from site_prepare.local_browser import CHROMIUM, QuietHandler, serve  # noqa: E402
from site_prepare.pages import nav_pages, page_id, page_url  # noqa: E402
from site_tools.builds import build  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
# Every page of the site, in the nav's order.
PAGES = nav_pages()
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Lighthouse's audits of the figures, by the id its report gives each.
METRICS = {
    "fcp": "first-contentful-paint",
    "lcp": "largest-contentful-paint",
    "tbt": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "dom": "dom-size",
}
STYLESHEET = Path("docs/stylesheets/readable.css")
# The rule of the site's stylesheet that lays out a code block or a table as it
# nears the screen.
DEFERRED_LAYOUT = """
@media screen {
  .md-typeset .highlight,
  .md-typeset .md-typeset__scrollwrap,
  .md-typeset > table:not([class]),
  .md-typeset :not(.md-typeset__table) > table:not([class]) {
    content-visibility: auto;
    contain-intrinsic-size: auto 12em;
  }
}
"""
WHOLE_FONTS = katex_dist(ROOT) / "fonts"
LOWEST_SCORE = 90
FULL_SCORE = 100
# Lighthouse's scores are whole numbers out of 100.
PERFORMANCE = reports.Goal(
    f"performance at least {LOWEST_SCORE}, every page",
    LOWEST_SCORE,
    True,
    digits=0,
    floor=True,
)
BLOCKING = reports.Goal(
    "total blocking time at most 200 ms, every page", 200, True, " ms", 0
)
LARGEST_PAINT = reports.Goal(
    "largest contentful paint at most 2.5 s, every page", 2.5, True, " s", 1
)


# Text is gzipped; images and fonts are compressed already.
GZIPPED_TYPES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class GzipHandler(QuietHandler):
    """Serves the site's text gzipped to a browser that accepts it, as web hosts
    commonly do."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the redirect to the folder's address
            path = path / "index.html"
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepted and path.suffix in GZIPPED_TYPES and path.is_file()):
            return super().do_GET()
        body = gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@functools.cache
def gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), GZIP_LEVEL)


@dataclass(frozen=True)
class Run:
    """One Lighthouse run of one page: scores out of 100, times in ms."""

    scores: dict[str, float]
    fcp: float
    lcp: float
    tbt: float
    cls: float
    dom: float


def from_report(report: dict) -> Run:
    """The figures of one Lighthouse JSON report; an error if the run failed."""
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse failed: {report['runtimeError']}")
    scores = {}
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        if score is None:
            raise RuntimeError(f"Lighthouse gave no {category} score")
        scores[category] = 100 * score
    audits = report["audits"]
    return Run(
        scores,
        **{name: audits[audit]["numericValue"] for name, audit in METRICS.items()},
    )


def lighthouse(url: str, folder: Path) -> Run:
    """Run Lighthouse's default mobile audit of ``url`` in the system Chromium."""
    output = folder / "report.json"
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        check=True,
        capture_output=True,
        text=True,
    )
    return from_report(json.loads(output.read_text(encoding="utf-8")))


SITE, UNCHANGED, ANCHOR = "site", "without its speed changes", "anchor"


def without_speed_changes(project: Path) -> None:
    """Undo, in the copy ``project``, the changes the site makes for speed."""
    config = project / "mkdocs.yml"
    config.write_text(without_theme_changes(config.read_text("utf-8")), "utf-8")
    stylesheet = project / STYLESHEET
    stylesheet.write_text(
        reports.replace_once(
            stylesheet.read_text("utf-8"), DEFERRED_LAYOUT, "\n", STYLESHEET
        ),
        "utf-8",
    )


def with_whole_fonts(site: Path) -> None:
    """KaTeX's fonts as KaTeX ships them, in place of the site's cut-down ones."""
    for font in WHOLE_FONTS.glob("*.woff2"):
        shutil.copyfile(font, site / KATEX_FOLDER / "fonts" / font.name)


def build_sites(folder: Path) -> dict[str, Path]:
    sites = {}
    for name, variant, keeps_speed_changes in [
        (SITE, reading.BUILD_TIME_KATEX, True),
        (UNCHANGED, reading.BUILD_TIME_KATEX, False),
        (ANCHOR, reading.CLIENT_KATEX, False),
    ]:
        place = folder / variant.folder / ("kept" if keeps_speed_changes else "theme")
        project = reading.prepare_project(variant, place)
        if not keeps_speed_changes:
            without_speed_changes(project)
        built = build(project, place / "site", cwd=project)
        if built.returncode:
            raise RuntimeError(f"the {name} site does not build:\n{built.log}")
        if not keeps_speed_changes:
            with_whole_fonts(built.site)
        reports.progress(f"lighthouse: built the {name} site")
        sites[name] = built.site
    return sites


Runs = dict[tuple[str, Path], list[Run]]


def measure_rounds(urls: dict[str, str], rounds: int, folder: Path) -> Runs:
    runs: Runs = {}
    for round_number in range(rounds):
        for page in PAGES:
            for name in reports.rotated(list(urls), round_number):
                run = lighthouse(urls[name] + page_url(page), folder)
                runs.setdefault((name, page), []).append(run)
                reports.progress(
                    f"lighthouse {round_number + 1}/{rounds} {name} {page_id(page)}: "
                    f"{run.scores['performance']:.0f}, TBT {run.tbt:.0f} ms, "
                    f"LCP {run.lcp / 1000:.1f} s"
                )
    return runs


def median(runs: list[Run], figure: str) -> float:
    if figure in CATEGORIES:
        return statistics.median(run.scores[figure] for run in runs)
    return statistics.median(getattr(run, figure) for run in runs)


def report(runs: Runs, rounds: int) -> str:
    def both(page: Path, figure: str, shown, other: str = ANCHOR) -> str:
        site, compared = (median(runs[name, page], figure) for name in (SITE, other))
        return f"{shown(site)} ({shown(compared)})"

    def seconds(ms: float) -> str:
        return f"{ms / 1000:.1f}"

    rows = [
        [
            page_id(page),
            both(page, "performance", "{:.0f}".format),
            both(page, "fcp", seconds),
            both(page, "lcp", seconds),
            both(page, "tbt", "{:.0f}".format),
            both(page, "cls", "{:.3f}".format),
            both(page, "dom", "{:.0f}".format),
        ]
        for page in PAGES
    ]
    changes = [
        [
            page_id(page),
            both(page, "performance", "{:.0f}".format, UNCHANGED),
            both(page, "tbt", "{:.0f}".format, UNCHANGED),
            both(page, "lcp", seconds, UNCHANGED),
        ]
        for page in PAGES
    ]
    site = {page: runs[SITE, page] for page in PAGES}

    def extreme(figure: str, pick) -> tuple[float, str]:
        """The lowest or highest median of ``figure`` over the pages, and its page."""
        page = pick(site, key=lambda page: median(site[page], figure))
        return median(site[page], figure), page_id(page)

    def where(verdict: str, page: str) -> str:
        """The page that misses a goal; none where every page meets it."""
        return "" if verdict == "met" else f", `{page}`"

    lowest, lowest_page = extreme("performance", min)
    blocking, blocking_page = extreme("tbt", max)
    painted, painted_page = extreme("lcp", max)
    painted /= 1000
    verdicts = [
        reports.verdict(lowest, PERFORMANCE),
        reports.verdict(blocking, BLOCKING),
        reports.verdict(painted, LARGEST_PAINT),
    ]
    goals = [
        f"- {PERFORMANCE.description}: **{verdicts[0]}** "
        f"(lowest {lowest:.0f}{where(verdicts[0], lowest_page)})",
        f"- {BLOCKING.description}: **{verdicts[1]}** "
        f"(longest {blocking:.0f} ms{where(verdicts[1], blocking_page)})",
        f"- {LARGEST_PAINT.description}: **{verdicts[2]}** "
        f"(latest {painted:.1f} s{where(verdicts[2], painted_page)})",
    ]
    for category in CATEGORIES[1:]:
        least, least_page = extreme(category, min)
        full = reports.Goal(
            f"{category} {FULL_SCORE}, every page",
            FULL_SCORE,
            True,
            digits=0,
            floor=True,
        )
        verdict = reports.verdict(least, full)
        goals.append(
            f"- {full.description}: **{verdict}** "
            f"(lowest {least:.0f}{where(verdict, least_page)})"
        )
    return "\n\n".join(
        [
            f"Lighthouse {lighthouse_version()} in its default mobile mode (simulated "
            "slow 4G, a 4x slower CPU) on every page, served from 127.0.0.1 with its "
            "text gzipped: the "
            f"median of {rounds} runs each, the site first and in brackets the "
            "anchor, mkdocs-material as it comes with KaTeX rendered in the "
            "browser as its documentation sets it up, measured in the same run. "
            "Times in seconds but TBT, in milliseconds; DOM size in elements.",
            reports.markdown_table(
                ["page", "performance", "FCP", "LCP", "TBT", "CLS", "DOM size"], rows
            ),
            "Goals, for the site:",
            "\n".join(goals),
            "The site makes four changes for speed, and readers keep every "
            "feature (but for Safari 18 to 25, whose find-in-page misses code "
            "blocks and tables below the screen). Its own light/dark switch "
            "(docs/javascripts/palette.js) "
            "replaces the theme's palette component, which restyles every element "
            "of the page three times while it loads: it marks `<body>` with an "
            "attribute that rules of the theme's stylesheet match on every "
            "element, and adds, then fills, a colour-scheme `<meta>`. The theme's "
            "`content.lazy` flag, which its documentation does not list, gives "
            "each code block its copy button and tooltip as it comes into view "
            "instead of all at once. A code block or a table is styled and laid "
            "out only as it nears the screen (`content-visibility: auto`, "
            "docs/stylesheets/readable.css): as it starts, the theme's script "
            "changes the classes of `<html>`, which makes the browser restyle "
            "every element of the page, and moves every table into a scrolling "
            "box; each time it then measures the page, and the browser restyles "
            "and lays out at once what changed, every token of every code block "
            "and every cell of every table included. A box the rule defers is "
            "left out until it nears the screen. "
            "And KaTeX's fonts keep only the glyphs the site's formulas draw "
            "(site_prepare/katex_assets.py): KaTeX declares its fonts "
            "`font-display: block`, so a formula stays invisible until its fonts "
            "arrive, and the whole fonts held back the first screen's formulas. "
            "In brackets, the same site without the four "
            "changes, from the same runs:",
            reports.markdown_table(["page", "performance", "TBT", "LCP"], changes),
        ]
    )


def lighthouse_version() -> str:
    manifest = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def section(rounds: int = 3) -> str:
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lh-")))
        sites = build_sites(folder)
        urls = {
            name: stack.enter_context(serve(site, GzipHandler))
            for name, site in sites.items()
        }
        return report(measure_rounds(urls, rounds, folder), rounds)


def main() -> None:
    parser = reports.rounds_parser(
        __doc__.split("\n\n")[0], "Lighthouse runs of each page"
    )
    reports.print_timed(lambda: section(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
