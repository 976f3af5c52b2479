"""Every value a page states in prose or math is its exact value, as written.

Pages mark such values as ``{{ 7 <- q6a_derivative: x.grad == 2 * 2 + 3 }}``
(see site_markdown/stated_values.py). Each marker is one test item, named by
page, line, value and source, so ``pytest --collect-only -q
tests/test_stated_values.py`` lists them all. The written value must be the
exact value after ``==`` (tests/exact_values.py), equal to it if written without
decimals, else rounded to the decimals written; the example's run must agree
with the exact value to float32's precision. Where the run, rounded as written,
shows another value than the exact one (float32's cos 0.01 is 0.99994999, the
exact value 0.99995000...), the page must state the float32 value too, with the
exact value ``f32(cos(0.01))``, so that it says which one it shows.
"""

import functools
import json
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest
import torch

from exact_values import OracleError, as_written, evaluate, f32, shown_as
from examples import DOCS, ROOT, all_pages, run_in_process
from site_markdown.sources import read_bibliography
from site_markdown.stated_values import MARKER, SOURCED, expression_and_exact
from site_prepare.lab_values import VALUES_FILE
from site_prepare.labs import kept_run
from site_prepare.pages import lab_sources
from site_prepare.paths import THIS
from site_tools.builds import prepared_project

NUMBER = re.compile(r"-?\d+(?:\.(\d+))?(?:e-?\d+)?")
# float32 keeps 24 bits: a result a few roundings from the exact value is
# within this share of it.
FLOAT32_AGREEMENT = 1e-6


@dataclass(frozen=True)
class StatedValue:
    page: Path
    line: int
    sentence: str
    value: str
    example: str
    expression: str
    exact: str | None

    def __str__(self) -> str:
        exact = f" == {self.exact}" if self.exact else ""
        return (
            f"{self.page.relative_to(ROOT)}:{self.line} {self.value} <- "
            f"{self.example}: {self.expression}{exact}"
        )


def stated_values() -> list[StatedValue]:
    found = []
    for page in all_pages() + lab_sources():
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            for marker in MARKER.finditer(line):
                found.append(
                    StatedValue(
                        page,
                        number,
                        line.strip(),
                        marker["value"],
                        marker["example"],
                        *expression_and_exact(marker["expression"]),
                    )
                )
    return found


@functools.cache
def bibliography():
    path = DOCS / "includes" / "sources.bib"
    return read_bibliography(path.read_text(encoding="utf-8"), path.name)


@functools.cache
def variables_of(example: str) -> dict:
    return run_in_process(example)


@functools.cache
def lab_values(lab: Path) -> dict:
    """The values of the lab's stated expressions, from the run the build kept."""
    prepared_project()
    return json.loads((kept_run(lab, THIS) / VALUES_FILE).read_text("utf-8"))


def results_of(stated: StatedValue) -> list[float]:
    if stated.example == "lab":
        return as_numbers(lab_values(stated.page)[stated.expression])
    return as_numbers(eval(stated.expression, dict(variables_of(stated.example))))


def as_numbers(result) -> list[float]:
    if isinstance(result, torch.Tensor):
        result = result.detach().tolist()
    if isinstance(result, (int, float)):
        return [float(result)]
    return [number for item in result for number in as_numbers(item)]


def agrees(written: str, result: float) -> bool:
    decimals = NUMBER.fullmatch(written).group(1)
    if decimals is None:
        return abs(result - float(written)) <= 1e-6 * max(1.0, abs(result))
    return abs(result - float(written)) <= 0.5 * 10 ** -len(decimals) + 1e-12


def fail(stated: StatedValue, problem: str) -> None:
    pytest.fail(
        f"{stated.page.relative_to(ROOT)}:{stated.line} states {stated.value}, "
        f"but {problem}\n  in: {stated.sentence}",
        pytrace=False,
    )


def float32_stated_beside(stated: StatedValue) -> bool:
    """Whether the page also states this exact value as float32 stores it."""
    return any(
        other.page == stated.page and other.exact == f"f32({stated.exact})"
        for other in stated_values()
    )


def check(stated: StatedValue, results: list[float]) -> None:
    written = [number.group(0) for number in NUMBER.finditer(stated.value)]
    assert written, f"{stated}: the stated value holds no number"
    if len(written) != len(results):
        fail(stated, f"{stated.example} gives {stated.expression} = {results}")
    if stated.exact is None:
        if not all(map(agrees, written, results)):
            fail(stated, f"{stated.example} gives {stated.expression} = {results}")
        return
    try:
        exact = evaluate(stated.exact)
    except OracleError as error:
        fail(stated, str(error))
    if len(exact) != len(written):
        fail(stated, f"its exact value {stated.exact} has {len(exact)} numbers")
    for text, (value, from_float), result in zip(written, exact, results, strict=True):
        try:
            is_shown = shown_as(text, value, from_float)
        except OracleError as error:
            fail(stated, str(error))
        if not is_shown:
            fail(stated, f"its exact value {stated.exact} is {float(value)!r}")
        if abs(result - value) > FLOAT32_AGREEMENT * max(1, abs(value)):
            fail(
                stated,
                f"{stated.example} gives {stated.expression} = {result!r}, not its "
                f"exact value {stated.exact} = {float(value)!r}",
            )
        if "." in text and as_written(result, text) != text:
            if not float32_stated_beside(stated):
                fail(
                    stated,
                    f"{stated.example} gives {result!r}, which shows as "
                    f"{as_written(result, text)}: say which of the two the page "
                    "shows and why, and state the float32 value on the page too, "
                    f"with the exact value f32({stated.exact})",
                )


