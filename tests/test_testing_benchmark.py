"""The testing benchmark and the Performance page it feeds, checked without timing."""

import sys

import pytest

from examples import PERFORMANCE_PAGE, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import performance  # noqa: E402
import testing  # noqa: E402

PYTEST_OUTPUT = """\
........                                                                 [100%]
============================= slowest 8 durations ==============================
48.93s setup    tests/test_lab.py::test_samples[bright_fraction]
3.24s call     docs/autograd/q6-gradient-of-a-function.md::[CodeFence#1][line:8]
2.50s call     tests/test_build.py::test_the_build_fails_loudly_on[a broken link]
0.01s teardown tests/test_values.py::test_seven
297 passed, 31 xfailed, 28 warnings in 249.25s (0:04:09)
"""


def test_every_test_file_belongs_to_a_group():
    assert testing.unassigned_test_files() == []


def test_the_report_reads_the_tests_run_and_the_slowest_from_pytest():
    assert testing.tests_run(PYTEST_OUTPUT) == "297 passed, 31 xfailed, 28 warnings"
    assert testing.slowest(PYTEST_OUTPUT).splitlines()[2:] == [
        "| 48.9 | setup | `tests/test_lab.py::test_samples[bright_fraction]` |",
        "| 3.2 | call | `docs/autograd/q6-gradient-of-a-function.md::[CodeFence#1][line:8]` |",
        "| 2.5 | call | `tests/test_build.py::test_the_build_fails_loudly_on[a broken link]` |",
        "| 0.0 | teardown | `tests/test_values.py::test_seven` |",
    ]


def test_test_time_is_summed_by_the_group_of_each_test():
    assert testing.seconds_by_group(PYTEST_OUTPUT) == pytest.approx(
        {"snippets": 48.93 + 3.24 + 0.01, "build": 2.50}
    )
    with pytest.raises(ValueError, match="tests/test_new.py::t belongs to no group"):
        testing.group_of("tests/test_new.py::t")


def test_the_goal_fails_by_the_seconds_over_a_minute():
    assert testing.verdict(59.4, testing.UNDER_A_MINUTE) == "met"
    assert testing.verdict(75.2, testing.UNDER_A_MINUTE) == "NOT met (by 15 s)"


def test_the_page_keeps_the_sections_not_measured_again(tmp_path, monkeypatch):
    monkeypatch.setattr(performance, "PAGE", tmp_path / "performance.md")
    sections = {
        "Reading": "| a | b |\n| --- | --- |\n| 1 | 2 |",
        "Testing": "- goal: **met**",
    }
    performance.PAGE.write_text(performance.page(sections))
    assert performance.kept_sections() == sections


def test_the_performance_page_names_the_machine_and_orders_its_sections():
    text = PERFORMANCE_PAGE.read_text(encoding="utf-8")
    shown = [m["title"] for m in performance.SECTION_HEADING.finditer(text)]
    order = [title for title, _ in performance.SECTIONS.values()]
    assert shown == [title for title in order if title in shown]
    assert "- Measured on " in text and " cores, " in text
    assert "performance.md" in (ROOT / "mkdocs.yml").read_text()


def test_each_section_of_the_page_states_its_goals_verdicts():
    sections = performance.kept_sections()
    assert sections, "the Performance page has no section"
    for title, section in sections.items():
        assert "**met**" in section or "**NOT met" in section, title
