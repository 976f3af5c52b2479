"""The parts of benchmarks/building.py and benchmarks/editing.py that can be wrong
without timing anything: the variant sites they build, the serve command, the edit
helper and the reading of serve's log. Nothing here builds or serves a site."""

import json
import logging
import re
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config

from benchmarks import building, editing
from examples import ROOT
from hooks import snippet_figures

CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
PROJECT = load_config(str(ROOT / "mkdocs.yml"))


@pytest.fixture(scope="module")
def variant_configs(tmp_path_factory):
    """Each variant's copy of the project, as MkDocs loads its configuration."""
    folder = tmp_path_factory.mktemp("variants")
    return {
        variant.name: load_config(
            str(building.prepare_variant(variant, folder, warm=False) / "mkdocs.yml")
        )
        for variant in building.VARIANTS
    }


def nav_paths(nav) -> list[str]:
    """Every page path of a nav, nested sections included."""
    paths = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        paths += nav_paths(value) if isinstance(value, list) else [value]
    return paths


def test_the_full_variant_is_the_project_as_it_is():
    assert building.FULL.configure(CONFIG) == CONFIG
    assert building.FULL.strict


def test_the_exporter_scan_variant_changes_only_the_environment():
    variant = building.NO_EXPORTER_SCAN
    assert variant.configure(CONFIG) == CONFIG and variant.strict
    assert variant.environment == {"NBCONVERT_DISABLE_CONFIG_EXPORTERS": "1"}
    assert all(not v.environment for v in building.VARIANTS if v is not variant)


def test_same_site_compares_every_file_and_its_bytes(tmp_path):
    one, other = tmp_path / "one", tmp_path / "other"
    for site in (one, other):
        (site / "page").mkdir(parents=True)
        (site / "page" / "index.html").write_text("<p>same</p>")
    assert building.same_site(one, other)
    (other / "page" / "index.html").write_text("<p>changed</p>")
    assert not building.same_site(one, other)
    (other / "page" / "index.html").write_text("<p>same</p>")
    (other / "extra.js").write_text("")
    assert not building.same_site(one, other)


def test_the_no_execution_variant_only_stops_executing_notebooks(variant_configs):
    config = variant_configs[building.NO_EXECUTION.name]
    assert config.plugins["mkdocs-jupyter"].config["execute"] is False
    assert list(config["hooks"]) == list(PROJECT["hooks"])
    assert config["nav"] == PROJECT["nav"]
    assert config["strict"] is True
    assert (
        building.NO_EXECUTION.configure(CONFIG).replace(
            "execute: false", "execute: true"
        )
        == CONFIG
    )


def test_the_bare_variant_has_no_hooks_no_notebooks_and_no_labs(variant_configs):
    config = variant_configs[building.BARE.name]
    assert not config["hooks"]
    assert "mkdocs-jupyter" not in config.plugins
    assert list(config.plugins) == ["material/search"]
    labs = [path for path in nav_paths(PROJECT["nav"]) if path.endswith(".py")]
    assert labs, "the project's nav should list the labs"
    assert nav_paths(config["nav"]) == [
        path for path in nav_paths(PROJECT["nav"]) if path not in labs
    ]
    assert config["strict"] is False
    assert not building.BARE.strict


def test_the_bare_variant_keeps_the_theme_and_markdown_extensions(variant_configs):
    config = variant_configs[building.BARE.name]
    assert config["theme"].name == PROJECT["theme"].name == "material"
    assert dict(config["theme"]) == dict(PROJECT["theme"])
    assert config["markdown_extensions"] == PROJECT["markdown_extensions"]
    assert config["mdx_configs"].keys() == PROJECT["mdx_configs"].keys()
    assert config["extra_css"] == PROJECT["extra_css"]


def test_only_the_bare_build_runs_without_strict():
    assert "--strict" in building.build_command(ROOT, strict=True)
    assert "--strict" not in building.build_command(ROOT, strict=False)


def test_a_changed_mkdocs_yml_fails_loudly_instead_of_building_the_wrong_site():
    with pytest.raises(ValueError, match="execute: true"):
        building.no_execution_config(CONFIG.replace("execute: true", "execute: yes"))
    with pytest.raises(ValueError, match="strict: true"):
        building.bare_config(CONFIG.replace("strict: true", "strict: yes"))


BUILD_LOG = """\
INFO    -  Cleaning site directory
INFO    -  Cache hit: /tmp/x/project/docs/autograd/lab-energy-langevin.py
INFO    -  Cache miss, writing: /tmp/x/project/docs/diffusion/lab-tiny-ddpm.py
INFO    -  Documentation built in 2.74 seconds
"""


