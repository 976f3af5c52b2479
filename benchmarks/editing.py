"""From saving a sentence to seeing it served: MkDocs' and Zensical's servers.

Each server serves a copy of the project whose kept runs are warm; the benchmark
appends a new sentence to an answer page, then fetches the page every 10 ms until
the sentence is there; it restores the page and, before the next edit, waits
until the server serves it restored. MkDocs' log gives what its build took of
each edit. It also counts what the edits ran again: new entries in the copy's
``.site-cache/`` (a lab, a figure, a formula) must stay at none.

MkDocs serves as ``make serve`` runs it, and also without each replacement of
``site_serve`` (``SITE_SERVE_LEAVE_OUT``) and, where there are several, without
any: what a replacement saves is the time by which the median edit with all of
them is shorter than the median edit without it, as a share of the latter; one
that saves under a tenth goes. All the servers run side by side, on the code of
this checkout, and each round edits under every one in turn, so that the figures
compared come from the same minutes of a shared machine. Then it breaks the page
in two ways ``make build`` refuses, each under a new server, and records what
the server did: kept serving the last good page, served the broken one, held
every request (served no page), or stopped.

    .venv/bin/python benchmarks/editing.py --rounds 5
"""

from __future__ import annotations

import contextlib
import http.client
import importlib.metadata
import inspect
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from benchmarks.report import (  # noqa: E402
    Goal,
    markdown_table,
    print_timed,
    progress,
    rotated,
    rounds_parser,
    verdict,
)
from site_prepare.paths import CACHE_FOLDER, THIS  # noqa: E402
from site_serve import LEAVE_OUT, REPLACEMENTS  # noqa: E402
from site_tools import zensical_build  # noqa: E402
from site_tools.builds import copy_project  # noqa: E402

