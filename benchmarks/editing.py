"""How long a prose edit takes to reach the page under ``mkdocs serve``, and what the
rebuild executes again.

The benchmark serves a copy of the project with warm caches (a copy of ``.cache/``)
as ``make serve`` does (``mkdocs serve --strict --watch snippets``, on a free port of
127.0.0.1; not ``--no-livereload``: in MkDocs 1.6.1 that stops serve watching any file,
so an edit would never be rebuilt). Then, ``rounds`` times, it appends a new sentence
to an answer page and times, from the file's write, until the served page holds it,
fetching the page every 10 ms; the page is restored and its rebuild awaited before the
next edit. Alongside, in a second copy, ``mkdocs serve --dirty --no-strict`` (1.6.1
aborts a dirty build in strict mode, and mkdocs.yml sets ``strict: true``) gets the same
edits, interleaved round by round, and both served sites are checked for what the hooks
make.

During the prose edits, serve's log must show no notebook cache miss and no figure
example run, and ``.cache/`` must gain no entry. Then the cache keys: under ``make
serve``'s command a snippet that no lab names is edited, then one that the DDPM lab
names (the real lab, which then runs again: a minute or more); serve's log says which
labs came from the cache. It prints Markdown:

    .venv/bin/python benchmarks/editing.py --rounds 5

Progress goes to stderr. ``section()`` returns the same Markdown for another script.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.report import (  # noqa: E402
    Goal,
    markdown_table,
    print_timed,
    progress,
    rotated,
    rounds_parser,
    verdict,
)
from benchmarks.working_copies import (  # noqa: E402
    MKDOCS,
    mkdocs_environment,
    working_copy,
)

EDITED_PAGE = "docs/autograd/q8-vector-outputs.md"
EDITED_URL = "autograd/q8-vector-outputs/"
# Snippets for the cache keys: one no lab names, one the DDPM lab runs.
UNNAMED_SNIPPET = "snippets/q9_zeroing_and_detaching/q9a_zero_grad_loop.py"
DDPM_SNIPPET = "snippets/q5_noise_prediction_loss/ddpm.py"

POLL_INTERVAL_S = 0.01
START_TIMEOUT_S = 900  # a cold cache executes the DDPM lab before serving
REBUILD_TIMEOUT_S = 900
SETTLE_S = 0.6  # longer than MkDocs' 0.5 s file polling: no edit joins the last one

UNDER_ONE_SECOND = Goal(
    "a prose edit served in under 1 s", 1.0, inclusive=False, unit=" s"
)


# Serve's log.

REBUILD_STARTED = "Detected file changes"
REBUILD_FAILED = "An error happened during the rebuild"
REBUILD_DONE = "Reloading browsers"
BUILT_IN = re.compile(r"Documentation built in ([\d.]+) seconds")
CACHE_HIT = re.compile(r"Cache hit: (\S+)")
CACHE_MISS = re.compile(r"Cache miss, writing: (\S+)")
FIGURE_RUN = re.compile(r"Figure example run: (\S+)")
ABORTED = re.compile(r"^Aborted with .*$", re.MULTILINE)


@dataclass(frozen=True)
class ServeLog:
    """What a stretch of serve's log says happened."""

    rebuilds: int
    built_in_s: list[float]
    notebooks_from_cache: list[str]
    notebooks_executed: list[str]
    figure_runs: list[str]


def read_serve_log(text: str) -> ServeLog:
    return ServeLog(
        rebuilds=text.count(REBUILD_STARTED),
        built_in_s=[float(seconds) for seconds in BUILT_IN.findall(text)],
        notebooks_from_cache=[Path(path).name for path in CACHE_HIT.findall(text)],
        notebooks_executed=[Path(path).name for path in CACHE_MISS.findall(text)],
        figure_runs=FIGURE_RUN.findall(text),
    )


# The edits.


@contextmanager
def appended_line(path: Path, line: str) -> Iterator[float]:
    """Append ``line`` to the file as a paragraph of its own; yields the moment the
    write ended (``time.perf_counter``); puts the file back as it was on leaving."""
    original = path.read_bytes()
    with path.open("ab") as file:
        file.write(f"\n{line}\n".encode())
    written = time.perf_counter()
    try:
        yield written
    finally:
        path.write_bytes(original)


