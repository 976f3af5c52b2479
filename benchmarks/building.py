"""How long ``mkdocs build --strict`` of the full site takes against the same Markdown
built with notebook execution switched off, and with bare mkdocs-material.

The benchmark copies the project (``tests/site_build.py``'s ``copy_project``) four
times, each into a working folder of its own:

- full, warm: the project as it is, with a copy of the project's ``.cache/`` (the
  lab notebooks' executions, the figure drawings, the rendered formulas), so nothing
  is executed;
- no execution: mkdocs-jupyter's ``execute: false``, figures from the same cache;
- full, warm, with ``NBCONVERT_DISABLE_CONFIG_EXPORTERS=1``: without the start-up
  cost of nbconvert listing its exporters (the built site is compared: identical);
- bare: the same ``.md`` pages with plain mkdocs-material: no hooks, no mkdocs-jupyter,
  the labs out of the nav, the same theme and Markdown extensions.

Each is built once untimed (to warm its caches), then ``rounds`` times, the variants
interleaved round by round, as a user runs the build: ``.venv/bin/mkdocs build`` in a
new process, timed by its wall clock. One more full build with empty caches, in a
folder of its own, shows what the caches save (it executes both labs and the figure
example; ``--no-cold`` skips it). Where the warm full build takes more than twice the
bare one (or with ``--profile``), a cProfile of the full build run in-process says
which hook or plugin the time goes to. It prints Markdown:

    .venv/bin/python benchmarks/building.py --rounds 5

Progress goes to stderr. ``section()`` returns the same Markdown for another script.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import chdir
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
from benchmarks.working_copies import (  # noqa: E402
    MKDOCS,
    mkdocs_environment,
    working_copy,
)

BUILD_TIMEOUT_S = 900  # a cold build executes the DDPM lab: a minute or more

NOTEBOOKS_EXECUTED = "      execute: true\n"
NOTEBOOKS_NOT_EXECUTED = "      execute: false\n"
HOOKS_LIST = re.compile(r"^hooks:\n(?:  - .*\n)*\n?", re.MULTILINE)
# The plugins block: "plugins:" and every indented, commented or empty line under it.
PLUGINS_BLOCK = re.compile(r"^plugins:\n(?:(?:[ \t].*)?\n)*", re.MULTILINE)
NAV_NOTEBOOK = re.compile(r"^ +- (?:[^:\n]+: )?[\w/.-]+\.(?:py|ipynb)\n", re.MULTILINE)

BUILT_IN = re.compile(r"Documentation built in ([\d.]+) seconds")
CACHE_HIT = re.compile(r"Cache hit: (\S+)")
CACHE_MISS = re.compile(r"Cache miss, writing: (\S+)")

AT_MOST_TWICE_BARE = Goal(
    "a warm full build at most 2x the bare build", 2.0, inclusive=True, unit="x"
)


def no_execution_config(config: str) -> str:
    return replace_once(config, NOTEBOOKS_EXECUTED, NOTEBOOKS_NOT_EXECUTED)


def bare_config(config: str) -> str:
    """Plain mkdocs-material: the project's theme, Markdown extensions and pages.

    Not strict: the pages' stated-value markers (``{{ 7 <- q6a_derivative: x.grad }}``),
    their figures (drawn by hooks/snippet_figures.py) and their notebook links exist
    only with the hooks, so without them MkDocs warns about links it cannot resolve.
    """
    config = HOOKS_LIST.sub("", config)
    config = PLUGINS_BLOCK.sub("plugins:\n  - search\n\n", config)
    config = NAV_NOTEBOOK.sub("", config)
    return replace_once(config, "strict: true\n", "strict: false\n")


def unchanged(config: str) -> str:
    return config


@dataclass(frozen=True)
class Variant:
    """One way of building the site: a change to a copy of mkdocs.yml, and
    variables added to the build's environment."""

    name: str
    folder: str
    configure: Callable[[str], str]
    strict: bool = True
    environment: dict[str, str] = field(default_factory=dict)