BIN = Path(sys.executable).parent
EDITED_PAGE = "autograd/q8-vector-outputs"
UNDER_A_SECOND = Goal("a prose edit served in under 1 s (median)", 1.0, False, " s")
# What a replacement of site_serve must save to stay (the share of an edit
# without it, in percent).
SAVES_A_TENTH = Goal("saves at least 10% of an edit", 10.0, True, "%", 1, floor=True)
POLL_SECONDS = 0.01
GIVE_UP_SECONDS = 120
# Ways to break a page that `make build` refuses, appended to the edited page.
BROKEN_EDITS = {
    "a broken link": "See [Q10](../diffusion/q10-nowhere.md).",
    "a formula KaTeX cannot parse": r"The sum $\frac{1}{2$ is broken.",
}
KEPT = "kept the last good page"
SERVED = "served the broken page"
STOPPED = "stopped"
SERVED_NOTHING = "served no page"
# Text of the edited page, by which the benchmark knows that it is served.
SERVED_PAGE_TEXT = "Q8."
# A server that has not served a broken edit after this long has kept the last
# good page: several times the slowest rebuild measured here.
SETTLE_SECONDS = 9
# The line MkDocs logs at the end of each build.
BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")
# Where the page cites why MkDocs rebuilds every page: the source of the version run.
MKDOCS_VERSION = importlib.metadata.version("mkdocs")
MKDOCS_SOURCE = f"https://github.com/mkdocs/mkdocs/blob/{MKDOCS_VERSION}/mkdocs"
# How often MkDocs' server looks at the watched files: its default, which
# `mkdocs serve` does not let one change.
MKDOCS_POLLING_SECONDS = (
    inspect.signature(LiveReloadServer).parameters["polling_interval"].default
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetched(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (OSError, http.client.HTTPException):
        # No server yet, or a page cut short because it was being written: not
        # served yet either way.
        return ""


def wait_for(url: str, text: str, gone: bool = False) -> float:
    """Seconds until the page at ``url`` holds ``text`` (or, ``gone``, is served
    without it)."""

    def done(page: str) -> bool:
        return SERVED_PAGE_TEXT in page and text not in page if gone else text in page

    start = time.perf_counter()
    while not done(fetched(url)):
        if time.perf_counter() - start > GIVE_UP_SECONDS:
            raise TimeoutError(
                f"{url} never {'dropped' if gone else 'showed'} {text!r}"
            )
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - start


ENGINES = ("MkDocs", "Zensical")
WITHOUT_ANY = "MkDocs without any replacement"


@dataclass(frozen=True)
class Server:
    """A server to time edits under: its engine, and for MkDocs the replacements
    of site_serve it leaves out."""

    engine: str
    left_out: tuple[str, ...] = ()


def timed_servers() -> dict[str, Server]:
    """MkDocs as ``make serve`` runs it, without each replacement of site_serve
    and, where there are several, without all of them, and Zensical."""
    servers = {"MkDocs": Server("MkDocs")}
    servers |= {without(name): Server("MkDocs", (name,)) for name in REPLACEMENTS}
    if len(REPLACEMENTS) > 1:
        servers[WITHOUT_ANY] = Server("MkDocs", tuple(REPLACEMENTS))
    return servers | {"Zensical": Server("Zensical")}


def server_command(engine: str, project: Path, port: int) -> list[str]:
    address = f"127.0.0.1:{port}"
    if engine == "MkDocs":
        # make serve's command: strict, and snippets/ watched too.
        return [str(BIN / "mkdocs"), "serve", "--strict", "--watch", "snippets",
                "-a", address, "-f", str(project / "mkdocs.yml")]  # fmt: skip
    overlay = zensical_build.write_overlay(project)
    return [str(BIN / "zensical"), "serve", "-a", address, "-f", str(overlay)]


@contextmanager
def serving(server: Server, project: Path):
    """The edited page's address, the server's process, and the file of its log."""
    port = free_port()
    log = project.parent / f"{project.name}-server.log"
    with log.open("w") as written:
        process = subprocess.Popen(
            server_command(server.engine, project, port),
            cwd=project,
            stdout=written,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={
                **os.environ,
                "NO_MKDOCS_2_WARNING": "1",
                LEAVE_OUT: ",".join(server.left_out),
                # This checkout's code (the copy holds none), not that of the
                # checkout installed in the environment, which may be another.
                "PYTHONPATH": str(ROOT),
            },
        )
    try:
        url = f"http://127.0.0.1:{port}/{EDITED_PAGE}/"
        wait_for(url, SERVED_PAGE_TEXT)
        yield url, process, log
    finally:
        with contextlib.suppress(ProcessLookupError):  # a server that stopped itself
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def last_build_seconds(log: Path) -> float | None:
    """What MkDocs logged its last build took; Zensical logs no time."""
    built = BUILT_IN.findall(log.read_text(encoding="utf-8", errors="replace"))
    return float(built[-1]) if built else None


def cache_entries(project: Path) -> set[str]:
    cache = project / CACHE_FOLDER
    return (
        {str(p.relative_to(cache)) for p in cache.rglob("*")}
        if cache.exists()
        else set()
    )


@dataclass
class Edits:
    """Seconds each edit took to be served, the seconds its build took as the
    server logged them, and the cache entries the edits added."""

    seconds: list[float] = field(default_factory=list)
    builds: list[float] = field(default_factory=list)
    added: int = 0


@dataclass(frozen=True)
class Served:
    """A server's own copy of the project, its edited page's address, its log."""

    project: Path
    url: str
    log: Path

    @property
    def page(self) -> Path:
        return self.project / "docs" / f"{EDITED_PAGE}.md"


def timed_edit(served: Served, sentence: str, edits: Edits) -> None:
    """Append ``sentence`` to the page, time it until served, and restore the page;
    the next edit waits for no rebuild but its own."""
    original = served.page.read_text(encoding="utf-8")
    served.page.write_text(f"{original}\n{sentence}\n", encoding="utf-8")
    edits.seconds.append(wait_for(served.url, sentence))
    # A server logs a build before it serves what the build wrote.
    if (built := last_build_seconds(served.log)) is not None:
        edits.builds.append(built)
    served.page.write_text(original, encoding="utf-8")
    wait_for(served.url, sentence, gone=True)
    time.sleep(1)


def measure(servers: dict[str, Server], folder: Path, rounds: int) -> dict[str, Edits]:
    """The edits under each server, the servers side by side, each serving its own
    copy of the project; each round edits under every server in turn, starting
    one server later than the round before."""
    timed = {name: Edits() for name in servers}
    with contextlib.ExitStack() as stack:
        served = {}
        for number, (name, server) in enumerate(servers.items()):
            project = copy_project(folder / f"server-{number}")
            # The copy shares the project's kept runs; a private copy of them shows
            # what the edits add.
            cache = project / CACHE_FOLDER
            shutil.rmtree(cache)
            subprocess.run(["cp", "-a", str(THIS.cache), str(cache)], check=True)
            progress(f"editing: starting {name}")
            url, _, log = stack.enter_context(serving(server, project))
            served[name] = Served(project, url, log)
        time.sleep(2)  # past the last first build's settling
        before = {name: cache_entries(one.project) for name, one in served.items()}
        for round_number in range(rounds):
            sentence = f"An edit made at round {round_number} of the benchmark."
            for name in rotated(list(servers), round_number):
                timed_edit(served[name], sentence, timed[name])
                progress(
                    f"editing: {name}, edit {round_number + 1}: "
                    f"{timed[name].seconds[-1]:.2f} s"
                )
        for name, one in served.items():
            timed[name].added = len(cache_entries(one.project) - before[name])
    return timed


def broken_edit_outcome(engine: str, folder: Path, addition: str) -> str:
    """What ``engine``'s server does when the edited page gains ``addition``."""
    project = copy_project(folder)
    page = project / "docs" / f"{EDITED_PAGE}.md"
    marker = "A broken edit of the benchmark."
    with serving(Server(engine), project) as (url, process, _):
        time.sleep(2)  # past the first build's settling
        page.write_text(
            f"{page.read_text(encoding='utf-8')}\n{addition} {marker}\n",
            encoding="utf-8",
        )
        deadline = time.perf_counter() + SETTLE_SECONDS
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                return STOPPED
            if marker in fetched(url):
                return SERVED
            time.sleep(POLL_SECONDS)
        return KEPT if SERVED_PAGE_TEXT in fetched(url) else SERVED_NOTHING


def zensical_strict_serve() -> str:
    """The line of ``zensical serve --help`` that describes ``--strict``."""
    shown = subprocess.run(
        [str(BIN / "zensical"), "serve", "--help"], capture_output=True, text=True
    )
    lines = [line.strip() for line in shown.stdout.splitlines() if "--strict" in line]
    return " ".join(lines[0].split()) if lines else "no --strict option"


def which_server(medians: dict[str, float], outcomes: dict[str, dict[str, str]]) -> str:
    """Which server ``make serve`` runs, and why, from what was measured."""
    fast = medians["Zensical"] < UNDER_A_SECOND.limit
    careless = {
        broken: outcome
        for broken, outcome in outcomes["Zensical"].items()
        if outcome != KEPT
    }
    if fast and not careless:
        return (
            "Zensical serves an edit in under a second and keeps the last good page "
            "when one is broken: `make serve` should move to it."
        )
    reasons = [
        f"on {broken}, Zensical's server {outcome}"
        for broken, outcome in careless.items()
    ]
    if careless:
        reasons.append(
            f"its help says of `--strict`: `{zensical_strict_serve().rstrip('.')}`"
        )
    if min(medians.values()) >= UNDER_A_SECOND.limit:
        reasons.append("neither server reaches the 1 s goal")
    elif not fast:
        reasons.append("Zensical misses the 1 s goal")
    return (
        "`make serve` stays on MkDocs (`mkdocs serve --strict`): "
        + "; ".join(reasons)
        + f". Zensical serves an edit {medians['MkDocs'] / medians['Zensical']:.1f}x "
        f"faster; MkDocs {MKDOCS_VERSION} builds the whole site again on every "
        f"change (its [serve command]({MKDOCS_SOURCE}/commands/serve.py) rebuilds "
        "with `dirty` false unless given `--dirty`, and "
        f"[build]({MKDOCS_SOURCE}/commands/build.py) then reads and renders every "
        "page)."
    )


def build_share(served: float, built: float | None) -> str:
    """How much of an edit's time MkDocs' own build took, from its log, and what
    its server does in the rest, from its source."""
    if built is None:
        return ""
    return (
        f"Of MkDocs' {served:.2f} s, its build took {built:.2f} s (the median of "
        "what its log says each took, `Documentation built in`). In the rest its "
        f"[live-reload server]({MKDOCS_SOURCE}/livereload/__init__.py) notices the "
        f"change: it looks at the watched files every {MKDOCS_POLLING_SECONDS} s "
        "(`polling_interval`, which `mkdocs serve` does not let one set), waits "
        "0.1 s more for changes to stop (`build_delay`), then loads `mkdocs.yml` "
        "again. Each rebuild still renders and checks every page; some of what it "
        "would otherwise make again from unchanged input is kept in memory under "
        "that input, among it the theme's compiled templates and the search "
        "index's parse of each page (`site_serve`, under `mkdocs serve` only), and "
        "in `site_markdown/` the highlighted code of Python blocks, formula text "
        "and Sources entries, besides the runs kept in `.site-cache/`."
    )


def held_requests(outcomes: dict[str, dict[str, str]]) -> str:
    """Why a server served no page, where MkDocs' did: its own source says."""
    if SERVED_NOTHING not in outcomes["MkDocs"].values():
        return ""
    return (
        "MkDocs' server serves no page while the last build failed: after a failed "
        "rebuild its [live-reload server]"
        f"({MKDOCS_SOURCE}/livereload/__init__.py) holds "
        "every request for a page or file of the site until a build succeeds, and "
        'logs that it will "appear stuck until build errors are resolved".'
    )


def without(replacement: str) -> str:
    """The name of the server that leaves ``replacement`` out."""
    return f"MkDocs without `{replacement}`"


def saved_share(with_it: float, without_it: float) -> float:
    """The percentage of an edit's time without a replacement that it saves."""
    return 100 * (without_it - with_it) / without_it


def replacements_report(medians: dict[str, float]) -> str:
    """What each replacement of site_serve saves of an edit, from the median
    edits under MkDocs with all of them, without each, and without any; and what
    the dropped ones saved when they went."""
    with_all = medians["MkDocs"]
    without_each = {f"`{name}`": medians[without(name)] for name in REPLACEMENTS}
    if WITHOUT_ANY in medians:
        without_each["all of them"] = medians[WITHOUT_ANY]
    shares = {
        label: saved_share(with_all, without_it)
        for label, without_it in without_each.items()
    }
    rows = [
        [label, f"{with_all:.2f}", f"{without_it:.2f}", f"{shares[label]:.1f}%"]
        for label, without_it in without_each.items()
    ]
    return "\n\n".join(
        [
            "Under `mkdocs serve` (not `mkdocs serve --clean`, which MkDocs starts "
            "as a build), and only there, `site_serve` replaces parts of "
            "the packages that build the site; each stays only while it saves at "
            "least a tenth of an edit. What one saves is the time by which the "
            "median edit with every replacement is shorter than the median edit "
            "without that one (`SITE_SERVE_LEAVE_OUT` names it), as a share of the "
            "latter:",
            markdown_table(
                ["replaced", "edit with it (s)", "edit without it (s)", "it saves"],
                rows,
            ),
            "\n".join(
                f"- `{name}`: {SAVES_A_TENTH.description}: "
                f"**{verdict(shares[f'`{name}`'], SAVES_A_TENTH)}** "
                f"({shares[f'`{name}`']:.1f}%)"
                for name in REPLACEMENTS
            ),
            dropped_report(),
        ]
    )


@dataclass(frozen=True)
class Dropped:
    """A replacement site_serve made until a run of this section found it saving
    under a tenth of an edit: what it did, and that run's figures."""

    replaced: str
    what_it_did: str
    with_all: float  # the median edit with every replacement (s)
    without_it: float  # the median edit without this one (s)
    saved: float  # the share of an edit it saved (%), from the unrounded medians


# The later run of 15 edits a server, with every replacement back in place, that
# kept it dropped (an earlier one had dropped it at 6.7%); site_serve no longer
# has its code to time.
DROPPED_ON = "2026-12-05"
DROPPED = (
    Dropped(
        "mkdocs.commands.serve.LiveReloadServer",
        "the watched files looked at every 0.1 s, not every 0.5 s",
        1.16,
        1.20,
        3.3,
    ),
)


def dropped_report() -> str:
    """Why each dropped replacement went, with the figures that decided it."""
    each = "each " if len(DROPPED) > 1 else ""
    return (
        f"Dropped on {DROPPED_ON}, {each}for saving under a tenth of an edit:\n\n"
        + (
            "\n".join(
                f"- `{dropped.replaced}` ({dropped.what_it_did}): "
                f"{SAVES_A_TENTH.description}: "
                f"**{verdict(dropped.saved, SAVES_A_TENTH)}** ({dropped.saved:.1f}%; "
                f"the median edit {dropped.with_all:.2f} s with every replacement, "
                f"{dropped.without_it:.2f} s without it, 15 edits a server)"
                for dropped in DROPPED
            )
        )
    )


def edits_table(timed: dict[str, Edits]) -> str:
    rows = []
    for name, edits in timed.items():
        built = statistics.median(edits.builds) if edits.builds else None
        rows.append(
            [
                name,
                f"{statistics.median(edits.seconds):.2f}",
                "not logged" if built is None else f"{built:.2f}",
                f"{max(edits.seconds):.2f}",
                str(edits.added),
            ]
        )
    return markdown_table(
        ["server", "median (s)", "its build (s)", "slowest (s)", "entries added"],
        rows,
    )


def section(rounds: int = 5) -> str:
    outcomes = {}
    with tempfile.TemporaryDirectory(prefix="editing-") as folder:
        timed = measure(timed_servers(), Path(folder), rounds)
        for engine in ENGINES:
            outcomes[engine] = {}
            for number, (broken, addition) in enumerate(BROKEN_EDITS.items()):
                progress(f"editing: {engine}, {broken}")
                outcomes[engine][broken] = broken_edit_outcome(
                    engine, Path(folder) / f"{engine}-broken-{number}", addition
                )
    medians = {name: statistics.median(edits.seconds) for name, edits in timed.items()}
    builds = timed["MkDocs"].builds
    parts = [
        f"A sentence appended to `docs/{EDITED_PAGE}.md`, {rounds} times under "
        "each server, each edit timed from the file's write until the served "
        "page holds it (fetched every 10 ms): MkDocs as `make serve` runs it, MkDocs "
        "without each of `site_serve`'s replacements (and without any, where "
        "there are several), and Zensical. The servers run side by side, each "
        "serving its own copy of the project, and each round edits under every "
        "one in turn, the first one a place later each round. The entries the edits "
        "added to the kept runs count what they ran again (a lab, a figure, a "
        "formula); a prose edit should run none.",
        edits_table(timed),
        "\n".join(
            f"- {engine}: {UNDER_A_SECOND.description}: "
            f"**{verdict(medians[engine], UNDER_A_SECOND)}** "
            f"({medians[engine]:.2f} s)"
            for engine in ENGINES
        ),
        replacements_report(medians),
        build_share(medians["MkDocs"], statistics.median(builds) if builds else None),
        "Then the page broken in two ways that `make build` refuses, each under "
        f"a new server, watched for {SETTLE_SECONDS} s:",
        markdown_table(
            ["server", *BROKEN_EDITS],
            [[engine, *outcomes[engine].values()] for engine in outcomes],
        ),
        held_requests(outcomes),
        which_server(medians, outcomes),
    ]
    return "\n\n".join(part for part in parts if part)


def main() -> None:
    parser = rounds_parser(__doc__.split("\n\n")[0], "edits per server")
    print_timed(lambda: section(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
