"""How fast a reader sees the math of each answer page: build-time KaTeX against the
client-side KaTeX and MathJax set-ups mkdocs-material documents.

The benchmark builds three sites from copies of the project, from the same Markdown:

- build-time KaTeX: the project as it is (the extension ``site_markdown.katex_math``
  renders every formula while the site is built; no script renders math);
- client KaTeX: that extension removed, KaTeX and its auto-render served from the
  site and started from ``javascripts/katex.js`` in ``document$.subscribe``, as
  mkdocs-material's "Math" page documents it (with only the delimiters arithmatex
  writes), with the site's cut-down fonts;
- client MathJax: likewise with MathJax 3's ``tex-mml-chtml.js`` and the documented
  ``javascripts/mathjax.js`` configuration, its fonts served from the site.

Each site is served on 127.0.0.1 and every answer page of every variant is opened in
headless Chromium in a new browser context (cold cache), the variants interleaved
round by round. For each load it records, in the page itself: the time from navigation
start until every formula is rendered and the fonts are loaded; the cumulative layout
shift one second later; and, from the browser context, the requests made (the search
worker's too) and their bytes as served (raw, and gzip level 6), and whether any
JavaScript that renders math was loaded. It prints medians and the ratios of the
median times, measured in the same run, against the goals (time to math at most
0.8x client KaTeX and at most 0.5x MathJax, layout shift under 0.01, no script that
renders math) as Markdown:

    .venv/bin/python benchmarks/reading.py --rounds 5

Progress goes to stderr. ``section()`` returns the same Markdown for another script.
KaTeX and MathJax come from ``node_modules`` (``npm ci``); the variants copy what they
serve from there into their copy of ``docs/`` when the benchmark runs.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Browser, BrowserContext, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from benchmarks.report import (  # noqa: E402
    Goal,
    markdown_table,
    print_timed,
    progress,
    replace_once,
    rotated,
    rounds_parser,
    verdict,
)
from site_prepare.local_browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_FLAGS,
    DESKTOP,
    serve,
)
from site_prepare.pages import page_id, page_url, question_pages  # noqa: E402
from site_tools.builds import build, copy_project, formulas_in  # noqa: E402

ANSWER_PAGES = question_pages()
NODE_MODULES = ROOT / "node_modules"
KATEX_DIST = NODE_MODULES / "katex" / "dist"
MATHJAX_ES5 = NODE_MODULES / "mathjax" / "es5"

READY_TIMEOUT_MS = 30_000
# Layout shift is read this long after time to math, so that late shifts count.
SHIFT_SETTLE_MS = 1_000
GZIP_LEVEL = 6

# mkdocs-material's katex.js, started on every page (document$), with only the
# delimiters pymdownx.arithmatex (generic) writes. The documented file also lists
# $...$ and $$...$$: arithmatex has already turned every formula into \(...\) or
# \[...\], so those pairs could only match a dollar sign in prose (a price), and
# render it as math.
KATEX_STARTER = r"""document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true }
    ],
  })
})
"""

# mkdocs-material's mathjax.js, as documented.
MATHJAX_STARTER = r"""window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex"
  }
};

document$.subscribe(() => {
  MathJax.startup.output.clearCache()
  MathJax.typesetClear()
  MathJax.texReset()
  MathJax.typesetPromise()
})
"""


@dataclass(frozen=True)
class Variant:
    """One way of rendering the site's math, as changes to a copy of the project."""

    name: str
    folder: str
    formula: str  # CSS selector of the element holding one rendered formula
    drops_katex_extension: bool = False
    # Path under docs/ -> file or folder in node_modules copied there.
    copied: dict[str, Path] = field(default_factory=dict)
    # Path under docs/ -> text written there.
    written: dict[str, str] = field(default_factory=dict)
    extra_javascript: tuple[str, ...] = ()
    extra_css: tuple[str, ...] = ()


