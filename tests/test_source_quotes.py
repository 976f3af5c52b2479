"""The lines the bibliography quotes from diffusers and PyTorch are theirs.

An entry that links a file of diffusers or PyTorch, at the release this site
installs, is compared with that file as installed: each line of its `code`
must be there, in order, within the linked lines, and each passage of a
`quote` (between "[...]") must be there, as words. Files a wheel does not ship
(C++ sources, documentation) stay checked by reading.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import diffusers
import pytest
import torch

from site_prepare.pages import bibliography

GITHUB_FILE = re.compile(
    r"^https://github\.com/(?P<repository>[\w-]+/[\w-]+)/blob/(?P<version>[\w.]+)/"
    r"(?P<path>[^#]+)(?:#L(?P<first>\d+)(?:-L(?P<last>\d+))?)?$"
)
TORCH_FILES = Path(torch.__file__).parent
DIFFUSERS_FILES = Path(diffusers.__file__).parent
TORCHGEN_FILES = Path(importlib.util.find_spec("torchgen").origin).parent
# Where a wheel puts a file of PyTorch's repository, if it ships it.
TORCH_WHEEL_PATHS = (
    (re.compile(r"^torch/csrc/(.+\.h)$"), TORCH_FILES / "include/torch/csrc"),
    (
        re.compile(r"^aten/src/ATen/templates/(TensorBody\.h)$"),
        TORCH_FILES / "include/ATen/core",
    ),
    (
        re.compile(r"^tools/autograd/(derivatives\.yaml)$"),
        TORCHGEN_FILES / "packaged/autograd",
    ),
    (re.compile(r"^torch/(.+\.py)$"), TORCH_FILES),
)
# A code field leaves out lines with a line of its own: "..." (indented or not).
LEFT_OUT = re.compile(r"^\s*\.\.\.\s*$")


@dataclass(frozen=True)
class Linked:
    key: str
    file: Path
    first: int | None
    last: int | None

    def lines(self) -> list[str]:
        text = self.file.read_text(encoding="utf-8").splitlines()
        if self.first is None:
            return text
        return text[self.first - 1 : self.last or self.first]


def installed_file(repository: str, version: str, path: str) -> Path | None:
    """The installed file a pinned link names, or None if no wheel ships it; a
    link to another release than the installed one fails."""
    if repository == "huggingface/diffusers":
        assert version == f"v{diffusers.__version__}", (
            f"{version} is not the diffusers this site installs ({diffusers.__version__})"
        )
        return DIFFUSERS_FILES / path.removeprefix("src/diffusers/")
    if repository == "pytorch/pytorch":
        for pattern, folder in TORCH_WHEEL_PATHS:
            match = pattern.match(path)
            if match:
                installed = (
                    f"v{torch.__version__.split('+')[0]}",
                    torch.version.git_version,
                )
                if version not in installed:
                    return None  # another release's file: read, not compared
                return folder / match[1]
    return None


def linked_entries() -> list[Linked]:
    found = []
    for key, entry in bibliography().items():
        link = GITHUB_FILE.match(entry.fields["url"])
        if not link:
            continue
        file = installed_file(link["repository"], link["version"], link["path"])
        if file is None:
            continue
        first = int(link["first"]) if link["first"] else None
        last = int(link["last"]) if link["last"] else first
        found.append(Linked(key, file, first, last))
    return found


LINKED = linked_entries()


def test_the_entries_of_installed_code_are_many():
    """Enough entries compared that a broken link pattern cannot pass unseen."""
    assert len(LINKED) >= 15, [linked.key for linked in LINKED]
    assert all(linked.file.is_file() for linked in LINKED), [
        str(linked.file) for linked in LINKED if not linked.file.is_file()
    ]


def words(text: str) -> str:
    """The words of a docstring, without its reST and Markdown markup."""
    return " ".join(re.sub(r"[`*]", "", text).split())


@pytest.mark.parametrize("linked", LINKED, ids=lambda linked: linked.key)
def test_a_quoted_line_is_in_the_linked_lines(linked):
    entry = bibliography()[linked.key]
    lines = linked.lines()
    at = 0  # each quoted line is looked for after the one before it
    for wanted in entry.fields.get("code", "").splitlines():
        if not wanted.strip() or LEFT_OUT.match(wanted):
            continue
        # A quoted line may stop short of the end of its line.
        found = next(
            (n for n in range(at, len(lines)) if wanted.strip() in lines[n]), None
        )
        assert found is not None, (
            f"{linked.key}: {wanted.strip()!r} is not in {linked.file.name} "
            f"lines {linked.first}-{linked.last} (after the lines before it)"
        )
        at = found + 1
    text = words("\n".join(linked.lines()))
    for passage in entry.fields.get("quote", "").split("[...]"):
        assert words(passage) in text, (
            f"{linked.key}: {passage.strip()!r} is not in {linked.file.name} "
            f"lines {linked.first}-{linked.last}"
        )
