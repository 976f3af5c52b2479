"""The parts of benchmarks/ that can be wrong without timing anything: how they read
hyperfine's reports, the bare site they compare builds with, how they wait for an
edit, and the Performance page they write. Nothing here times a command."""

import contextlib
import inspect
import os
import re
import subprocess
import sys
import threading
import time
import types

import jupytext
import mkdocs.commands.build
import mkdocs.commands.serve
import mkdocs.livereload
import pytest
from mkdocs.config import load_config

import site_serve
from benchmarks import (
    building,
    ddpm_recipe,
    editing,
    lighthouse,
    performance,
    testing,
)
from benchmarks import report as reports
from benchmarks.hyperfine import Timing, parse, time_commands
from examples import ROOT
from site_prepare.local_browser import QuietHandler, serve
from site_prepare.paths import CACHE_FOLDER

HYPERFINE_REPORT = {
    "results": [
        {
            "command": "MkDocs",
            "mean": 4.2,
            "stddev": 0.3,
            "median": 4.1,
            "times": [3.9, 4.1, 4.6],
        },
        {"command": "bare", "mean": 2.0, "stddev": None, "median": 2.0, "times": [2.0]},
    ]
}


def test_hyperfine_reports_are_read_by_command_name():
    timings = parse(HYPERFINE_REPORT)
    assert timings["MkDocs"].median == 4.1 and timings["MkDocs"].runs == 3
    assert timings["bare"].stddev == 0.0  # one run has no spread


def test_a_failed_command_fails_the_timing_with_the_end_of_what_it_printed(
    tmp_path, monkeypatch
):
    # A stand-in for hyperfine, which CI does not install: it writes what its
    # command printed where --output says, and exits 1 as hyperfine does.
    stand_in = tmp_path / "hyperfine"
    stand_in.write_text(
        "#!/bin/sh\n"
        'while [ "$1" != "--output" ]; do shift; done\n'
        'seq 1 50 | sed "s/^/printed line /" > "$2"\n'
        "echo 'Error: Command terminated with non-zero exit code: 2.' >&2\n"
        "exit 1\n"
    )
    stand_in.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    with pytest.raises(RuntimeError) as failure:
        time_commands({"failing": "false"}, 1, cwd=tmp_path, warmup=0)
    message = str(failure.value)
    assert f"hyperfine failed in {tmp_path}: Error: Command terminated" in message
    quoted = [line for line in message.splitlines() if line.startswith("printed")]
    assert quoted == [f"printed line {n}" for n in range(11, 51)]


def test_the_bare_site_has_none_of_the_site_s_own_parts(tmp_path):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    bare = building.bare_config(config)
    for own in ["site_markdown.", "hooks/", "custom_fences", "auto_append", "abbr"]:
        assert own in config and own not in bare, own
    written = tmp_path / "mkdocs.yml"
    written.write_text(bare.replace("!relative $config_dir", str(ROOT)))
    loaded = load_config(str(written), docs_dir=str(ROOT / "docs"))
    assert not loaded["hooks"]
    assert "pymdownx.superfences" in loaded["markdown_extensions"]


@contextlib.contextmanager
def served_page(folder, text):
    """The address of ``folder/page.html``, holding ``text``, served over HTTP."""
    (folder / "page.html").write_text(text)
    with serve(folder) as site:
        yield f"{site}page.html"


def rewrite_later(page, text):
    threading.Timer(0.3, lambda: page.write_text(text)).start()


