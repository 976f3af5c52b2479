"""Each extension of site_markdown/: a small page and exactly the HTML it gives.

The cases are tests/golden/<extension>/<case>.md (tests/golden_html.py);
``pytest tests/test_golden.py --update-golden`` rewrites their HTML.
"""

import re
import shutil

import pytest

import golden_html
from examples import ROOT
from golden_html import GOLDEN, StaleGolden, check

# Each module of site_markdown/ that mkdocs.yml names: an extension or a fence's
# formatter.
NAMED = re.compile(r"\bsite_markdown\.(\w+)")


def test_every_extension_of_mkdocs_yml_has_golden_cases():
    named = set(NAMED.findall((ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    assert {case.parent.name for case in golden_html.cases()} == named


@pytest.mark.parametrize(
    "case",
    golden_html.cases(),
    ids=lambda case: case.relative_to(GOLDEN).with_suffix("").as_posix(),
)
def test_the_html_of_each_case_is_its_golden_file(case, request):
    note = check(case, update=request.config.getoption("update_golden"))
    if note:
        print(note)


@pytest.fixture
def stale_case(tmp_path):
    """A case whose golden file holds one word more than the extensions give."""
    folder = tmp_path / "stated_values"
    folder.mkdir()
    case = folder / "stale.md"
    case.write_text("# Title\n\nIt is {{ 7 <- q6a_derivative: x.grad }} here.\n")
    fresh = golden_html.converted(case)
    case.with_suffix(".html").write_text(fresh.replace("here", "here still"))
    return case, fresh


def test_a_golden_file_out_of_date_fails_with_its_diff(stale_case):
    case, _ = stale_case
    with pytest.raises(StaleGolden) as failure:
        check(case)
    message = str(failure.value)
    assert message.startswith(
        "stated_values/stale.html is not what the extensions make of stale.md:"
    )
    assert "-<p>It is 7 here still.</p>\n+<p>It is 7 here.</p>" in message
    assert "make update-golden" in message


def test_update_golden_rewrites_the_file(stale_case):
    case, fresh = stale_case
    assert check(case, update=True) == "rewrote stated_values/stale.html"
    assert case.with_suffix(".html").read_text() == fresh
    assert check(case) is None


def test_a_case_without_its_golden_file_fails(stale_case):
    case, _ = stale_case
    missing = case.with_name("new.md")
    shutil.copy(case, missing)
    with pytest.raises(StaleGolden, match="new.html is missing"):
        check(missing)