def test_a_build_run_splits_its_wall_time_and_names_its_notebooks():
    run = building.BuildRun(wall_s=4.5, log=BUILD_LOG)
    assert run.in_build_s == 2.74
    assert run.startup_s == pytest.approx(1.76)
    assert run.cached_notebooks == ["lab-energy-langevin.py"]
    assert run.executed_notebooks == ["lab-tiny-ddpm.py"]


def test_the_goal_is_at_most_twice_the_bare_build():
    assert building.verdict(2.0, building.AT_MOST_TWICE_BARE) == "met"
    assert building.verdict(2.31, building.AT_MOST_TWICE_BARE) == "NOT met (by 0.31x)"


def test_the_edit_helper_appends_one_line_and_restores_the_page(tmp_path):
    page = tmp_path / "page.md"
    original = "# Title\n\nSome prose.\n"
    page.write_text(original, encoding="utf-8")
    with editing.appended_line(page, "A new sentence.") as written:
        assert isinstance(written, float)
        text = page.read_text(encoding="utf-8")
        assert text == original + "\nA new sentence.\n"
        assert text.count("\n") == original.count("\n") + 2
    assert page.read_text(encoding="utf-8") == original


def test_the_edit_helper_restores_the_page_when_the_measurement_fails(tmp_path):
    page = tmp_path / "page.md"
    page.write_bytes(b"no final newline")
    with pytest.raises(TimeoutError), editing.appended_line(page, "Edited."):
        raise TimeoutError
    assert page.read_bytes() == b"no final newline"


def test_every_edit_sentence_is_new():
    sentences = {editing.unique_sentence("round 1") for _ in range(100)}
    assert len(sentences) == 100


SERVE_LOG = """\
INFO    -  Detected file changes
INFO    -  Building documentation...
INFO    -  Cache hit: /tmp/e/strict/project/docs/autograd/lab-energy-langevin.py
INFO    -  Cache miss, writing: /tmp/e/strict/project/docs/diffusion/lab-tiny-ddpm.py
INFO    -  Figure example run: docs/diffusion/q1-sinusoidal-embedding.md (not in .cache/snippet-figures)
INFO    -  Documentation built in 64.20 seconds
INFO    -  Reloading browsers
"""


def test_the_log_reader_recognises_a_cache_miss_a_hit_and_a_figure_run():
    log = editing.read_serve_log(SERVE_LOG)
    assert log.rebuilds == 1
    assert log.built_in_s == [64.2]
    assert log.notebooks_from_cache == ["lab-energy-langevin.py"]
    assert log.notebooks_executed == ["lab-tiny-ddpm.py"]
    assert log.figure_runs == ["docs/diffusion/q1-sinusoidal-embedding.md"]


def test_a_quiet_rebuild_executes_nothing():
    log = editing.read_serve_log(
        "INFO    -  Detected file changes\n"
        "INFO    -  Cache hit: /p/docs/diffusion/lab-tiny-ddpm.py\n"
        "INFO    -  Documentation built in 2.50 seconds\n"
    )
    assert log.notebooks_executed == [] and log.figure_runs == []


def test_the_figure_hook_logs_the_line_the_reader_looks_for(
    tmp_path, monkeypatch, caplog
):
    monkeypatch.chdir(tmp_path)  # the hook's cache is relative to the working folder
    code = "open('dot.svg', 'w').write('<svg/>')"
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.snippet_figures"):
        assert snippet_figures.draw(code, "docs/page.md") == {"dot.svg": b"<svg/>"}
        snippet_figures.draw(code, "docs/page.md")  # from the cache: no second line
    log = editing.read_serve_log("\n".join(caplog.messages))
    assert log.figure_runs == ["docs/page.md"]


def test_the_mkdocs_jupyter_messages_are_the_ones_the_readers_look_for():
    import mkdocs_jupyter.plugin

    source = open(mkdocs_jupyter.plugin.__file__, encoding="utf-8").read()
    assert '"Cache hit: %s"' in source
    assert '"Cache miss, writing: %s"' in source


def test_serve_runs_as_the_makefile_runs_it():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    options = re.search(r"/bin/mkdocs serve(.*)$", makefile, re.MULTILINE)[1].split()
    assert list(editing.MAKE_SERVE.options) == options
    assert "--no-livereload" not in editing.MAKE_SERVE.options


def test_the_dirty_server_turns_strict_off_as_mkdocs_yml_turns_it_on():
    assert PROJECT["strict"] is True
    assert editing.DIRTY.options == ("--dirty", "--no-strict")