BUILD_TIME_KATEX = Variant("build-time KaTeX", "build-time-katex", formula=".katex")
CLIENT_KATEX = Variant(
    "client KaTeX",
    "client-katex",
    formula=".katex",
    drops_katex_extension=True,
    # The folder the build-time site serves KaTeX's stylesheet and fonts from.
    # The stylesheet and fonts are the site's own already (site_prepare): its woff2
    # fonts cut to the characters the formulas draw, as the build-time site's are.
    copied={
        "assets/katex/katex.min.js": KATEX_DIST / "katex.min.js",
        "assets/katex/contrib/auto-render.min.js": KATEX_DIST
        / "contrib"
        / "auto-render.min.js",
    },
    written={"javascripts/katex.js": KATEX_STARTER},
    extra_javascript=(
        "javascripts/katex.js",
        "assets/katex/katex.min.js",
        "assets/katex/contrib/auto-render.min.js",
    ),
)
CLIENT_MATHJAX = Variant(
    "client MathJax",
    "client-mathjax",
    formula="mjx-container",
    drops_katex_extension=True,
    # The whole es5/ folder: tex-mml-chtml.js finds its fonts (output/chtml/fonts/)
    # and any component it loads later relative to its own address.
    copied={"assets/mathjax": MATHJAX_ES5},
    written={"javascripts/mathjax.js": MATHJAX_STARTER},
    extra_javascript=("javascripts/mathjax.js", "assets/mathjax/tex-mml-chtml.js"),
)
VARIANTS = (BUILD_TIME_KATEX, CLIENT_KATEX, CLIENT_MATHJAX)

KATEX_EXTENSION = (
    "  - site_markdown.katex_math:\n      project_dir: !relative $config_dir\n"
)


def append_to_list(text: str, key: str, items: Sequence[str]) -> str:
    """Add ``items`` at the end of the top-level YAML list ``key``, creating it."""
    lines = "".join(f"  - {item}\n" for item in items)
    # Each item, and the indented lines of a mapping item ("  - path: ...").
    existing = re.search(rf"^{key}:\n(?:  - .*\n(?:    .*\n)*)*", text, re.MULTILINE)
    if existing is None:
        return text.rstrip("\n") + f"\n\n{key}:\n{lines}"
    return text[: existing.end()] + lines + text[existing.end() :]


def variant_config(config: str, variant: Variant) -> str:
    """The variant's mkdocs.yml, from the project's. Every variant builds with
    --strict, and the labs come from the project's kept runs in each alike."""
    if variant.drops_katex_extension:
        # arithmatex still writes each formula as \(...\) or \[...\]: what the
        # client-side renderers look for.
        config = replace_once(config, KATEX_EXTENSION, "")
    if variant.extra_css:
        config = append_to_list(config, "extra_css", variant.extra_css)
    if variant.extra_javascript:
        config = append_to_list(config, "extra_javascript", variant.extra_javascript)
    return config


def prepare_project(variant: Variant, folder: Path) -> Path:
    """A copy of the project changed into ``variant``, in ``folder``."""
    project = copy_project(folder / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        variant_config(config.read_text(encoding="utf-8"), variant), encoding="utf-8"
    )
    for destination, source in variant.copied.items():
        target = project / "docs" / destination
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
    for destination, text in variant.written.items():
        target = project / "docs" / destination
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return project


def build_site(variant: Variant, folder: Path) -> Path:
    project = prepare_project(variant, folder / variant.folder)
    start = time.perf_counter()
    result = build(project, folder / variant.folder / "site", cwd=project)
    if result.returncode:
        raise RuntimeError(f"the {variant.name} site does not build:\n{result.log}")
    progress(f"built {variant.name} in {time.perf_counter() - start:.1f} s")
    return result.site