def unique_sentence(label: str) -> str:
    return f"Edit check {label} {uuid.uuid4().hex[:12]}: this sentence is new."


def cache_entries(workdir: Path) -> set[str]:
    """Every file under the working folder's ``.cache/``, by relative path."""
    cache = workdir / ".cache"
    return {path.relative_to(cache).as_posix() for path in cache.rglob("*")}


# The server.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page's text, or None while the server has no such page (mid-rebuild)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


@dataclass(frozen=True)
class ServeVariant:
    name: str
    folder: str
    options: tuple[str, ...]


MAKE_SERVE = ServeVariant(
    "mkdocs serve --strict --watch snippets",
    "strict",
    ("--strict", "--watch", "snippets"),
)
DIRTY = ServeVariant(
    "mkdocs serve --dirty --no-strict", "dirty", ("--dirty", "--no-strict")
)
SERVE_VARIANTS = (MAKE_SERVE, DIRTY)


@dataclass
class Server:
    """A running ``mkdocs serve`` of a copy of the project, and its log."""

    variant: ServeVariant
    workdir: Path
    url: str
    process: subprocess.Popen
    log_path: Path
    log_offset: int = 0
    edit_latencies_s: list[float] = field(default_factory=list)
    edit_logs: list[ServeLog] = field(default_factory=list)

    def log_since(self, offset: int) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[offset:]

    def log_size(self) -> int:
        return len(self.log_path.read_text(encoding="utf-8", errors="replace"))

    def page(self, path: str) -> str | None:
        return fetch(self.url + path)

    def check(self, since: int) -> None:
        """Fail, with the log, if serve exited or a rebuild failed since ``since``."""
        if self.process.poll() is not None:
            raise RuntimeError(
                f"{self.variant.name} exited ({self.process.returncode}):\n"
                + self.log_since(0)
            )
        log = self.log_since(since)
        if REBUILD_FAILED in log:
            raise RuntimeError(f"{self.variant.name}: a rebuild failed:\n{log}")


def serve_command(variant: ServeVariant, workdir: Path, port: int) -> list[str]:
    return [
        str(MKDOCS),
        "serve",
        *variant.options,
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(workdir / "mkdocs.yml"),
    ]


def wait_for(
    condition, timeout_s: float, server: Server, what: str, since: int = 0
) -> float:
    """Poll ``condition`` every 10 ms; the perf_counter moment it first held.
    Fails early if serve exits or logs a failed rebuild after ``since``."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if condition():
            return time.perf_counter()
        server.check(since)
        time.sleep(POLL_INTERVAL_S)
    raise TimeoutError(f"{server.variant.name}: {what} within {timeout_s:.0f} s")


@contextmanager
def running_server(variant: ServeVariant, folder: Path) -> Iterator[Server]:
    """Serve a copy of the project with a copy of the project's ``.cache/`` until
    the block ends, then stop the server with Ctrl-C, as a user does."""
    workdir = folder / variant.folder
    working_copy(workdir, warm=True)
    port = free_port()
    log_path = workdir / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            serve_command(variant, workdir, port),
            cwd=workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=mkdocs_environment(workdir),
            start_new_session=True,
        )
    server = Server(variant, workdir, f"http://127.0.0.1:{port}/", process, log_path)
    try:
        start = time.perf_counter()
        wait_for(
            lambda: server.page(EDITED_URL) is not None,
            START_TIMEOUT_S,
            server,
            "the site was not served",
        )
        progress(f"{variant.name}: serving after {time.perf_counter() - start:.1f} s")
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def served_edit_seconds(server: Server, label: str) -> float:
    """Append a sentence to the page; the seconds from the write until the served
    page holds it. The page is then restored, and its rebuild awaited."""
    page = server.workdir / EDITED_PAGE
    sentence = unique_sentence(label)
    offset = server.log_size()
    with appended_line(page, sentence) as written:
        served = wait_for(
            lambda: sentence in (server.page(EDITED_URL) or ""),
            REBUILD_TIMEOUT_S,
            server,
            f"the edit {label!r} was not served",
            since=offset,
        )
    wait_for(
        lambda: sentence not in (server.page(EDITED_URL) or sentence),
        REBUILD_TIMEOUT_S,
        server,
        "the restored page was not served",
        since=offset,
    )
    time.sleep(SETTLE_S)
    return served - written


def time_prose_edit(server: Server, label: str) -> None:
    """One prose edit: its seconds, and what serve's log said meanwhile."""
    offset = server.log_size()
    server.edit_latencies_s.append(served_edit_seconds(server, label))
    server.edit_logs.append(read_serve_log(server.log_since(offset)))


