"""The numbers a page's prose writes that no code gives.

A number in a sentence, a heading, a table, an alt text or a lab's figure caption
is either a stated value (``{{ 1400 <- lab: STEPS }}``), a reference (Q4, Section
3.5, Eq. 14, Algorithm 1, Table 2, a year, a version), the name of a part
(element 5, dimension 32, entry 0), a number inside a quotation, or a number the
question itself gives, listed in the page's front matter::

    ---
    givens: ["d = 8", "t = 1"]
    ---

Inside a formula, only a result is looked at: a plain number right after ``=``,
``\\approx`` or ``\\to`` (``2 \\cdot 2 + 3 = 7``, ``64 \\to 32``); the other
numbers of a formula are its own constants, and 0 and 1 after ``=`` are
identities (``\\sin 0 = 0``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import jupytext
import yaml

from site_markdown.stated_values import MARKER, SOURCED

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
NUMBER = re.compile(r"(?<![\w.\\])-?\d+(?:[.,]\d+)*(?:e-?\d+)?(?![\w])")
REFERENCE = re.compile(
    r"\b(?:Sections?|Eqs?\.|Equations?|Algorithms?|Tables?|Appendix|Appendices|"
    r"Figures?|Fig\.|§)\s*[\dA-Z](?![a-z])[\d.]*"
    r"(?:(?:,\s*|\s+and\s+|\s+to\s+)[\dA-Z](?![a-z])[\d.]*)*"
)
QUESTION = re.compile(r"\bQ\d+(?:\([a-z]\))?")
# A year after an author's name ("Loshchilov and Hutter 2019") or in a date
# ("2026-12"); a number such as 2048 elsewhere is held to the rule.
YEAR = re.compile(
    r"\b[A-Z][a-z]+(?: et al\.)? (?:19|20)\d\d\b|\b(?:19|20)\d\d-\d\d(?:-\d\d)?\b"
)
VERSION = re.compile(
    r"\b\d+\.\d+\.\d+\b|"
    r"\b(?:PyTorch|Python|torch|NumPy|KaTeX|MkDocs|Zensical|Chromium|Lighthouse|TensorFlow|"
    r"mkdocs-material|pymdown-extensions|diffusers|version)\s+\d+(?:\.\d+)*"
)
NAME_OF_A_PART = re.compile(
    r"\b(?:element|entry|dimension|dimensions|index|row|column|pair|level|block|"
    r"cell|centre|component)\s+-?\d+(?:(?:,\s*|\s+and\s+|\s+to\s+)\d+)*",
    re.I,
)
QUOTATION = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”")
# Inline math may run over a line break, as arithmatex reads it, not a blank line.
MATH = re.compile(r"\$\$.*?\$\$|\$(?:[^$\n]|\n(?!\s*\n))+?\$", re.S)
RESULT_IN_MATH = re.compile(
    r"(?:=|\\approx|\\to)\s*(-?\d+(?:\.\d+)?)(?:\\ldots)?"
    r"(?=\s*(?:$|[,;.)\]]|\\to\b|\\quad|=))"
)
LIST_IN_MATH = re.compile(r"(?:=|\\approx)\s*\[([^\]]*)\]")
PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
NAMES_WITH_DIGITS = re.compile(r"\bCIFAR-?10\b")
IDENTITIES = {"0", "1"}


@dataclass(frozen=True)
class Untied:
    where: str
    number: str
    context: str

    def __str__(self) -> str:
        return f"{self.where}: {self.number!r} in “{self.context}”"


def front_matter_givens(text: str) -> tuple[list[str], str]:
    """The page's givens and its text without the front matter."""
    match = FRONT_MATTER.match(text)
    if not match:
        return [], text
    meta = yaml.safe_load(match[1]) or {}
    return list(meta.get("givens", [])), text[match.end() :]


def outside_fences(text: str) -> str:
    """``text`` with every fenced block's lines blanked, line numbers kept."""
    lines, fence = [], None
    for line in text.splitlines():
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening[1]
            lines.append("")
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            lines.append("")
        else:
            lines.append(line)
    return "\n".join(lines)


# An admonition's or a fold's title is prose, though written between quotes.
BOX_TITLE = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?|===)\s*\w*\s*"([^"\n]*)"', re.MULTILINE)


def without_markup(text: str) -> str:
    """Prose, with what is not prose blanked: code, links, attributes, HTML."""
    text = BOX_TITLE.sub(lambda title: f"{title[1]}{title[2]}.", text)
    text = SOURCED.sub(" ", MARKER.sub(" ", text))
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"\[@[^\]\n]*\]", " ", text)  # citations
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<https?://[^>\s]*>", " ", text)
    text = re.sub(r"\]\([^)\s]*\)", "]", text)
    # attr_list: { #id }, { .class }, { loading=lazy width=660 }
    text = re.sub(r"\{\s*(?:[#.]|[\w-]+=)[^}]*\}", " ", text)
    text = re.sub(r"</?[a-zA-Z][^>\n]*>", " ", text)
    return text


def untied_in(text: str, givens: list[str], where: str) -> list[Untied]:
    """Every number of ``text`` (Markdown) that is not tied, exempt or given."""
    text = without_markup(outside_fences(text))
    for given in givens:
        text = text.replace(given, " ")
    found = []
    for delimited in MATH.findall(text):
        formula = delimited.strip("$").strip()
        for match in RESULT_IN_MATH.finditer(formula):
            if match[1] not in IDENTITIES:
                found.append(Untied(where, match[1], formula))
        for listed in LIST_IN_MATH.finditer(formula):
            items = [item.replace("\\ ", "").strip() for item in listed[1].split(",")]
            if all(PLAIN_NUMBER.fullmatch(item) for item in items):
                found += [Untied(where, item, formula) for item in items]
    prose = MATH.sub(" ", text)
    for exempt in (
        REFERENCE,
        QUESTION,
        YEAR,
        VERSION,
        NAME_OF_A_PART,
        QUOTATION,
        NAMES_WITH_DIGITS,
    ):
        prose = exempt.sub(" ", prose)
    for match in NUMBER.finditer(prose):
        context = prose[max(0, match.start() - 40) : match.end() + 30]
        found.append(Untied(where, match[0], " ".join(context.split())))
    return found


def untied_on_page(page: Path, shown: str) -> list[Untied]:
    givens, text = front_matter_givens(page.read_text(encoding="utf-8"))
    return untied_in(text, givens, shown)


def literal_text(node: ast.AST) -> list[str]:
    """The string constants of an expression, less the format specs of f-strings."""
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.FormattedValue):
        return literal_text(node.value)
    return [
        text for child in ast.iter_child_nodes(node) for text in literal_text(child)
    ]


def caption_literals(code: str) -> list[str]:
    """The literal text of each ``show(figure, caption)`` call's caption."""
    return [
        text
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "show"
        and len(node.args) == 2
        for text in literal_text(node.args[1])
    ]


def untied_in_lab(lab: Path, shown: str) -> list[Untied]:
    """A lab's prose cells, and the literal words of its figure captions."""
    notebook = jupytext.reads(lab.read_text(encoding="utf-8"), fmt="py:percent")
    prose = "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    code = "\n\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    found = untied_in(prose, [], shown)
    for literal in caption_literals(code):
        found += untied_in(literal, [], f"{shown} (a figure's caption)")
    return found