FULL = Variant("full, warm caches", "full", configure=unchanged)
NO_EXECUTION = Variant("no execution", "no-execution", configure=no_execution_config)
# mkdocs-jupyter imports nbconvert's command-line app, whose class body lists the
# export formats by loading and configuring every exporter any installed package
# registers: a second or so of every start-up, for a list no build reads. This
# variable, read by nbconvert, lists them without loading them.
NO_EXPORTER_SCAN = Variant(
    "full, warm, `NBCONVERT_DISABLE_CONFIG_EXPORTERS=1` (as `make build` runs it)",
    "full-no-exporter-scan",
    configure=unchanged,
    environment={"NBCONVERT_DISABLE_CONFIG_EXPORTERS": "1"},
)
BARE = Variant("bare mkdocs-material", "bare", configure=bare_config, strict=False)
VARIANTS = (FULL, NO_EXECUTION, NO_EXPORTER_SCAN, BARE)


def prepare_variant(variant: Variant, folder: Path, warm: bool) -> Path:
    """The variant's working folder: a changed copy of the project, with a copy of
    the project's caches when ``warm``."""
    workdir = folder / variant.folder
    config = working_copy(workdir, warm) / "mkdocs.yml"
    config.write_text(
        variant.configure(config.read_text(encoding="utf-8")), encoding="utf-8"
    )
    return workdir


def build_command(workdir: Path, strict: bool) -> list[str]:
    return [
        str(MKDOCS),
        "build",
        *(["--strict"] if strict else []),
        "-f",
        str(workdir / "mkdocs.yml"),
        "-d",
        str(workdir / "site"),
    ]


@dataclass(frozen=True)
class BuildRun:
    """One timed build: its wall time, MkDocs' own figure and what it logged."""

    wall_s: float
    log: str

    @property
    def in_build_s(self) -> float:
        """ "Documentation built in ...": from the config event to the end."""
        return float(BUILT_IN.search(self.log)[1])

    @property
    def startup_s(self) -> float:
        """Start-up: the process, imports of MkDocs, plugins and hooks, the config."""
        return self.wall_s - self.in_build_s

    @property
    def executed_notebooks(self) -> list[str]:
        return [Path(path).name for path in CACHE_MISS.findall(self.log)]

    @property
    def cached_notebooks(self) -> list[str]:
        return [Path(path).name for path in CACHE_HIT.findall(self.log)]


def timed_build(variant: Variant, workdir: Path) -> BuildRun:
    """Build the variant in ``workdir`` as a user would, in a new process."""
    start = time.perf_counter()
    process = subprocess.run(
        build_command(workdir, variant.strict),
        capture_output=True,
        text=True,
        cwd=workdir,
        env={**mkdocs_environment(workdir), **variant.environment},
        timeout=BUILD_TIMEOUT_S,
    )
    wall = time.perf_counter() - start
    log = process.stdout + process.stderr
    if process.returncode:
        raise RuntimeError(f"the {variant.name} build failed:\n{log}")
    return BuildRun(wall, log)


def same_site(one: Path, other: Path) -> bool:
    """Whether two built sites hold the same files with the same bytes."""
    files = {path.relative_to(one) for path in one.rglob("*") if path.is_file()}
    if files != {
        path.relative_to(other) for path in other.rglob("*") if path.is_file()
    }:
        return False
    return all(
        (one / name).read_bytes() == (other / name).read_bytes() for name in files
    )


Runs = dict[str, list[BuildRun]]


def measure_rounds(workdirs: dict[str, Path], rounds: int) -> Runs:
    """Each variant built once a round, the order rotating from round to round."""
    runs: Runs = {variant.name: [] for variant in VARIANTS}
    for round_index in range(rounds):
        for variant in rotated(VARIANTS, round_index):
            runs[variant.name].append(timed_build(variant, workdirs[variant.name]))
        walls = ", ".join(
            f"{name} {runs[name][-1].wall_s:.1f} s" for name in runs if runs[name]
        )
        progress(f"round {round_index + 1} of {rounds}: {walls}")
    return runs