def measure_prose_edits(servers: dict[str, Server], rounds: int) -> None:
    for round_index in range(rounds):
        for variant in rotated(SERVE_VARIANTS, round_index):
            time_prose_edit(servers[variant.name], f"round {round_index + 1}")
        latest = ", ".join(
            f"{name} {server.edit_latencies_s[-1]:.2f} s"
            for name, server in servers.items()
        )
        progress(f"prose edit {round_index + 1} of {rounds}: {latest}")


# What --dirty keeps and loses of the hooks' work.


def search_index_pages(server: Server) -> set[str]:
    index = json.loads(server.page("search/search_index.json") or "{}")
    return {doc["location"].split("#")[0] for doc in index.get("docs", [])}


def served_site_checks(server: Server) -> dict[str, str]:
    """After the edits: what the served site holds of what the hooks make."""
    page = server.page(EDITED_URL) or ""
    other = server.page("autograd/q6-gradient-of-a-function/") or ""
    notebook = server.page(EDITED_URL + "q8-vector-outputs.ipynb") or ""

    def yes_no(holds: bool) -> str:
        return "yes" if holds else "**no**"

    return {
        "edited page: formulas rendered by KaTeX, no raw TeX": yes_no(
            'class="katex"' in page and "\\(" not in page
        ),
        "edited page: the notebook link under its title": yes_no(
            "Download this page's code" in page
        ),
        "edited page: its notebook served": yes_no('"cells"' in notebook),
        "an unedited page: formulas rendered": yes_no('class="katex"' in other),
        "pages in the search index": str(len(search_index_pages(server))),
    }


# The cache keys.