PINNED_TORCH = re.search(
    r"^torch==(\S+)$", (ROOT / "requirements.txt").read_text("utf-8"), re.MULTILINE
)[1]


@pytest.mark.parametrize("stated", stated_values(), ids=str)
def test_stated_value_matches_its_example(stated):
    if stated.example == "lab" and stated.exact is None:
        if torch.__version__.split("+")[0] != PINNED_TORCH:
            pytest.skip(
                f"a lab's measurement, which its page shows from PyTorch "
                f"{PINNED_TORCH}, the pinned version; this is {torch.__version__}"
            )
    check(stated, results_of(stated))


def test_every_result_on_the_home_page_is_tied_to_an_example():
    home = [
        stated
        for stated in stated_values()
        if stated.page.name == "index.md" and stated.page.parent.name == "docs"
    ]
    assert {stated.example for stated in home} >= {
        "q4a_three_stride2_blocks",
        "q6a_derivative",
        "q7b_grad_x_and_w",
        "q8b_vector_backward",
    }


def test_a_changed_result_fails_naming_page_and_sentence():
    stated = next(s for s in stated_values() if s.example == "q8b_vector_backward")
    with pytest.raises(pytest.fail.Exception) as failure:
        check(stated, [19.0])
    message = str(failure.value)
    assert f"{stated.page.relative_to(ROOT)}:{stated.line} states 18" in message
    assert "19.0" in message and stated.sentence in message


def sourced_values() -> list[tuple[Path, int, str, str]]:
    """Each number a page takes from a source: page, line, value, entry key."""
    return [
        (page, number, marker["value"], marker["key"])
        for page in all_pages() + lab_sources()
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        for marker in SOURCED.finditer(line)
    ]


@pytest.mark.parametrize(
    "page, line, value, key",
    sourced_values(),
    ids=lambda item: str(item.relative_to(ROOT)) if isinstance(item, Path) else None,
)
def test_a_number_from_a_source_is_what_its_entry_quotes(page, line, value, key):
    entries = bibliography().entries
    assert key in entries, f"{page.name}:{line} names {key}, not an entry"
    quoted = " ".join(
        entries[key].fields.get(field, "") for field in ("quote", "code", "locator")
    ).replace("\u2212", "-")  # a paper's minus sign, as the page writes it
    for number in [found.group(0) for found in NUMBER.finditer(value)]:
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", quoted), (
            f"{page.name}:{line} gives {number} from {key}, whose quote does not say it"
        )
    assert f"[@{key}" in page.read_text(encoding="utf-8"), (
        f"{page.name}:{line} takes {value} from {key} but does not cite it"
    )


def test_every_value_on_an_answer_page_has_its_exact_value():
    """Labs state what a run measured, which nothing computes apart; answer
    pages state results of arithmetic, each with the arithmetic."""
    inexact = [
        str(stated)
        for stated in stated_values()
        if stated.exact is None and not stated.page.name.startswith("lab-")
    ]
    assert inexact == []


def q2_element_5(value: str, exact: str = "cos(0.01)") -> StatedValue:
    stated = next(
        s
        for s in stated_values()
        if s.page.name == "q2-embedding-d8-t1.md"
        and s.expression == "embedding[5]"
        and s.exact == "cos(0.01)"
        and s.value == "1.0000"
    )
    return StatedValue(**{**stated.__dict__, "value": value, "exact": exact})


def test_q2s_cos_001_written_as_float32_rounds_it_fails():
    results = results_of(q2_element_5("1.0000"))
    check(q2_element_5("1.0000"), results)
    with pytest.raises(pytest.fail.Exception, match="is 0.9999500004"):
        check(q2_element_5("0.9999"), results)


def test_a_rounding_of_float32_unlike_the_exact_one_must_be_explained():
    stated = q2_element_5("1.0000")
    results = results_of(stated)
    elsewhere = StatedValue(**{**stated.__dict__, "page": ROOT / "docs" / "index.md"})
    alone = StatedValue(**{**stated.__dict__, "page": ROOT / "README.md"})
    check(elsewhere, results)  # the home page states the float32 value too
    with pytest.raises(pytest.fail.Exception, match=r"f32\(cos\(0.01\)\)"):
        check(alone, results)


@pytest.mark.parametrize(
    "written, exact, expected",
    [
        ("1.0000", Fraction(math.cos(0.01)), True),
        ("0.9999", Fraction(math.cos(0.01)), False),
        ("0.99994999", Fraction(f32(math.cos(0.01))), True),
        ("7", Fraction(7), True),
        ("7", Fraction(7.3), False),
        ("-0.0035", Fraction(-54, 15625), True),
        ("2.0e-05", Fraction(2.04e-5), True),
        ("0.2", Fraction(3, 20), True),  # an exact tie rounds half to even
        ("0.1", Fraction(1, 20), False),
    ],
)
def test_the_exact_value_rounded_to_the_digits_written(written, exact, expected):
    assert shown_as(written, exact, from_float=False) is expected


def test_a_float_too_close_to_a_tie_is_refused():
    with pytest.raises(OracleError, match="Fraction"):
        shown_as("0.2", Fraction(0.15), from_float=True)


def test_an_exact_value_uses_no_torch_and_no_example():
    with pytest.raises(OracleError, match="torch"):
        evaluate("torch.cos(torch.tensor(0.01))")
    with pytest.raises(OracleError, match="embedding"):
        evaluate("embedding[5]")


@pytest.mark.parametrize(
    "written, result, expected",
    [
        ("7", 7.0, True),
        ("7", 7.3, False),
        ("1.64", 1.6400001, True),
        ("1.64", 1.65, False),
        ("0.84", 0.841471, True),
    ],
)
def test_written_precision_sets_the_tolerance(written, result, expected):
    assert agrees(written, result) is expected