def median_of(
    runs: Runs, variant: Variant, figure: Callable[[BuildRun], float]
) -> float:
    return statistics.median(figure(run) for run in runs[variant.name])


def median_wall(runs: Runs, variant: Variant) -> float:
    return statistics.median(run.wall_s for run in runs[variant.name])


# The profile.

PROFILED_SITE = "site-profile"
JUPYTER_RENDER = ("mkdocs_jupyter/plugin.py", "new_render")
MARKDOWN_RENDER = ("mkdocs/structure/pages.py", "render")
TEMPLATE_RENDER = ("jinja2/environment.py", "render")


def cumulative_s(stats: pstats.Stats, file_suffix: str, function: str) -> float:
    """The summed cumulative time of every profiled function of that name and file."""
    return sum(
        entry[3]
        for (filename, _, name), entry in stats.stats.items()
        if name == function and filename.endswith(file_suffix)
    )


def event_costs(config, stats: pstats.Stats) -> Counter[str]:
    """Cumulative seconds of each hook's and plugin's event methods, by origin
    (``hooks/katex_math.py``, ``material/search``, ``mkdocs-jupyter`` ...)."""
    costs: Counter[str] = Counter()
    for methods in config.plugins.events.values():
        for method in methods:
            code = getattr(method, "__func__", method).__code__
            key = (code.co_filename, code.co_firstlineno, code.co_name)
            if key in stats.stats:
                costs[config.plugins._event_origins[method]] += stats.stats[key][3]
    return costs


@dataclass(frozen=True)
class Profile:
    total_s: float
    costs: list[tuple[str, float]]  # what, cumulative seconds: largest first