def append_comment(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")


@dataclass(frozen=True)
class SnippetEdit:
    snippet: str
    log: ServeLog
    seconds: float  # from the snippet's write to the end of serve's rebuild


def time_snippet_edit(server: Server, snippet: str) -> SnippetEdit:
    """Edit a snippet under a server that watches snippets/; the seconds until
    serve has rebuilt the site, and what the rebuild executed."""
    offset = server.log_size()
    progress(f"edited {snippet}; waiting for the rebuild (may execute a lab)...")
    append_comment(server.workdir / snippet)
    written = time.perf_counter()
    done = wait_for(
        lambda: REBUILD_DONE in server.log_since(offset),
        REBUILD_TIMEOUT_S,
        server,
        f"no rebuild after editing {snippet}",
        since=offset,
    )
    time.sleep(SETTLE_S)
    log = read_serve_log(server.log_since(offset))
    progress(f"rebuilt in {done - written:.1f} s, executed {log.notebooks_executed}")
    return SnippetEdit(snippet, log, done - written)


# The report.


def edit_builds_s(server: Server) -> list[float]:
    """MkDocs' "Documentation built in" of each edit's rebuild (not the restore's)."""
    return [log.built_in_s[0] for log in server.edit_logs if log.built_in_s]


def outside_build_s(server: Server) -> float:
    """Median seconds of an edit outside MkDocs' build: noticing the change,
    loading the configuration again, serving the page."""
    return statistics.median(
        latency - build
        for latency, build in zip(
            server.edit_latencies_s, edit_builds_s(server), strict=True
        )
    )


def latency_table(servers: dict[str, Server]) -> str:
    baseline = statistics.median(servers[MAKE_SERVE.name].edit_latencies_s)
    rows = []
    for variant in SERVE_VARIANTS:
        server = servers[variant.name]
        latencies = server.edit_latencies_s
        rows.append(
            [
                f"`{variant.name}`",
                f"{statistics.median(latencies):.2f}",
                f"{max(latencies):.2f}",
                f"{statistics.median(edit_builds_s(server)):.2f}",
                f"{outside_build_s(server):.2f}",
                f"{statistics.median(latencies) / baseline:.2f}x",
            ]
        )
    header = [
        "server",
        "write to served page, median (s)",
        "max (s)",
        "of which MkDocs' build, median (s)",
        "the rest, median (s)",
        "ratio to `make serve`",
    ]
    return markdown_table(header, rows)


def goal_lines(servers: dict[str, Server]) -> str:
    server = servers[MAKE_SERVE.name]
    median = statistics.median(server.edit_latencies_s)
    worst = max(server.edit_latencies_s)
    lines = [
        f"- {UNDER_ONE_SECOND.description} (`make serve`), median: "
        f"**{verdict(median, UNDER_ONE_SECOND)}** ({median:.2f} s)",
        f"- the same, slowest edit: **{verdict(worst, UNDER_ONE_SECOND)}** "
        f"({worst:.2f} s)",
    ]
    if verdict(worst, UNDER_ONE_SECOND) != "met":
        dirty = statistics.median(servers[DIRTY.name].edit_latencies_s)
        lines.append(
            "  Why: MkDocs 1.6.1 rebuilds the whole site on every change "
            f"({statistics.median(edit_builds_s(server)):.2f} s: every page through "
            "Markdown, the theme and the search index, the two lab pages included), "
            f"and {outside_build_s(server):.2f} s go to noticing the change (files "
            "polled every 0.5 s, then 0.1 s of quiet) and loading the configuration "
            f"again. `--dirty` rebuilds only the edited page ({dirty:.2f} s: "
            f"{verdict(dirty, UNDER_ONE_SECOND)}), but cannot run in strict mode."
        )
    return "\n".join(lines)


def nothing_reexecuted_line(
    servers: dict[str, Server], new_entries: dict[str, set[str]]
) -> str:
    parts, met = [], True
    for variant in SERVE_VARIANTS:
        server = servers[variant.name]
        executed = sum(len(log.notebooks_executed) for log in server.edit_logs)
        figures = sum(len(log.figure_runs) for log in server.edit_logs)
        new = len(new_entries[variant.name])
        met = met and executed == figures == new == 0
        parts.append(
            f"`{variant.name}`: {executed} notebook cache misses, {figures} figure "
            f"example runs, {new} new cache entries over {len(server.edit_logs)} "
            "edits and their restores"
        )
    return (
        f"- nothing unchanged is re-executed on a prose edit: "
        f"**{'met' if met else 'NOT met'}** ({'; '.join(parts)})"
    )


def snippet_table(edits: list[SnippetEdit]) -> str:
    rows = [
        [
            f"`{edit.snippet}`",
            str(edit.log.rebuilds),
            ", ".join(sorted(set(edit.log.notebooks_from_cache))) or "none",
            ", ".join(edit.log.notebooks_executed) or "none",
            f"{edit.seconds:.1f}",
        ]
        for edit in edits
    ]
    header = [
        "snippet edited (a comment appended)",
        "rebuilds",
        "labs from the cache",
        "labs executed",
        "write to rebuilt site (s)",
    ]
    return markdown_table(header, rows)


def cache_key_line(edits: list[SnippetEdit]) -> str:
    unnamed, named = edits
    met = not unnamed.log.notebooks_executed and named.log.notebooks_executed == [
        "lab-tiny-ddpm.py"
    ]
    return (
        "- an edited snippet re-executes only the labs that name it: "
        f"**{'met' if met else 'NOT met'}** (the real labs, not stand-ins)"
    )


def snippet_edits_note() -> str:
    return (
        f"Then, under `{MAKE_SERVE.name}` (`make serve`, which watches `snippets/` "
        "too), a snippet that no lab names was edited, then one the DDPM lab names, "
        "each row timed from the snippet's write to serve's \"Reloading browsers\":"
    )


def site_checks_table(servers: dict[str, Server]) -> str:
    checks = {
        variant.name: served_site_checks(servers[variant.name])
        for variant in SERVE_VARIANTS
    }
    rows = [
        [what, *(checks[variant.name][what] for variant in SERVE_VARIANTS)]
        for what in checks[MAKE_SERVE.name]
    ]
    header = [
        "after the edits, the served site",
        *(f"`{v.name}`" for v in SERVE_VARIANTS),
    ]
    return markdown_table(header, rows)


def strict_dirty_note(message: str) -> str:
    return (
        "`mkdocs serve --strict --dirty` does not start in MkDocs 1.6.1: every dirty "
        "build logs a warning (\"A 'dirty' build is being performed ...\") that "
        f'strict mode counts (it ended with "{message}"); mkdocs.yml sets '
        "`strict: true`, so `--dirty` is measured with `--no-strict`. It rebuilds "
        "only pages whose source is newer than their output, but still runs every "
        "`on_config` and `on_files` hook and plugin (the notebooks' and KaTeX's "
        "files included)."
    )


def report(
    servers: dict[str, Server],
    new_entries: dict[str, set[str]],
    edits: list[SnippetEdit],
    strict_dirty_message: str,
    rounds: int,
) -> str:
    intro = (
        f"`mkdocs serve` of a copy of the project with warm caches, {rounds} prose "
        f"edits (a new sentence appended to `{EDITED_PAGE}`), each timed from the "
        "file's write until the served page, fetched every 10 ms, holds it; the page "
        "restored and rebuilt before the next. `make serve`'s command and "
        "`--dirty` served two copies at once, their edits interleaved round by round, "
        f"on {os.cpu_count()} cores shared with other work. MkDocs notices a change by "
        "polling the files every 0.5 s and starts after 0.1 s without further "
        "change; then it loads the configuration again and rebuilds the whole site."
    )
    return "\n\n".join(
        [
            intro,
            latency_table(servers),
            strict_dirty_note(strict_dirty_message),
            site_checks_table(servers),
            snippet_edits_note(),
            snippet_table(edits),
            "Goals:",
            "\n".join(
                [
                    goal_lines(servers),
                    nothing_reexecuted_line(servers, new_entries),
                    cache_key_line(edits),
                ]
            ),
        ]
    )


def strict_dirty_abort(folder: Path) -> str:
    """Start ``mkdocs serve --strict --dirty`` and return how it ends."""
    variant = ServeVariant(
        "mkdocs serve --strict --dirty", "strict-dirty", ("--strict", "--dirty")
    )
    workdir = folder / variant.folder
    working_copy(workdir, warm=True)
    process = subprocess.run(
        serve_command(variant, workdir, free_port()),
        cwd=workdir,
        capture_output=True,
        text=True,
        env=mkdocs_environment(workdir),
        timeout=START_TIMEOUT_S,
    )
    aborted = ABORTED.search(process.stdout + process.stderr)
    return aborted[0] if aborted else f"exit status {process.returncode}, no abort"


def section(rounds: int = 5) -> str:
    """The benchmark's report as Markdown, with no top-level heading."""
    with ExitStack() as stack:
        folder = Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="editing-"))
        )
        strict_dirty_message = strict_dirty_abort(folder)
        progress(f"mkdocs serve --strict --dirty: {strict_dirty_message}")
        servers = {
            variant.name: stack.enter_context(running_server(variant, folder))
            for variant in SERVE_VARIANTS
        }
        before = {
            name: cache_entries(server.workdir) for name, server in servers.items()
        }
        measure_prose_edits(servers, rounds)
        new_entries = {
            name: cache_entries(server.workdir) - before[name]
            for name, server in servers.items()
        }
        edits = [
            time_snippet_edit(servers[MAKE_SERVE.name], snippet)
            for snippet in (UNNAMED_SNIPPET, DDPM_SNIPPET)
        ]
        return report(servers, new_entries, edits, strict_dirty_message, rounds)


def main() -> None:
    parser = rounds_parser(__doc__.split("\n\n")[0], "prose edits per server")
    rounds = parser.parse_args().rounds
    print_timed(lambda: section(rounds))


if __name__ == "__main__":
    main()