# Runs in every page before its own scripts: polls on each animation frame until every
# formula is rendered and the fonts are loaded, so that Playwright's round trips are
# not part of the figure; sums layout shifts from the start of the page. A formula is
# an element matching the variant's selector that is not inside another one: the
# documented MathJax set-up typesets twice, and its second pass renders each formula's
# hidden assistive MathML again, inside the first; those copies are counted apart.
PROBE = r"""
((expected, formula, settleMs) => {
  const reading = (window.__reading = {timeToMath: null, done: false});
  const visible = `${formula}:not(${formula} ${formula})`;
  const count = (selector) => document.querySelectorAll(selector).length;
  let shift = 0;
  const addShifts = (entries) => {
    for (const entry of entries) if (!entry.hadRecentInput) shift += entry.value;
  };
  const observer = new PerformanceObserver((list) => addShifts(list.getEntries()));
  observer.observe({type: "layout-shift", buffered: true});
  const allRendered = () =>
    document.body !== null && count(visible) >= expected &&
    [...document.querySelectorAll(".arithmatex")].every(
      (math) => math.querySelector(visible) !== null);
  const finish = () => {
    addShifts(observer.takeRecords());
    reading.layoutShift = shift;
    reading.formulas = count(visible);
    reading.hiddenCopies = count(formula) - reading.formulas;
    reading.mathScripts = [...document.scripts]
      .filter((script) => /katex(\.min)?\.js|auto-render|mathjax/i.test(
        script.src || script.textContent))
      .map((script) => script.src || "an inline script");
    reading.done = true;
  };
  const poll = async () => {
    if (allRendered()) {
      document.body.offsetHeight;  // lay out now: the fonts the math uses are requested
      await document.fonts.ready;
      if (allRendered() && document.fonts.status === "loaded") {
        reading.timeToMath = performance.now();
        setTimeout(finish, settleMs);
        return;
      }
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})
"""
READING_STATE = """(formula) => ({
  formulas: document.querySelectorAll(`${formula}:not(${formula} ${formula})`).length,
  fonts: document.fonts.status,
})"""
# A script that renders math: KaTeX, its auto-render, a page's call of them, MathJax.
# KaTeX's copy-tex, which the site ships so that a copied formula is its TeX,
# renders nothing.
MATH_SCRIPT = re.compile(r"katex(?:\.min)?\.js|auto-render|mathjax", re.IGNORECASE)


@dataclass(frozen=True)
class Load:
    """What one cold load of one page recorded."""

    time_to_math_ms: float
    layout_shift: float
    requests: int
    bytes_raw: int
    bytes_gzip: int
    math_scripts: tuple[str, ...]
    hidden_copies: int


@cache
def served_sizes(path: Path) -> tuple[int, int]:
    """The file's size on disk and gzipped at level 6 (computed once per file)."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, GZIP_LEVEL))


def served_file(site: Path, url: str) -> Path:
    """The file of ``site`` the local server answered ``url`` with."""
    path = unquote(urlsplit(url).path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path


@dataclass
class Traffic:
    """Every response of a browser context, and what went wrong."""

    urls: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def listen(self, context: BrowserContext, site_url: str) -> None:
        # Context-wide, so that the search worker's requests count too.
        context.on("response", lambda response: self._record(response, site_url))
        context.on(
            "requestfailed",
            lambda request: self.problems.append(f"{request.url}: {request.failure}"),
        )

    def _record(self, response, site_url: str) -> None:
        if urlsplit(response.url).scheme in {"data", "blob"}:
            return  # made in the page, not requested
        if not response.url.startswith(site_url):
            self.problems.append(f"{response.url}: not the local site")
        elif response.status >= 400:
            self.problems.append(f"{response.url}: HTTP {response.status}")
        self.urls.append(response.url)
        if response.request.resource_type == "script":
            self.scripts.append(response.url)


def describe(page: Path, variant: Variant) -> str:
    return f"{page_id(page)} ({variant.name})"


def wait_for_reading(tab, page: Path, variant: Variant, expected: int) -> dict:
    """The probe's record once done; fails naming page and variant if it never is."""
    try:
        tab.wait_for_function(
            "window.__reading && window.__reading.done",
            polling=100,
            timeout=READY_TIMEOUT_MS + SHIFT_SETTLE_MS,
        )
    except PlaywrightTimeout:
        state = tab.evaluate(READING_STATE, variant.formula)
        raise RuntimeError(
            f"{describe(page, variant)}: the math was not all rendered with its fonts "
            f"loaded within {READY_TIMEOUT_MS / 1000:.0f} s: {state['formulas']} of "
            f"{expected} formulas rendered, fonts {state['fonts']}"
        ) from None
    return tab.evaluate("window.__reading")