class CutShort(QuietHandler):
    """Answers as a server does that reads a page while it is being written."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "12")
        self.end_headers()
        self.wfile.write(b"<p>")


def test_a_page_cut_short_counts_as_not_served(tmp_path):
    with serve(tmp_path, CutShort) as site:
        assert editing.fetched(f"{site}page.html") == ""


def test_an_edit_is_timed_until_the_served_page_holds_it(tmp_path):
    with served_page(tmp_path, "before") as url:
        rewrite_later(tmp_path / "page.html", "before and after")
        assert 0.25 < editing.wait_for(url, "after") < 5


def test_a_restored_page_counts_once_it_is_served_without_the_edit(tmp_path):
    with served_page(tmp_path, f"{editing.SERVED_PAGE_TEXT} An edit.") as url:
        rewrite_later(tmp_path / "page.html", editing.SERVED_PAGE_TEXT)
        assert 0.25 < editing.wait_for(url, "An edit.", gone=True) < 5


def test_a_page_not_served_does_not_count_as_restored(monkeypatch):
    monkeypatch.setattr(editing, "GIVE_UP_SECONDS", 0.2)
    monkeypatch.setattr(editing, "fetched", lambda url: "")
    with pytest.raises(TimeoutError, match="never dropped 'An edit.'"):
        editing.wait_for("http://127.0.0.1:9/", "An edit.", gone=True)


def test_waiting_for_an_edit_that_never_comes_gives_up(monkeypatch):
    monkeypatch.setattr(editing, "GIVE_UP_SECONDS", 0.2)
    monkeypatch.setattr(editing, "fetched", lambda url: "")
    start = time.perf_counter()
    with pytest.raises(TimeoutError, match="never showed"):
        editing.wait_for("http://127.0.0.1:9/", "text")
    assert time.perf_counter() - start < 2


class FakeServer:
    """A server that serves its page as the edits leave it, or as it first was,
    or nothing, and that may stop when the page changes."""

    def __init__(self, page, serves, stops=False):
        self.page, self.serves, self.stops = page, serves, stops
        self.first = page.read_text()

    def poll(self):
        return 1 if self.stops and self.page.read_text() != self.first else None

    def fetched(self, url):
        return {"edits": self.page.read_text(), "first": self.first}.get(
            self.serves, ""
        )


@pytest.mark.parametrize(
    "serves, stops, outcome",
    [
        ("edits", False, editing.SERVED),
        ("first", False, editing.KEPT),
        ("edits", True, editing.STOPPED),
        ("nothing", False, editing.SERVED_NOTHING),
    ],
)
def test_a_broken_edit_is_told_by_what_the_server_then_serves(
    monkeypatch, tmp_path, serves, stops, outcome
):
    page = tmp_path / "docs" / f"{editing.EDITED_PAGE}.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"# {editing.SERVED_PAGE_TEXT} A page.\n")
    server = FakeServer(page, serves, stops)

    @contextlib.contextmanager
    def serving(engine, project):
        yield "http://127.0.0.1:9/", server, tmp_path / "server.log"

    monkeypatch.setattr(editing, "copy_project", lambda folder: tmp_path)
    monkeypatch.setattr(editing, "serving", serving)
    monkeypatch.setattr(editing, "fetched", server.fetched)
    monkeypatch.setattr(editing.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(editing, "SETTLE_SECONDS", 0.05)
    said = editing.broken_edit_outcome("MkDocs", tmp_path, "A [link](nowhere.md).")
    assert said == outcome


def test_each_section_of_the_performance_page_names_its_machine_and_verdicts():
    text = performance.PAGE.read_text(encoding="utf-8")
    for title, _ in performance.SECTIONS.values():
        assert f"\n## {title}\n" in text, title
    sections = performance.kept_sections()
    for title, body in sections.items():
        last_line = body.splitlines()[-1]
        assert last_line.startswith(performance.MEASURED_ON), title
        assert " cores, " in last_line and "torch " in last_line, title
    for title in ["Building", "Editing", "Labs", "The DDPM lab's recipe", "Testing"]:
        assert "**met**" in sections[title] or "**NOT met" in sections[title], title


def test_the_recipe_variants_set_only_what_the_lab_s_parameters_cell_sets():
    lab = jupytext.read(ddpm_recipe.LAB)
    (parameters,) = [
        cell for cell in lab.cells if "parameters" in cell.metadata.get("tags", [])
    ]
    assigned = {}
    exec(parameters.source, {}, assigned)
    for name, values in ddpm_recipe.VARIANTS:
        assert set(values) <= set(assigned), name
        # each changes one setting, to another value than the lab's
        assert len(values) <= 1 and all(assigned[k] != v for k, v in values.items())
    assert ddpm_recipe.VARIANTS[0][1] == {}  # the first is the lab as it is


def test_a_variant_s_values_follow_the_parameters_cell_and_change_nothing_else():
    lab = jupytext.read(ddpm_recipe.LAB)
    changed = ddpm_recipe.with_values(lab, {"SEED": 3, "CLIP": False})
    where = next(
        number
        for number, cell in enumerate(lab.cells)
        if "parameters" in cell.metadata.get("tags", [])
    )
    assert changed.cells[where + 1].source == "SEED = 3\nCLIP = False"
    del changed.cells[where + 1]
    assert changed == lab


def test_the_editing_section_says_which_server_make_serve_runs_and_why(monkeypatch):
    unsupported = "-s, --strict Strict mode (currently unsupported)."
    monkeypatch.setattr(editing, "zensical_strict_serve", lambda: unsupported)
    careful = dict.fromkeys(editing.BROKEN_EDITS, editing.KEPT)
    link, formula = editing.BROKEN_EDITS
    careless = {link: editing.SERVED, formula: editing.STOPPED}
    outcomes = {"MkDocs": careful, "Zensical": careless}
    said = editing.which_server({"MkDocs": 5.0, "Zensical": 1.25}, outcomes)
    assert said.startswith("`make serve` stays on MkDocs")
    assert "on a broken link, Zensical's server served the broken page" in said
    assert "on a formula KaTeX cannot parse, Zensical's server stopped" in said
    assert f"`{unsupported.rstrip('.')}`" in said
    assert "neither server reaches the 1 s goal" in said and "4.0x faster" in said
    assert "MkDocs 1.6.1 builds the whole site again" in said
    assert "mkdocs/blob/1.6.1/mkdocs/commands/serve.py" in said
    fast = editing.which_server({"MkDocs": 5.0, "Zensical": 0.5}, outcomes)
    assert "neither" not in fast and "stopped" in fast
    outcomes["Zensical"] = careful
    slow = editing.which_server({"MkDocs": 5.0, "Zensical": 1.25}, outcomes)
    assert "neither server reaches the 1 s goal" in slow and "help" not in slow
    slow = editing.which_server({"MkDocs": 0.5, "Zensical": 1.25}, outcomes)
    assert "Zensical misses the 1 s goal" in slow
    fast = editing.which_server({"MkDocs": 5, "Zensical": 0.5}, outcomes)
    assert "should move to it" in fast


def test_a_replacement_that_saves_a_tenth_of_an_edit_meets_its_goal():
    goal = editing.SAVES_A_TENTH
    assert reports.verdict(12.5, goal) == "met"
    assert reports.verdict(10.0, goal) == "met"
    assert reports.verdict(6.25, goal) == "NOT met (by 3.8%)"


def test_each_replacement_is_judged_by_the_share_of_an_edit_it_saves(monkeypatch):
    monkeypatch.setattr(editing, "REPLACEMENTS", dict.fromkeys(["a.Kept", "b.Spare"]))
    medians = {
        "MkDocs": 0.70,
        editing.without("a.Kept"): 0.90,
        editing.without("b.Spare"): 0.72,
        editing.WITHOUT_ANY: 1.40,
        "Zensical": 0.35,
    }
    said = editing.replacements_report(medians)
    # 0.2 of 0.9 s; 0.02 of 0.72 s; 0.7 of 1.4 s.
    assert "| `a.Kept` | 0.70 | 0.90 | 22.2% |" in said
    assert "| `b.Spare` | 0.70 | 0.72 | 2.8% |" in said
    assert "| all of them | 0.70 | 1.40 | 50.0% |" in said
    assert "- `a.Kept`: saves at least 10% of an edit: **met** (22.2%)" in said
    assert (
        "- `b.Spare`: saves at least 10% of an edit: **NOT met (by 7.2%)** (2.8%)"
    ) in said
    assert "all of them: saves" not in said  # a goal for each replacement alone
    del medians[editing.WITHOUT_ANY]
    monkeypatch.setattr(editing, "REPLACEMENTS", dict.fromkeys(["a.Kept"]))
    alone = editing.replacements_report(medians)
    assert "| `a.Kept` | 0.70 | 0.90 | 22.2% |" in alone and "all of them" not in alone


def test_a_dropped_replacement_is_said_to_miss_its_goal_by_what_it_saved():
    said = editing.dropped_report()
    for dropped in editing.DROPPED:
        assert dropped.replaced not in site_serve.REPLACEMENTS
        # The share it saved, from unrounded medians, is one its rounded ones allow.
        least = (dropped.without_it - 0.005) - (dropped.with_all + 0.005)
        most = (dropped.without_it + 0.005) - (dropped.with_all - 0.005)
        assert least / (dropped.without_it - 0.005) * 100 <= dropped.saved
        assert dropped.saved <= most / (dropped.without_it + 0.005) * 100
        shortfall = f"{editing.SAVES_A_TENTH.limit - dropped.saved:.1f}%"
        assert (
            f"- `{dropped.replaced}` ({dropped.what_it_did}): saves at least 10% of "
            f"an edit: **NOT met (by {shortfall})** ({dropped.saved:.1f}%; the "
            f"median edit {dropped.with_all:.2f} s with every replacement, "
            f"{dropped.without_it:.2f} s without it"
        ) in said


@pytest.mark.parametrize("names", [["a.Kept", "b.Spare"], ["a.Kept"]])
def test_mkdocs_is_timed_without_each_replacement_and_without_any(monkeypatch, names):
    monkeypatch.setattr(editing, "REPLACEMENTS", dict.fromkeys(names))
    servers = editing.timed_servers()
    assert servers.pop("MkDocs") == editing.Server("MkDocs")
    assert servers.pop("Zensical") == editing.Server("Zensical")
    for name in names:
        assert servers.pop(editing.without(name)) == editing.Server("MkDocs", (name,))
    # Without one of one is without any: timed once.
    without_any = {editing.WITHOUT_ANY: editing.Server("MkDocs", tuple(names))}
    assert servers == (without_any if len(names) > 1 else {})


def test_site_serve_s_replacements_are_those_timed():
    servers = editing.timed_servers()
    left_out = {server.left_out for server in servers.values()}
    assert {(name,) for name in site_serve.REPLACEMENTS} <= left_out


def test_a_server_is_told_the_replacements_it_leaves_out(monkeypatch, tmp_path):
    """A stand-in server that serves the edited page with what its environment
    says to leave out, and where to import from."""
    page = tmp_path / editing.EDITED_PAGE / "index.html"
    stand_in = (
        "import os, sys, pathlib, http.server, functools\n"
        f"page = pathlib.Path({str(page)!r})\n"
        "page.parent.mkdir(parents=True)\n"
        f"page.write_text('{editing.SERVED_PAGE_TEXT} ' + "
        f"os.environ[{site_serve.LEAVE_OUT!r}] + ' ' + os.environ['PYTHONPATH'])\n"
        "handler = functools.partial(\n"
        f"    http.server.SimpleHTTPRequestHandler, directory={str(tmp_path)!r})\n"
        "http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), handler)"
        ".serve_forever()\n"
    )
    monkeypatch.setattr(
        editing,
        "server_command",
        lambda engine, project, port: [sys.executable, "-c", stand_in, str(port)],
    )
    server = editing.Server("MkDocs", ("a.Kept", "b.Spare"))
    with editing.serving(server, tmp_path) as (url, _, _):
        served = editing.fetched(url)
    # and runs the code of this checkout
    assert served == f"{editing.SERVED_PAGE_TEXT} a.Kept,b.Spare {editing.ROOT}"


def test_each_round_edits_under_every_server_one_later_first(monkeypatch, tmp_path):
    cache = tmp_path / "kept runs"
    (cache / "a run").mkdir(parents=True)
    monkeypatch.setattr(editing, "THIS", types.SimpleNamespace(cache=cache))
    monkeypatch.setattr(editing, "copy_project", copied_project)

    @contextlib.contextmanager
    def serving(server, project):
        yield f"http://127.0.0.1:9/{project.name}", None, project / "server.log"

    def timed_edit(served, sentence, edits):
        edited.append((served.url.rsplit("/", 1)[1], ROUND.search(sentence)[1]))
        edits.seconds.append(len(edited))
        # What the last server's edits ran again.
        if served.url.endswith("server-2"):
            (served.project / CACHE_FOLDER / sentence).touch()

    edited = []
    monkeypatch.setattr(editing, "serving", serving)
    monkeypatch.setattr(editing, "timed_edit", timed_edit)
    monkeypatch.setattr(editing.time, "sleep", lambda seconds: None)
    servers = {name: editing.Server("MkDocs") for name in ("A", "B", "C")}
    timed = editing.measure(servers, tmp_path, rounds=3)
    assert edited == [
        ("server-0", "0"), ("server-1", "0"), ("server-2", "0"),
        ("server-1", "1"), ("server-2", "1"), ("server-0", "1"),
        ("server-2", "2"), ("server-0", "2"), ("server-1", "2"),
    ]  # fmt: skip
    # Each server's own edits, in the order they were made.
    seconds = [timed[name].seconds for name in servers]
    assert seconds == [[1, 6, 8], [2, 4, 9], [3, 5, 7]]
    assert [timed[name].added for name in servers] == [0, 0, 3]


ROUND = re.compile(r"round (\d+)")


def copied_project(destination):
    """A project of one page, holding a kept run of its own."""
    (destination / CACHE_FOLDER / "a run").mkdir(parents=True)
    return destination


def test_the_build_time_is_the_last_one_the_server_logged(tmp_path):
    log = tmp_path / "server.log"
    log.write_text("INFO    -  Building documentation...\n")
    assert editing.last_build_seconds(log) is None
    log.write_text(
        "INFO    -  Documentation built in 4.21 seconds\n"
        "INFO    -  [23:01:02] Detected file changes\n"
        "INFO    -  Documentation built in 1.07 seconds\n"
    )
    assert editing.last_build_seconds(log) == 1.07
    # The line as the installed MkDocs writes it.
    assert "'Documentation built in {time.monotonic() - start:.2f} seconds'" in (
        inspect.getsource(mkdocs.commands.build)
    )


def test_the_build_s_share_of_an_edit_is_said_only_when_logged():
    assert editing.build_share(1.5, None) == ""
    said = editing.build_share(1.5, 1.25)
    assert said.startswith("Of MkDocs' 1.50 s, its build took 1.25 s")
    assert "mkdocs/blob/1.6.1/mkdocs/livereload/__init__.py" in said
    # The intervals it gives: the installed server's default and delay (serve sets
    # neither).
    server = inspect.getsource(mkdocs.livereload)
    assert "polling_interval: float = 0.5," in server
    assert "PollingObserver(timeout=polling_interval)" in server
    assert "self.build_delay = 0.1" in server
    serve = inspect.getsource(mkdocs.commands.serve)
    assert "polling_interval" not in serve
    # Each rebuild loads mkdocs.yml again: the builder makes a new config.
    assert "config = load_config(" in serve and "config = get_config()" in serve
    assert editing.MKDOCS_POLLING_SECONDS == 0.5
    assert "every 0.5 s (`polling_interval`" in said and "0.1 s more" in said
    # What it says mkdocs serve keeps is what site_serve replaces.
    kept = {
        "the theme's compiled templates": "mkdocs.theme.Theme.get_env",
        "the search index's parse of each page": "material.plugins.search.plugin.Parser",
    }
    for words, replaced in kept.items():
        assert (words in said) == (replaced in site_serve.REPLACEMENTS), words


def test_zensical_s_help_still_describes_its_strict_serve():
    assert "--strict" in editing.zensical_strict_serve()


def test_a_server_that_held_its_requests_is_explained_from_mkdocs_source():
    careful = dict.fromkeys(editing.BROKEN_EDITS, editing.KEPT)
    held = dict.fromkeys(editing.BROKEN_EDITS, editing.SERVED_NOTHING)
    assert editing.held_requests({"MkDocs": careful, "Zensical": held}) == ""
    said = editing.held_requests({"MkDocs": held, "Zensical": careful})
    assert "mkdocs/blob/1.6.1/mkdocs/livereload/__init__.py" in said
    # The words it quotes are the installed server's own.
    quoted = said.split('"')[1]
    assert quoted in inspect.getsource(mkdocs.livereload)


def test_the_installed_mkdocs_rebuilds_every_page_as_the_page_says():
    """serve.py passes ``dirty`` only for ``--dirty``; build.py skips a page only
    when dirty, so every other rebuild reads and renders every page."""
    serve = inspect.getsource(mkdocs.commands.serve)
    assert "is_dirty = build_type == 'dirty'" in serve
    assert "dirty=is_dirty)" in serve
    build = inspect.getsource(mkdocs.commands.build)
    assert build.count("if dirty and not page.file.is_modified():") == 2


def lighthouse_run(performance_score, tbt=50.0, lcp=1800.0, accessibility=100):
    scores = dict.fromkeys(lighthouse.CATEGORIES, 100.0)
    scores |= {"performance": performance_score, "accessibility": accessibility}
    return lighthouse.Run(scores, fcp=1200.0, lcp=lcp, tbt=tbt, cls=0.0, dom=900.0)


def lighthouse_runs(site_runs):
    others = {
        lighthouse.UNCHANGED: [lighthouse_run(75, tbt=600)],
        lighthouse.ANCHOR: [lighthouse_run(60, tbt=900)],
    }
    return {
        (name, page): others.get(name, site_runs)
        for name in (lighthouse.SITE, *others)
        for page in lighthouse.PAGES
    }


@pytest.mark.parametrize(
    ("site_runs", "expected"),
    [
        (
            [lighthouse_run(80), lighthouse_run(95), lighthouse_run(96)],
            [
                "- performance at least 90, every page: **met** (lowest 95)",
                "**met** (longest 50 ms)",
                "| 95 (60) | 1.2 (1.2) | 1.8 (1.8) | 50 (900) |",
                "| 95 (75) | 50 (600) | 1.8 (1.8) |",
            ],
        ),
        (
            [lighthouse_run(85, tbt=260, lcp=2700, accessibility=96)] * 3,
            [
                "every page: **NOT met (by 5)** (lowest 85, `index.md`",
                "**NOT met (by 60 ms)** (longest 260 ms, `index.md`",
                "**NOT met (by 0.2 s)** (latest 2.7 s, `index.md`",
                "- accessibility 100, every page: **NOT met (by 4)**",
            ],
        ),
    ],
    ids=["the site's medians meet the goals", "a fall shows as NOT met, by how much"],
)
def test_lighthouse_goals_judge_the_medians_of_the_site_not_the_others(
    site_runs, expected
):
    shown = lighthouse.report(lighthouse_runs(site_runs), rounds=3)
    for line in expected:
        assert line in shown


def test_the_lighthouse_anchor_drops_exactly_the_projects_theme_changes():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    anchor = building.without_theme_changes(config)
    assert len(config) - len(anchor) == sum(map(len, building.THEME_CHANGES))
    assert "custom_dir" not in anchor and "content.lazy" not in anchor
    assert "palette.js" not in anchor


@pytest.mark.parametrize(
    ("score", "expected"),
    [(100, "met"), (90, "met"), (89, "NOT met (by 1)"), (61, "NOT met (by 29)")],
)
def test_a_score_goal_is_met_at_its_floor_and_above(score, expected):
    assert reports.verdict(score, lighthouse.PERFORMANCE) == expected


def test_a_floor_left_out_of_its_goal_is_missed_by_any_shortfall():
    over_half = reports.Goal("over 0.5", 0.5, inclusive=False, floor=True)
    assert reports.verdict(0.5, over_half) == "NOT met (by 0.00)"
    assert reports.verdict(0.51, over_half) == "met"


def test_the_lighthouse_goals_name_the_page_that_misses_them():
    runs = lighthouse_runs([lighthouse_run(96)] * 3)
    slowest = lighthouse.PAGES[5]
    runs[lighthouse.SITE, slowest] = [lighthouse_run(88, tbt=240, lcp=2600)] * 3
    shown = lighthouse.report(runs, rounds=3)
    name = lighthouse.page_id(slowest)
    assert f"**NOT met (by 2)** (lowest 88, `{name}`)" in shown
    assert f"**NOT met (by 40 ms)** (longest 240 ms, `{name}`)" in shown
    assert f"**NOT met (by 0.1 s)** (latest 2.6 s, `{name}`)" in shown


def test_the_site_without_its_speed_changes_drops_exactly_them(tmp_path):
    project = tmp_path / "project"
    (project / "docs" / "stylesheets").mkdir(parents=True)
    for file in ("mkdocs.yml", "docs/stylesheets/readable.css"):
        (project / file).write_text((ROOT / file).read_text("utf-8"), "utf-8")
    lighthouse.without_speed_changes(project)
    stylesheet = (project / "docs/stylesheets/readable.css").read_text("utf-8")
    config = (project / "mkdocs.yml").read_text("utf-8")
    assert "content-visibility" not in stylesheet
    assert "palette.js" not in config and "content.lazy" not in config
    # Nothing else changed.
    original = (ROOT / "docs/stylesheets/readable.css").read_text("utf-8")
    assert stylesheet == original.replace(lighthouse.DEFERRED_LAYOUT, "\n")
    assert config == building.without_theme_changes(
        (ROOT / "mkdocs.yml").read_text("utf-8")
    )
    fonts = tmp_path / "site" / "assets" / "katex" / "fonts"
    fonts.mkdir(parents=True)
    lighthouse.with_whole_fonts(tmp_path / "site")
    for font in fonts.iterdir():
        assert font.read_bytes() == (lighthouse.WHOLE_FONTS / font.name).read_bytes()
    assert len(list(fonts.iterdir())) == len(
        list(lighthouse.WHOLE_FONTS.glob("*.woff2"))
    )


def test_a_failed_lighthouse_run_is_an_error_not_a_score():
    with pytest.raises(RuntimeError, match="NO_FCP"):
        lighthouse.from_report({"runtimeError": {"code": "NO_FCP", "message": "x"}})


def test_the_suite_is_judged_against_its_time_at_the_earlier_commit():
    def timed(seconds):
        return Timing("", seconds, seconds, 0.0, 2)

    goal = testing.WITHIN_A_TENTH
    for now, earlier, share, said in [
        (329.0, 300.0, 29 / 3, "met"),
        (333.0, 300.0, 11.0, "NOT met (by 1.0%)"),
        (270.0, 300.0, -10.0, "met"),
    ]:
        timings = {testing.WHOLE_SUITE: timed(now), testing.AT_EARLIER: timed(earlier)}
        assert testing.share_over(timings) == pytest.approx(share)
        assert reports.verdict(testing.share_over(timings), goal) == said
    # The commit named is an ancestor of the one tested.
    ancestor = subprocess.run(
        ["git", "merge-base", "--is-ancestor", testing.EARLIER, "HEAD"],
        cwd=testing.ROOT,
        capture_output=True,
        text=True,
    )
    assert ancestor.returncode == 0, ancestor.stderr


def test_the_earlier_commit_s_failures_are_read_from_pytest_s_own_report(tmp_path):
    (tmp_path / "test_three.py").write_text(
        "def test_passes():\n    pass\n\n"
        "def test_fails():\n    assert False\n\n"
        "def test_errs(missing_fixture):\n    pass\n"
    )
    report = tmp_path / "report.xml"
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"--junit-xml={report}", str(tmp_path / "test_three.py")],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert ran.returncode == 1, ran.stdout  # the status the timed command accepts
    assert testing.failed_of(report) == (2, 3)