def profile_build(workdir: Path) -> Profile:
    """cProfile of ``mkdocs.commands.build.build`` of the project in ``workdir``,
    run in this process with ``workdir`` as the working folder (its caches)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with chdir(workdir):
        config = load_config(
            str(workdir / "mkdocs.yml"),
            site_dir=str(workdir / PROFILED_SITE),
        )
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.runcall(build, config)
        total = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    costs = event_costs(config, stats)
    # mkdocs-jupyter renders a lab page by replacing the page's render method.
    costs["mkdocs-jupyter"] += cumulative_s(stats, *JUPYTER_RENDER)
    costs["MkDocs: Markdown to HTML"] = cumulative_s(stats, *MARKDOWN_RENDER)
    costs["MkDocs: theme templates (jinja2)"] = cumulative_s(stats, *TEMPLATE_RENDER)
    return Profile(total, costs.most_common())


def profile_table(profile: Profile, top: int = 10) -> str:
    rows = [
        [f"`{what}`", f"{seconds:.2f}", f"{seconds / profile.total_s:.0%}"]
        for what, seconds in profile.costs[:top]
    ]
    return markdown_table(["hook or plugin", "seconds", "share of the build"], rows)


# The report.


def variant_table(runs: Runs) -> str:
    bare = median_wall(runs, BARE)
    rows = []
    for variant in VARIANTS:
        walls = [run.wall_s for run in runs[variant.name]]
        startup = statistics.median(run.startup_s for run in runs[variant.name])
        rows.append(
            [
                variant.name,
                f"{statistics.median(walls):.2f}",
                f"{min(walls):.2f} to {max(walls):.2f}",
                f"{startup:.2f}",
                f"{median_wall(runs, variant) / bare:.2f}x",
            ]
        )
    header = [
        "variant",
        "median wall time (s)",
        "range (s)",
        "of which start-up (s)",
        "ratio to bare",
    ]
    return markdown_table(header, rows)


def executions_note(warmups: dict[str, BuildRun], runs: Runs) -> str:
    """What the untimed warm-ups found in the copied cache, and proof that no timed
    build rendered a notebook anew (a cache miss executes the lab, or with
    ``execute: false`` converts it)."""
    warm = warmups[FULL.name]
    found = ", ".join(warm.cached_notebooks) or "no lab"
    ran = ", ".join(warm.executed_notebooks) or "none"
    misses = {
        variant.name: sum(len(run.executed_notebooks) for run in runs[variant.name])
        for variant in (FULL, NO_EXECUTION)
    }
    return (
        f"The full variant's untimed warm-up found {found} in the copied cache and "
        f"executed {ran}. With `execute: false` mkdocs-jupyter keys its cache apart: "
        "the no-execution variant's warm-up converted the labs once without running "
        f"them ({len(warmups[NO_EXECUTION.name].executed_notebooks)} cache misses). "
        f"In the timed builds, notebook cache misses: full {misses[FULL.name]}, no "
        f"execution {misses[NO_EXECUTION.name]}. Both then take every lab page from "
        "a cache, so they differ only by noise: a warm build executes no code."
    )


def exporter_scan_note(runs: Runs, identical: bool) -> str:
    def startup(variant: Variant) -> float:
        return median_of(runs, variant, lambda run: run.startup_s)

    return (
        f"Start-up is {startup(FULL):.2f} s of the full build, against "
        f"{startup(BARE):.2f} s bare: importing mkdocs-jupyter imports nbconvert's "
        "command-line app, which lists its export formats by loading and "
        "configuring every exporter installed. `NBCONVERT_DISABLE_CONFIG_EXPORTERS=1` "
        f"in the environment skips that: start-up {startup(NO_EXPORTER_SCAN):.2f} s "
        f"instead of {startup(FULL):.2f} s, the whole build "
        f"{median_wall(runs, NO_EXPORTER_SCAN):.2f} s against "
        f"{median_wall(runs, FULL):.2f} s (medians), and the built site is "
        f"{'byte-identical' if identical else '**not** identical'} to the full one."
    )


def cold_note(cold: BuildRun | None, runs: Runs) -> str:
    if cold is None:
        return "The cold build was skipped (`--no-cold`)."
    executed = ", ".join(cold.executed_notebooks) or "no notebook"
    return (
        f"A full build with empty caches, in a working folder of its own (it executed "
        f"{executed} and Q1's figure example), took **{cold.wall_s:.1f} s** once, "
        f"{cold.wall_s / median_wall(runs, FULL):.0f}x the warm build: what the "
        "caches save on every build after the first."
    )


def goal_lines(runs: Runs) -> str:
    ratio = median_wall(runs, FULL) / median_wall(runs, BARE)
    lines = [
        f"- {AT_MOST_TWICE_BARE.description}: "
        f"**{verdict(ratio, AT_MOST_TWICE_BARE)}** ({ratio:.2f}x, the ratio of the "
        "medians)"
    ]
    if verdict(ratio, AT_MOST_TWICE_BARE) != "met":

        def more_than_bare(figure: Callable[[BuildRun], float]) -> float:
            return median_of(runs, FULL, figure) - median_of(runs, BARE, figure)

        startup = more_than_bare(lambda run: run.startup_s)
        in_build = more_than_bare(lambda run: run.in_build_s)
        without_scan = median_wall(runs, NO_EXPORTER_SCAN) / median_wall(runs, BARE)
        lines.append(
            f"  Why: the full build takes {startup:.2f} s more than bare to start "
            "(importing mkdocs-jupyter and nbconvert, whose exporter scan is most of "
            f"it) and {in_build:.2f} s more to build (below). Without the exporter "
            f"scan the ratio is {without_scan:.2f}x: "
            f"{verdict(without_scan, AT_MOST_TWICE_BARE)}."
        )
    return "\n".join(lines)


def profile_section(profile: Profile, runs: Runs) -> str:
    in_build = statistics.median(run.in_build_s for run in runs[FULL.name])
    return "\n\n".join(
        [
            "Where the full build's time goes: cProfile of `mkdocs.commands.build."
            "build` of the full variant, run in-process with its warm caches, each "
            "hook's and plugin's event methods summed by cumulative time, with "
            "MkDocs' own Markdown conversion and template rendering for scale. "
            f"Profiled, the build took {profile.total_s:.2f} s against a median of "
            f"{in_build:.2f} s unprofiled (MkDocs' own figure): cProfile slows "
            "Python-heavy code most (the search plugin's HTML parsing), so read the "
            "shares, not the seconds. Start-up (the table's column) is outside it: "
            "importing mkdocs-jupyter, which imports nbconvert and jupytext.",
            profile_table(profile),
        ]
    )


def report(
    runs: Runs,
    warmups: dict[str, BuildRun],
    identical: bool,
    cold: BuildRun | None,
    profile: Profile | None,
    rounds: int,
) -> str:
    intro = (
        "`mkdocs build` of four copies of the project, each in a new process timed "
        f"by its wall clock, {rounds} times per variant with the variants interleaved "
        f"round by round after one untimed warm-up build each, on {os.cpu_count()} "
        "cores shared with other work: the full site with its caches warm, the same "
        "with notebook execution switched off, the same with nbconvert's exporter "
        "scan switched off, and bare mkdocs-material on the same Markdown (no hooks, "
        "no mkdocs-jupyter, labs out of the nav, not strict). "
        'Start-up is the wall time before MkDocs\' "Documentation built in" figure.'
    )
    parts = [
        intro,
        variant_table(runs),
        executions_note(warmups, runs),
        exporter_scan_note(runs, identical),
        cold_note(cold, runs),
        "Goal:",
        goal_lines(runs),
    ]
    if profile is not None:
        parts.append(profile_section(profile, runs))
    return "\n\n".join(parts)


def build_cold(folder: Path) -> BuildRun:
    workdir = prepare_variant(FULL, folder / "cold", warm=False)
    progress("cold full build (empty caches: executes both labs)...")
    run = timed_build(FULL, workdir)
    progress(f"cold full build: {run.wall_s:.1f} s")
    return run


def section(rounds: int = 5, cold: bool = True, always_profile: bool = False) -> str:
    """The benchmark's report as Markdown, with no top-level heading."""
    with tempfile.TemporaryDirectory(prefix="building-") as name:
        folder = Path(name)
        workdirs, warmups = {}, {}
        for variant in VARIANTS:
            workdirs[variant.name] = prepare_variant(variant, folder, warm=True)
            warmups[variant.name] = timed_build(variant, workdirs[variant.name])
            progress(f"warm-up {variant.name}: {warmups[variant.name].wall_s:.1f} s")
        runs = measure_rounds(workdirs, rounds)
        identical = same_site(
            workdirs[FULL.name] / "site", workdirs[NO_EXPORTER_SCAN.name] / "site"
        )
        cold_run = build_cold(folder) if cold else None
        profile = None
        ratio = median_wall(runs, FULL) / median_wall(runs, BARE)
        if always_profile or verdict(ratio, AT_MOST_TWICE_BARE) != "met":
            progress("profiling the full build in-process...")
            profile = profile_build(workdirs[FULL.name])
        return report(runs, warmups, identical, cold_run, profile, rounds)


def main() -> None:
    parser = rounds_parser(__doc__.split("\n\n")[0], "builds of each variant")
    parser.add_argument(
        "--no-cold",
        dest="cold",
        action="store_false",
        help="skip the build with empty caches (it executes both labs)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the full build even when it meets its goal",
    )
    arguments = parser.parse_args()
    print_timed(lambda: section(arguments.rounds, arguments.cold, arguments.profile))


if __name__ == "__main__":
    main()