def open_and_read(
    browser: Browser, site_url: str, page: Path, variant: Variant, expected: int
) -> tuple[dict, Traffic]:
    """Open ``page`` in a new browser context (a cold cache); the probe's record
    and the context's traffic, the search index's request included."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    try:
        traffic = Traffic()
        traffic.listen(context, site_url)
        arguments = json.dumps([expected, variant.formula, SHIFT_SETTLE_MS])[1:-1]
        context.add_init_script(script=f"{PROBE}({arguments});")
        tab = context.new_page()
        tab.goto(site_url + page_url(page), wait_until="load")
        reading = wait_for_reading(tab, page, variant, expected)
        # The search worker may fetch its index after the math is ready.
        tab.wait_for_load_state("networkidle")
        return reading, traffic
    finally:
        context.close()


def measure_load(
    browser: Browser, site: Path, site_url: str, page: Path, variant: Variant
) -> Load:
    """One cold load of ``page`` of ``variant``'s site; fails on a wrong formula
    count or a failed or foreign request, naming page and variant."""
    expected = formulas_of(page)
    reading, traffic = open_and_read(browser, site_url, page, variant, expected)
    if reading["formulas"] != expected:
        raise RuntimeError(
            f"{describe(page, variant)}: {reading['formulas']} formulas rendered, "
            f"the page's Markdown holds {expected}"
        )
    if traffic.problems:
        raise RuntimeError(
            f"{describe(page, variant)}: failed or foreign requests:\n  "
            + "\n  ".join(traffic.problems)
        )
    sizes = [served_sizes(served_file(site, url)) for url in traffic.urls]
    math_scripts = {
        *reading["mathScripts"],
        *filter(MATH_SCRIPT.search, traffic.scripts),
    }
    return Load(
        time_to_math_ms=reading["timeToMath"],
        layout_shift=reading["layoutShift"],
        requests=len(traffic.urls),
        bytes_raw=sum(raw for raw, _ in sizes),
        bytes_gzip=sum(packed for _, packed in sizes),
        math_scripts=tuple(sorted(math_scripts)),
        hidden_copies=reading["hiddenCopies"],
    )


@cache
def formulas_of(page: Path) -> int:
    return formulas_in(page)


Loads = dict[tuple[Path, str], list[Load]]


def measure_rounds(
    browser: Browser, sites: dict[str, tuple[Path, str]], rounds: int
) -> Loads:
    """Every page of every variant once a round; the variants' order rotates from
    page to page and round to round, so none always goes first."""
    loads: Loads = {(page, v.name): [] for page in ANSWER_PAGES for v in VARIANTS}
    for round_index in range(rounds):
        start = time.perf_counter()
        for page_index, page in enumerate(ANSWER_PAGES):
            for variant in rotated(VARIANTS, round_index + page_index):
                site, url = sites[variant.name]
                loads[page, variant.name].append(
                    measure_load(browser, site, url, page, variant)
                )
        progress(
            f"round {round_index + 1} of {rounds}: {time.perf_counter() - start:.0f} s"
        )
    return loads


# The report.


FASTER_THAN_CLIENT_KATEX = Goal(
    "time to math at most 0.8x client KaTeX's", 0.8, inclusive=True, unit="x"
)
FASTER_THAN_MATHJAX = Goal(
    "time to math at most 0.5x client MathJax's", 0.5, inclusive=True, unit="x"
)
NO_LAYOUT_SHIFT = Goal("layout shift under 0.01", 0.01, inclusive=False, digits=3)


def page_medians(
    loads: Loads, variant: Variant, figure: Callable[[Load], float]
) -> list[float]:
    """Each answer page's median of ``figure`` over the rounds, in page order."""
    return [
        statistics.median(figure(load) for load in loads[page, variant.name])
        for page in ANSWER_PAGES
    ]