def test_the_edited_snippets_are_one_no_lab_names_and_one_the_ddpm_lab_runs():
    from hooks import notebook_cache

    named = {
        path.relative_to(ROOT).as_posix()
        for lab in (ROOT / "docs").rglob("lab-*.py")
        for path in notebook_cache.snippet_files_named(lab, ROOT / "snippets")
    }
    ddpm = {
        path.relative_to(ROOT).as_posix()
        for path in notebook_cache.snippet_files_named(
            ROOT / "docs/diffusion/lab-tiny-ddpm.py", ROOT / "snippets"
        )
    }
    assert editing.UNNAMED_SNIPPET not in named
    assert (ROOT / editing.UNNAMED_SNIPPET).is_file()
    assert editing.DDPM_SNIPPET in ddpm
    assert (ROOT / editing.EDITED_PAGE).is_file()


# The formula cache of hooks/katex_math.py, which the building benchmark led to.


@pytest.fixture
def katex_in(tmp_path, monkeypatch):
    """KaTeX renderers whose formula cache lives under ``tmp_path``."""
    from hooks import katex_math

    monkeypatch.chdir(tmp_path)  # the cache is relative to the working folder
    renderers = []

    def renderer():
        renderers.append(katex_math.KatexRenderer(ROOT / "node_modules/katex/dist"))
        return renderers[-1]

    yield renderer
    for each in renderers:
        each.close()


def test_a_rendered_formula_comes_from_the_cache_without_starting_v8(katex_in):
    first = katex_in()
    rendered = first.render(r"\frac{a}{b}", display=False)
    first.save()
    second = katex_in()
    assert second.render(r"\frac{a}{b}", display=False) == rendered
    assert second._context is None  # V8 never started
    assert second.render(r"\frac{a}{b}", display=True) != rendered  # another mode


def test_a_formula_katex_rejects_is_never_cached(katex_in):
    first = katex_in()
    with pytest.raises(ValueError, match="Undefined control sequence"):
        first.render(r"\notamacro", display=False)
    first.save()
    with pytest.raises(ValueError, match="Undefined control sequence"):
        katex_in().render(r"\notamacro", display=False)


def test_the_cache_keeps_only_the_last_builds_formulas(katex_in, tmp_path):
    first = katex_in()
    first.render("a", display=False)
    first.render("b", display=False)
    first.save()
    second = katex_in()
    second.render("b", display=False)
    second.save()
    [cache_file] = (tmp_path / ".cache" / "katex").glob("*.json")
    katex = json.loads((ROOT / "node_modules/katex/package.json").read_text())
    assert f"katex-{katex['version']}-" in cache_file.name  # a new KaTeX, a new file
    assert list(json.loads(cache_file.read_text(encoding="utf-8"))) == ["inline:b"]


def test_a_missed_build_goal_says_why_in_start_up_and_build_seconds():
    def runs_of(wall: float, built: float) -> list:
        return [
            building.BuildRun(wall, f"INFO -  Documentation built in {built} seconds")
        ]

    runs = {
        building.FULL.name: runs_of(4.9, 2.5),
        building.NO_EXECUTION.name: runs_of(4.7, 2.4),
        building.NO_EXPORTER_SCAN.name: runs_of(4.1, 2.5),
        building.BARE.name: runs_of(2.3, 1.6),
    }
    lines = building.goal_lines(runs)
    assert "**NOT met (by 0.13x)** (2.13x" in lines
    assert "1.70 s more than bare to start" in lines
    assert "0.90 s more to build" in lines
    assert "the ratio is 1.78x: met" in lines
    runs[building.FULL.name] = runs_of(4.0, 2.0)
    assert "Why" not in building.goal_lines(runs)


def test_a_missed_serve_goal_splits_the_rebuild_from_the_rest():
    def server(latencies: list[float], builds: list[float]) -> SimpleNamespace:
        logs = [
            editing.read_serve_log(
                f"INFO    -  Documentation built in {build} seconds\n" * 2
            )
            for build in builds
        ]
        return SimpleNamespace(edit_latencies_s=latencies, edit_logs=logs)

    servers = {
        editing.MAKE_SERVE.name: server([2.7, 2.9, 2.5], [2.2, 2.3, 2.0]),
        editing.DIRTY.name: server([1.2, 1.3, 1.2], [0.8, 0.8, 0.7]),
    }
    assert editing.edit_builds_s(servers[editing.MAKE_SERVE.name]) == [2.2, 2.3, 2.0]
    assert editing.outside_build_s(servers[editing.MAKE_SERVE.name]) == pytest.approx(
        0.5
    )
    lines = editing.goal_lines(servers)
    assert "median: **NOT met (by 1.70 s)** (2.70 s)" in lines
    assert "slowest edit: **NOT met (by 1.90 s)** (2.90 s)" in lines
    assert "the whole site on every change (2.20 s" in lines
    assert "and 0.50 s go to noticing the change" in lines
    assert "(1.20 s: NOT met (by 0.20 s))" in lines
    table = editing.latency_table(servers)
    assert "| `mkdocs serve --dirty --no-strict` | 1.20 | 1.30 | 0.80 |" in table
