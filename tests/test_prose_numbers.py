"""No page writes a number in prose that no code gives (tests/prose_numbers.py)."""

import pytest

from examples import ROOT, all_pages
from prose_numbers import caption_literals, untied_in, untied_in_lab, untied_on_page
from site_prepare.pages import lab_sources


@pytest.mark.parametrize(
    "page", all_pages(), ids=lambda page: page.relative_to(ROOT).as_posix()
)
def test_every_number_in_a_pages_prose_is_tied(page):
    shown = page.relative_to(ROOT).as_posix()
    assert [str(untied) for untied in untied_on_page(page, shown)] == []


@pytest.mark.parametrize("lab", lab_sources(), ids=lambda lab: lab.name)
def test_every_number_in_a_labs_prose_and_captions_is_tied(lab):
    shown = lab.relative_to(ROOT).as_posix()
    assert [str(untied) for untied in untied_in_lab(lab, shown)] == []


@pytest.mark.parametrize(
    "prose, untied",
    [
        ("The lab repeats this step 1400 times.", ["1400"]),
        ("The lab repeats this step {{ 1400 <- lab: STEPS }} times.", []),
        ("It scores 91% on seed 0.", ["91", "0"]),
        ("As Section 3.5 and Eq. 14 of Ho et al. 2020 say, in Q6(a),", []),
        ("with PyTorch 2.13.0 and Python 3.11,", []),
        ("AdamW (Loshchilov and Hutter 2019), measured on 2026-12-04", []),
        ("trained on 2048 images", ["2048"]),
        ("element 5 and dimensions 32 to 96", []),
        ('its message "element 0 of tensors"', []),
        ("$2 \\cdot 2 + 3 = 7$", ["7"]),
        ("$2 \\cdot 2 + 3 = {{ 7 <- q6a_derivative: x.grad == 7 }}$", []),
        ("$64 \\to 32 \\to 16$", ["32", "16"]),
        ("$\\omega = [1,\\ 0.1]$", ["1", "0.1"]),
        ("$\\sin 0 = 0$ and $10000^{-2k/d}$", []),
        ("$\\cos 0.01 = 0.99995000\\ldots$", ["0.99995000"]),
        ("```python\nSTEPS = 1400\n```", []),
        ("`STEPS = 1400`, [a link](page.md#q4), <https://x.org/1706>", []),
        ("![A plot of 3 lines](f.svg){ loading=lazy width=660 height=317 }", ["3"]),
    ],
)
def test_what_counts_as_an_untied_number(prose, untied):
    assert [found.number for found in untied_in(prose, [], "page")] == untied


def test_givens_of_the_question_are_exempt():
    prose = "For $d = 8$ and $t = 1$, the answer is 9."
    found = untied_in(prose, ["d = 8", "t = 1"], "page")
    assert [untied.number for untied in found] == ["9"]


def test_a_captions_literal_words_are_read_not_its_formatted_values():
    code = 'show(figure, "Steps 1, 5 and 100; " f"{share:.0%} of {len(x)}")'
    assert caption_literals(code) == ["Steps 1, 5 and 100; ", " of "]
