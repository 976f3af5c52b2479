"""A button on each Answer box that copies the answer, ready for a hand-in.

An answer is the body of a page's ``!!! abstract "Answer"`` box. What the button
copies is that body as Markdown with its TeX math: stated values as readers see
them, citations as their text ("(Ho et al. 2020, Eq. 14)"), links as their
words, and each content tab as a paragraph headed by the tab's title. The button
(docs/javascripts/answer-copy.js) puts it on the clipboard.
"""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from site_markdown.page import where
from site_markdown.sources import SourcesExtension, citations_as_text

ANSWER_START = re.compile(r'^(!!!|\?\?\?\+?) abstract "Answer"\s*$')
TAB = re.compile(r'^=== "(?P<title>[^"]+)"\s*$')
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\([^)\s]+\)")
ATTRIBUTES = re.compile(r"\s*\{\s*[#.][^}]*\}")


class AnswerError(ValueError):
    """An Answer box the build cannot pair with the answer it copies."""


def answer_bodies(lines: list[str]) -> list[str]:
    """The indented body of each Answer box of ``lines``, dedented."""
    bodies, index = [], 0
    while index < len(lines):
        if not ANSWER_START.match(lines[index]):
            index += 1
            continue
        body, index = [], index + 1
        while index < len(lines) and (
            not lines[index].strip() or lines[index].startswith("    ")
        ):
            body.append(lines[index])
            index += 1
        bodies.append(textwrap.dedent("\n".join(body)).strip("\n"))
    return bodies


def hand_in(body: str, entries: dict) -> str:
    """An answer's Markdown as a student pastes it: tabs as headed paragraphs."""
    out, tab_indent = [], False
    for line in body.splitlines():
        tab = TAB.match(line)
        if tab:
            out.append(f"**{tab['title']}.**")
            tab_indent = True
            continue
        if tab_indent and line.startswith("    "):
            line = line[4:]
        out.append(line)
    text = "\n".join(out)
    text = citations_as_text(text, entries)
    text = LINK.sub(lambda link: link["text"], text)
    text = ATTRIBUTES.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


class FindsAnswers(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        sources = next(
            (
                e
                for e in self.md.registeredExtensions
                if isinstance(e, SourcesExtension)
            ),
            None,
        )
        bodies = answer_bodies(lines)
        entries = (
            sources.entries()
            if sources and any("[@" in body for body in bodies)
            else {}
        )
        self.md.answers = [hand_in(body, entries) for body in bodies]
        return lines


class AddsCopyButtons(Treeprocessor):
    def run(self, root):
        boxes = [
            div
            for div in root.iter("div")
            if "abstract" in (div.get("class") or "").split()
            and len(div)
            and (div[0].text or "").strip() == "Answer"
        ]
        if len(boxes) != len(self.md.answers):
            raise AnswerError(
                f"{where(self.md)}: {len(self.md.answers)} Answer boxes in the source, "
                f'{len(boxes)} in the page; write each as !!! abstract "Answer" at '
                "the left margin"
            )
        for box, answer in zip(boxes, self.md.answers, strict=True):
            button = etree.SubElement(
                box[0],
                "button",
                {
                    "type": "button",
                    "class": "answer-copy",
                    "data-answer": answer,
                    "title": "Copy the answer as Markdown, its math as TeX",
                },
            )
            button.text = "Copy the answer"


class AnswersExtension(Extension):
    def extendMarkdown(self, md):
        md.registerExtension(self)
        self.md = md
        self.reset()
        # After the stated values (40), before the snippets (32) are expanded.
        md.preprocessors.register(FindsAnswers(md), "finds_answers", 37)
        md.treeprocessors.register(AddsCopyButtons(md), "answer_copy_buttons", 8)

    def reset(self):
        self.md.answers = []


def makeExtension(**kwargs):
    return AnswersExtension(**kwargs)