def time_to_math(load: Load) -> float:
    return load.time_to_math_ms


def time_ratios(loads: Loads, other: Variant) -> list[float]:
    """Per page: build-time KaTeX's median time to math over ``other``'s."""
    return [
        mine / theirs
        for mine, theirs in zip(
            page_medians(loads, BUILD_TIME_KATEX, time_to_math),
            page_medians(loads, other, time_to_math),
            strict=True,
        )
    ]


def time_table(loads: Loads) -> str:
    times = [page_medians(loads, v, time_to_math) for v in VARIANTS]
    ratios = [time_ratios(loads, CLIENT_KATEX), time_ratios(loads, CLIENT_MATHJAX)]
    rows = [
        [
            f"`{page_id(page)}`",
            str(formulas_of(page)),
            *(f"{variant_times[index]:.0f}" for variant_times in times),
            *(f"{page_ratios[index]:.2f}x" for page_ratios in ratios),
        ]
        for index, page in enumerate(ANSWER_PAGES)
    ]
    rows.append(
        [
            "**overall** (median of the pages)",
            str(sum(map(formulas_of, ANSWER_PAGES))),
            *(f"**{statistics.median(variant_times):.0f}**" for variant_times in times),
            *(f"**{statistics.median(page_ratios):.2f}x**" for page_ratios in ratios),
        ]
    )
    header = [
        "page",
        "formulas",
        *(f"{v.name} (ms)" for v in VARIANTS),
        "build-time / client KaTeX",
        "build-time / client MathJax",
    ]
    return markdown_table(header, rows)


def math_javascript(loads: Loads, variant: Variant) -> str:
    pages = sum(
        any(load.math_scripts for load in loads[page, variant.name])
        for page in ANSWER_PAGES
    )
    return "none" if pages == 0 else f"on {pages} of {len(ANSWER_PAGES)} pages"


def variant_row(loads: Loads, variant: Variant) -> list[str]:
    def median(figure: Callable[[Load], float]) -> float:
        return statistics.median(page_medians(loads, variant, figure))

    shifts = page_medians(loads, variant, lambda load: load.layout_shift)
    return [
        variant.name,
        f"{median(time_to_math):.0f}",
        f"{statistics.median(shifts):.3f}",
        f"{max(shifts):.3f}",
        f"{median(lambda load: load.requests):.0f}",
        f"{median(lambda load: load.bytes_raw) / 1000:.0f}",
        f"{median(lambda load: load.bytes_gzip) / 1000:.0f}",
        math_javascript(loads, variant),
    ]


def variant_table(loads: Loads) -> str:
    header = [
        "variant",
        "time to math (ms)",
        "layout shift",
        "layout shift, worst page",
        "requests",
        "KB raw",
        "KB gzip",
        "JavaScript that renders math",
    ]
    return markdown_table(header, [variant_row(loads, v) for v in VARIANTS])


def hidden_copies_note(loads: Loads) -> str:
    """Which variants rendered formulas twice, the second copy hidden in the first."""
    notes = []
    for variant in VARIANTS:
        variant_loads = [
            (page, load) for page in ANSWER_PAGES for load in loads[page, variant.name]
        ]
        with_copies = sum(load.hidden_copies > 0 for _, load in variant_loads)
        if with_copies == 0:
            continue
        if all(load.hidden_copies == formulas_of(page) for page, load in variant_loads):
            how_many = "a hidden second copy of every formula, in every load"
        else:
            how_many = (
                f"hidden second copies of formulas in {with_copies} of "
                f"{len(variant_loads)} loads"
            )
        notes.append(
            f"{variant.name} also rendered {how_many}: its `document$` handler "
            "typesets the page a second time, and that pass renders each formula's "
            "assistive MathML again, inside the first rendering. The formula counts "
            "and the readiness check take only the outer, visible formulas."
        )
    return " ".join(notes)


