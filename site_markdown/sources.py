"""Citations by key, and each page's Sources list made from the keys it cites.

Every source lives in one BibTeX file (``docs/includes/sources.bib``, the
extension's ``bibliography`` option, from the project folder). An entry names
the place that supports a claim: its ``url`` is pinned to a commit, a tag, a
version of the paper or of the documentation, and its ``quote`` (words) or
``code`` (a line of code) is what that place says. A page cites it as
``[@ddpm-simple-loss]`` or ``[@ddpm-simple-loss, Eq. 14]``, shown as
"(Ho et al. 2020, Eq. 14)", a link to the entry in the Sources list that ends
the page. pybtex reads the file and formats each entry.

The build fails on a citation of an unknown key, on an entry without a pinned
link or without its quote, on an entry that no page cites, and on a page that
writes a Sources heading of its own.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from pathlib import Path

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from pybtex.backends import BaseBackend
from pybtex.database import BibliographyData, parse_string
from pybtex.plugin import find_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style
from pybtex.style.template import field, sentence

from site_markdown.page import where
from site_markdown.project import project_dir, project_dir_option

CITATION = re.compile(r"\[@([\w.:-]+)(?:,\s*([^\]\n]+?))?\]")
SOURCES_HEADING = re.compile(r"^#{1,6}\s+Sources\s*$", re.MULTILINE)
COMMIT_OR_TAG = r"(?:[0-9a-f]{7,40}|v?\d+(?:\.\d+)+)"
PINNED = [
    re.compile(rf"^https://github\.com/[^/]+/[^/]+/(?:blob|tree)/{COMMIT_OR_TAG}/"),
    re.compile(r"^https://github\.com/[^/]+/[^/]+/commit/[0-9a-f]{7,40}$"),
    re.compile(r"^https://arxiv\.org/abs/\d{4}\.\d{4,5}v\d+$"),
    re.compile(r"^https://doi\.org/10\.\d+/\S+$"),
    re.compile(r"^https://docs\.pytorch\.org/(?:docs|cppdocs|tutorials)/\d+\.\d+/"),
    re.compile(r"^https://(?:www\.)?pytorch\.org/blog/[\w-]+/$"),
    re.compile(r"^https://pytorch\.org/docs/\d+\.\d+(?:\.\d+)?/"),
    # A W3C Recommendation's dated version: https://www.w3.org/TR/2023/REC-.../
    re.compile(r"^https://www\.w3\.org/TR/\d{4}/REC-[\w-]+-\d{8}/"),
]


class SourceError(ValueError):
    """A citation, an entry or a Sources list that the build refuses."""


def unpinned(url: str) -> bool:
    return not any(pattern.match(url) for pattern in PINNED)


class ShortStyle(Style):
    """pybtex's unsrt style, without the URL, which the entry shows as a link,
    and with titles as written: a file name keeps its case."""

    def format_web_refs(self, e):
        return Text()

    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)
        return sentence[title] if as_sentence else title


@functools.cache
def formatting() -> tuple[ShortStyle, BaseBackend]:
    """pybtex's style (unsorted: each entry is formatted alone) and its HTML
    backend: made once, as pybtex looks each of their plugins up in the entry
    points of every installed distribution."""
    return ShortStyle(sorting_style="none"), find_plugin("pybtex.backends", "html")()


@functools.lru_cache(maxsize=512)
def entry_html(text: str, name: str, key: str) -> str:
    """The entry ``key`` of the BibTeX ``text``, as pybtex formats it, in HTML: kept
    by text and key, as every page that cites an entry, and every rebuild of
    ``mkdocs serve``, would format it alike."""
    style, backend = formatting()
    (formatted,) = style.format_entries([read_bibliography(text, name).entries[key]])
    return formatted.text.render(backend)


# BibTeX readers join the lines of a field with single spaces; a code field keeps
# its lines and indentation through pybtex under these two stand-ins.
LINE_BREAK, SPACE = "\ue000", "\ue001"
CODE_FIELD = re.compile(r"^\s*code\s*=\s*\{", re.MULTILINE)


def with_code_layout_kept(text: str) -> str:
    """``text`` with the line breaks and spaces of each code field replaced by
    characters a BibTeX reader keeps as they are."""
    pieces, position = [], 0
    for start in CODE_FIELD.finditer(text):
        body_start, depth, end = start.end(), 1, start.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        body = text[body_start : end - 1]
        pieces += [
            text[position:body_start],
            body.replace("\n", LINE_BREAK).replace(" ", SPACE),
        ]
        position = end - 1
    return "".join(pieces) + text[position:]


def code_layout(field: str) -> str:
    return field.replace(LINE_BREAK, "\n").replace(SPACE, " ")


@functools.lru_cache(maxsize=4)
def read_bibliography(text: str, name: str) -> BibliographyData:
    """The entries of the BibTeX ``text``, each checked for a pinned link and a quote."""
    try:
        data = parse_string(with_code_layout_kept(text), "bibtex")
    except Exception as error:
        raise SourceError(f"{name} cannot be read: {error}") from error
    for entry in data.entries.values():
        if "code" in entry.fields:
            entry.fields["code"] = code_layout(entry.fields["code"])
    for key, entry in data.entries.items():
        url = entry.fields.get("url", "")
        if not url or unpinned(url):
            raise SourceError(
                f"{name}: {key}'s url {url!r} is not pinned to a commit, a tag, a "
                "version of the paper or a versioned documentation page"
            )
        if not (entry.fields.get("quote") or entry.fields.get("code")):
            raise SourceError(
                f"{name}: {key} has neither a quote nor a code line that says what "
                "the pages cite it for"
            )
    return data


def cited_keys(project: Path) -> set[str]:
    """The keys every page and lab of the project cites."""
    docs = project / "docs"
    texts = [page.read_text(encoding="utf-8") for page in docs.rglob("*.md")]
    texts += [lab.read_text(encoding="utf-8") for lab in docs.glob("*/lab-*.py")]
    return {match[1] for text in texts for match in CITATION.finditer(text)}


def label(entry, locator: str | None = None) -> str:
    """What a citation shows: "Ho et al. 2020, Eq. 14" for a paper (the citation's
    locator, else the entry's), the entry's own ``label`` for code or a
    documentation page ("nn.py, get_timestep_embedding")."""
    if "label" in entry.fields:
        return entry.fields["label"] + (f", {locator}" if locator else "")
    names = [" ".join(person.last_names) for person in entry.persons["author"]]
    authors = names[0] if len(names) == 1 else f"{names[0]} and {names[1]}"
    if len(names) > 2:
        authors = f"{names[0]} et al."
    locator = locator or entry.fields.get("locator")
    return f"{authors} {entry.fields['year']}" + (f", {locator}" if locator else "")


def link_text(url: str) -> str:
    """A short name for a pinned link, that fits a phone's line."""
    github = re.match(
        r"https://github\.com/([^/]+/[^/]+)/\w+/([^/]+)/([^#]*)(#.*)?", url
    )
    if github:
        repository, version, path, lines = github.groups()
        return f"{repository} @ {version[:10]}: {path}{lines or ''}"
    return re.sub(r"^https://(www\.)?", "", url)


def citations_as_text(text: str, entries) -> str:
    """Each citation as the words it shows: "(Ho et al. 2020, Eq. 14)"."""
    return CITATION.sub(lambda match: f"({label(entries[match[1]], match[2])})", text)


def citations_as_links(text: str, entries) -> str:
    """Markdown for a file read outside the site: each citation a link to its source."""

    def link(match):
        entry = entries[match[1]]
        return f"([{label(entry, match[2])}]({entry.fields['url']}))"

    return CITATION.sub(link, text)


def anchor(key: str) -> str:
    return f"source-{key}"


class Citation(InlineProcessor):
    def __init__(self, pattern: str, md, extension: SourcesExtension):
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(self, match, data):
        entries = self.extension.entries()
        key, locator = match[1], match[2]
        if key not in entries:
            raise SourceError(
                f"{where(self.md)} cites {key!r}, which is not an entry of "
                f"{self.extension.getConfig('bibliography')}"
            )
        self.md.cited_sources.setdefault(key, None)
        span = etree.Element("span", {"class": "citation"})
        span.text = "("
        link = etree.SubElement(span, "a", {"href": f"#{anchor(key)}"})
        link.text = label(entries[key], locator)
        link.tail = ")"
        return span, match.start(0), match.end(0)


class SourcesList(Treeprocessor):
    def __init__(self, md, extension: SourcesExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        if not self.md.cited_sources:
            return
        entries = self.extension.entries()
        in_page_order = [
            link.get("href").removeprefix(f"#{anchor('')}")
            for span in root.iter("span")
            if span.get("class") == "citation"
            for link in span.iter("a")
        ]
        keys = list(dict.fromkeys(in_page_order))
        heading = etree.SubElement(root, "h2", {"id": "sources"})
        heading.text = "Sources"
        # Folded: the list is where a citation leads, not what the page is for.
        # A citation's link opens the fold (docs/javascripts/cited-source.js).
        fold = etree.SubElement(root, "details", {"class": "sources"})
        etree.SubElement(fold, "summary").text = (
            f"The {len(keys)} places this page cites, each with what it says"
            if len(keys) > 1
            else "The place this page cites, with what it says"
        )
        listing = etree.SubElement(fold, "ol", {"class": "sources"})
        text_and_name = self.extension.bibliography()
        # in the order the page cites them
        for key in keys:
            entry = entries[key]
            item = etree.SubElement(listing, "li", {"id": anchor(key)})
            text = etree.SubElement(item, "p")
            formatted = entry_html(*text_and_name, key)
            text.text = self.md.htmlStash.store(formatted) + " "
            where_in = entry.fields.get("locator")
            if where_in:
                text.text += f"{where_in}. "
            link = etree.SubElement(text, "a", {"href": entry.fields["url"]})
            link.text = link_text(entry.fields["url"])
            # What the place says, folded: the list stays a list of places.
            said = etree.SubElement(item, "details", {"class": "source-quote"})
            etree.SubElement(said, "summary").text = "What it says"
            if "quote" in entry.fields:
                quote = etree.SubElement(said, "blockquote")
                etree.SubElement(quote, "p").text = entry.fields["quote"]
            if "code" in entry.fields:
                code = etree.SubElement(etree.SubElement(said, "pre"), "code")
                code.text = entry.fields["code"]


class NoHandWrittenSources(Treeprocessor):
    """A Sources heading typed in the page would stand beside the generated one."""

    def run(self, root):
        for heading in root.iter("h2"):
            if (heading.text or "").strip() == "Sources":
                raise SourceError(
                    f"{where(self.md)} writes a Sources heading; cite its sources by "
                    "key ([@key]) and the list is made from them"
                )


class SourcesExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "project_dir": project_dir_option(),
            "bibliography": [
                "docs/includes/sources.bib",
                "the BibTeX file of every source, from the project folder",
            ],
        }
        super().__init__(**kwargs)

    def bibliography(self) -> tuple[str, str]:
        """The bibliography's text and file name, read once for the page."""
        if self.page_bibliography is None:
            path = self.project / self.getConfig("bibliography")
            if not path.is_file():
                raise SourceError(f"the bibliography {path} does not exist")
            self.page_bibliography = path.read_text(encoding="utf-8"), path.name
        return self.page_bibliography

    def entries(self) -> dict:
        """The bibliography's entries, each cited by some page: checked once for
        the page, as the check lists every page."""
        if self.page_entries is None:
            text, name = self.bibliography()
            data = read_bibliography(text, name)
            project = self.project
            cited = cited_keys_of(project, _docs_state(project))
            if unused := sorted(set(data.entries) - cited):
                raise SourceError(
                    f"{name}: no page cites {', '.join(unused)}; cite each entry or "
                    "remove it"
                )
            self.page_entries = data.entries
        return self.page_entries

    def extendMarkdown(self, md):
        md.registerExtension(self)
        self.md = md
        self.project = project_dir(self, "site_markdown.sources")
        self.reset()
        md.inlinePatterns.register(
            Citation(CITATION.pattern, md, self), "citation", 175
        )
        md.treeprocessors.register(NoHandWrittenSources(md), "no_sources_heading", 7)
        md.treeprocessors.register(SourcesList(md, self), "sources_list", 6)

    def reset(self):
        self.md.cited_sources = {}
        self.page_bibliography = None
        self.page_entries = None


def _docs_state(project: Path) -> tuple:
    """What the set of cited keys depends on: each page's and lab's name and time."""
    docs = project / "docs"
    files = [*docs.rglob("*.md"), *docs.glob("*/lab-*.py")]
    return tuple(sorted((str(f), f.stat().st_mtime_ns) for f in files))


@functools.lru_cache(maxsize=4)
def cited_keys_of(project: Path, state: tuple) -> set[str]:
    return cited_keys(project)


def makeExtension(**kwargs):
    return SourcesExtension(**kwargs)
