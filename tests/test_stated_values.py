"""Every value a page states in prose or math agrees with a run of its example.

Pages mark such values as ``{{ 7 <- q6a_derivative: x.grad }}`` (see
site_markdown/stated_values.py). Each marker is one test item, named by page, line,
value and source, so ``pytest --collect-only -q tests/test_stated_values.py``
lists them all. A value written with decimals must be the result rounded to
them; a value written without decimals must equal the result.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch

from examples import ROOT, all_pages, run_in_process
from site_markdown.stated_values import MARKER

NUMBER = re.compile(r"-?\d+(?:\.(\d+))?(?:e-?\d+)?")


@dataclass(frozen=True)
class StatedValue:
    page: Path
    line: int
    sentence: str
    value: str
    example: str
    expression: str

    def __str__(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line} {self.value} <- {self.example}: {self.expression}"


def stated_values() -> list[StatedValue]:
    found = []
    for page in all_pages():
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            for marker in MARKER.finditer(line):
                found.append(
                    StatedValue(
                        page,
                        number,
                        line.strip(),
                        *marker.group("value", "example", "expression"),
                    )
                )
    return found


@functools.cache
def variables_of(example: str) -> dict:
    return run_in_process(example)


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


def check(stated: StatedValue, variables: dict) -> None:
    written = [number.group(0) for number in NUMBER.finditer(stated.value)]
    results = as_numbers(eval(stated.expression, dict(variables)))
    assert written, f"{stated}: the stated value holds no number"
    if len(written) != len(results) or not all(map(agrees, written, results)):
        pytest.fail(
            f"{stated.page.relative_to(ROOT)}:{stated.line} states {stated.value}, but "
            f"{stated.example} gives {stated.expression} = {results}\n"
            f"  in: {stated.sentence}",
            pytrace=False,
        )


@pytest.mark.parametrize("stated", stated_values(), ids=str)
def test_stated_value_matches_its_example(stated):
    check(stated, variables_of(stated.example))


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
    variables = dict(variables_of("q8b_vector_backward"))
    variables["x"] = variables["x"].detach().clone().requires_grad_()
    variables["x"].grad = torch.tensor([19.0])
    with pytest.raises(pytest.fail.Exception) as failure:
        check(stated, variables)
    message = str(failure.value)
    assert f"{stated.page.relative_to(ROOT)}:{stated.line} states 18" in message
    assert "[19.0]" in message and stated.sentence in message


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