def ratio_goal(loads: Loads, other: Variant, goal: Goal) -> str:
    ratios = time_ratios(loads, other)
    overall = statistics.median(ratios)
    pages_met = sum(verdict(ratio, goal) == "met" for ratio in ratios)
    return (
        f"- {goal.description}: **{verdict(overall, goal)}** ({overall:.2f}x, the "
        f"median of the pages' ratios; met on {pages_met} of {len(ratios)} pages)"
    )


def layout_shift_goal(loads: Loads) -> str:
    shifts = page_medians(loads, BUILD_TIME_KATEX, lambda load: load.layout_shift)
    worst = max(shifts)
    return (
        f"- {NO_LAYOUT_SHIFT.description}: **{verdict(worst, NO_LAYOUT_SHIFT)}** "
        f"({worst:.3f}, build-time KaTeX's worst page median)"
    )


def no_math_javascript_goal(loads: Loads) -> str:
    shipped = sorted(
        {
            script
            for page in ANSWER_PAGES
            for load in loads[page, BUILD_TIME_KATEX.name]
            for script in load.math_scripts
        }
    )
    result = "met" if not shipped else f"NOT met ({', '.join(shipped)})"
    count = sum(len(loads[page, BUILD_TIME_KATEX.name]) for page in ANSWER_PAGES)
    return (
        f"- no JavaScript that renders math shipped: **{result}** "
        f"(build-time KaTeX, {count} loads)"
    )


def report(loads: Loads, rounds: int, chromium_version: str) -> str:
    intro = (
        f"Each of the {len(ANSWER_PAGES)} answer pages, built three ways from the same "
        "Markdown and served on 127.0.0.1, was opened in headless Chromium "
        f"{chromium_version} at {DESKTOP['width']}x{DESKTOP['height']} in a new "
        f"browser context each time (a cold cache), {rounds} times per variant with "
        f"the variants interleaved, on {os.cpu_count()} cores shared with other work; "
        "every figure is a median over those loads."
    )
    return "\n\n".join(
        [
            intro,
            "Time to math, in milliseconds from navigation start: every formula "
            "rendered, then, after a forced layout, `document.fonts` loaded. The "
            "ratios are of the medians, measured in the same run; the overall row is "
            "the median of the page rows.",
            time_table(loads),
            "Layout shift is cumulative, read one second after time to math; "
            "requests count every response of the page's context (the search "
            "worker's too); bytes are the served files' sizes, raw and gzip level 6. "
            "Each figure is the median of the pages' medians, except the worst page.",
            variant_table(loads),
            *filter(None, [hidden_copies_note(loads)]),
            "Goals (build-time KaTeX):",
            "\n".join(
                [
                    ratio_goal(loads, CLIENT_KATEX, FASTER_THAN_CLIENT_KATEX),
                    ratio_goal(loads, CLIENT_MATHJAX, FASTER_THAN_MATHJAX),
                    layout_shift_goal(loads),
                    no_math_javascript_goal(loads),
                ]
            ),
        ]
    )


def section(rounds: int = 5) -> str:
    """The benchmark's report as Markdown, with no top-level heading."""
    with ExitStack() as stack:
        folder = Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="reading-"))
        )
        sites = {}
        for variant in VARIANTS:
            site = build_site(variant, folder)
            sites[variant.name] = (site, stack.enter_context(serve(site)))
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS
        )
        stack.callback(browser.close)
        loads = measure_rounds(browser, sites, rounds)
        return report(loads, rounds, browser.version)


def main() -> None:
    parser = rounds_parser(__doc__.split("\n\n")[0], "loads of each page per variant")
    rounds = parser.parse_args().rounds
    print_timed(lambda: section(rounds))


if __name__ == "__main__":
    main()
