"""The whole program behind a code block: what it shows, and what it folds away.

Snippets are modules of the ``snippets`` package and import the building blocks
they use (``from snippets.q4_unet_downsampling.tiny_unet import TinyUNet``). A
reader pastes a code block into a fresh Python session, where that package does
not exist, so the program a page offers replaces each such import with the code
of the module it names, folded, ahead of the code the block shows: the block
folds exactly what its code imports. ``snippets.q4_unet_downsampling.tiny_unet``
is read from ``snippets/q4_unet_downsampling/tiny_unet.py`` under the project's
folder, the folder the pages include their snippets from.

Inside a file, lines a reader need not see at first (argument checks, say) sit
between a ``# fold: what they do`` line and an ``# end fold`` line. The block
shows that sentence in their place; the program holds the lines, without the
two marker lines.
"""

from __future__ import annotations

import ast
import functools
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "snippets"
QUESTION_FOLDER = re.compile(r"^q(\d+)_")
FOLD_START = re.compile(r"^(?P<indent>\s*)# fold: (?P<summary>\S.*)$")
FOLD_END = re.compile(r"^\s*# end fold$")


class ProgramError(ValueError):
    """A snippet imports the package in a way its program cannot be made from."""


@dataclass(frozen=True)
class Fold:
    """A building block a program needs but its block does not show."""

    module: str
    names: tuple[str, ...]
    code: str

    @property
    def question(self) -> str | None:
        """The question whose page introduces the module: "Q4" for snippets.q4_*."""
        folder = self.module.split(".")[1] if "." in self.module else ""
        number = QUESTION_FOLDER.match(folder)
        return f"Q{number[1]}" if number else None

    @property
    def line_count(self) -> int:
        return len(without_fold_markers(self.code).splitlines())

    @property
    def description(self) -> str | None:
        """The first line of the module's docstring, which says what it holds."""
        return _first_docstring_line(self.code)


@dataclass(frozen=True)
class Segment:
    """A run of the shown code: lines in view, or lines folded under a summary."""

    code: str
    summary: str | None = None  # None: in view

    @property
    def line_count(self) -> int:
        return len(self.code.splitlines())


def segments(code: str, where: str) -> list[Segment]:
    """``code`` cut at its ``# fold:`` and ``# end fold`` lines."""
    runs: list[Segment] = []
    lines: list[str] = []
    summary = None
    for number, line in enumerate(code.splitlines(), start=1):
        start, end = FOLD_START.match(line), FOLD_END.match(line)
        if start and summary is None:
            if lines:
                runs.append(Segment("\n".join(lines)))
            lines, summary = [], start["summary"]
        elif end and summary is not None:
            if not lines:
                raise ProgramError(f"{where}:{number}: a fold with no lines in it")
            runs.append(Segment("\n".join(lines), summary))
            lines, summary = [], None
        elif start or end:
            raise ProgramError(
                f"{where}:{number}: {line.strip()!r} does not follow "
                f"{'an # end fold' if start else 'a # fold: line'}; folds do not nest"
            )
        else:
            lines.append(line)
    if summary is not None:
        raise ProgramError(f"{where}: the fold {summary!r} has no # end fold line")
    if lines:
        runs.append(Segment("\n".join(lines)))
    # Blank lines at the edge of a run show as a gap above or below a fold.
    trimmed = [Segment(run.code.strip("\n"), run.summary) for run in runs]
    return [run for run in trimmed if run.code]


def without_fold_markers(code: str) -> str:
    return "\n".join(
        line
        for line in code.splitlines()
        if not (FOLD_START.match(line) or FOLD_END.match(line))
    )


@dataclass(frozen=True)
class Program:
    folds: tuple[Fold, ...]
    shown: str  # with its fold markers, if any

    @property
    def text(self) -> str:
        """The program a reader copies: every fold, then the shown code, laid out
        so that it also pastes into the Python REPL (``pasteable``)."""
        parts = [*(fold.code for fold in self.folds), self.shown]
        joined = "\n\n\n".join(without_fold_markers(part) for part in parts)
        return pasteable(joined) + "\n"

    def shown_segments(self) -> list[Segment]:
        return segments(self.shown, "the shown code")

    @property
    def shown_line_count(self) -> int:
        """Lines a reader sees before unfolding anything: one per fold summary."""
        return len(self.folds) + sum(
            1 if segment.summary else segment.line_count
            for segment in self.shown_segments()
        )


COMPOUND = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.TryStar,
    ast.Match,
)


# Kept by text: each program is laid out for its page, its notebook and its test.
@functools.lru_cache(maxsize=1024)
def pasteable(code: str) -> str:
    """``code`` as the interactive interpreter reads it, pasted line by line.

    The REPL ends a ``def``, ``class`` or ``for`` at its first blank line and
    wants one before the next statement at the left margin: a blank line between
    two methods, or a statement right after a loop, is an error there. So blank
    lines inside a top-level compound statement go (those inside a string stay),
    and one follows each. A script or a notebook cell runs the result alike.
    """
    tree = ast.parse(code)
    lines = code.splitlines()
    in_strings = {
        row
        for token in tokenize.generate_tokens(io.StringIO(code).readline)
        if token.type == tokenize.STRING
        for row in range(token.start[0] + 1, token.end[0] + 1)
    }
    spans = [
        (
            min(
                [node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]
            ),
            node.end_lineno,
        )
        for node in tree.body
        if isinstance(node, COMPOUND)
    ]
    ends = {end for _, end in spans}
    laid_out: list[str] = []
    for number, line in enumerate(lines, start=1):
        inside = any(first < number <= end for first, end in spans)
        if inside and not line.strip() and number not in in_strings:
            continue
        laid_out.append(line)
        following = lines[number] if number < len(lines) else ""
        if number in ends and following.strip():
            laid_out.append("")
    return "\n".join(laid_out)


def _is_package_import(name: str | None) -> bool:
    return name is not None and (name == PACKAGE or name.startswith(PACKAGE + "."))


# Kept by text: each fold's summary asks it, and each page folds the same modules.
@functools.lru_cache(maxsize=1024)
def _first_docstring_line(code: str) -> str | None:
    docstring = ast.get_docstring(ast.parse(code))
    return docstring.splitlines()[0] if docstring else None


def _tidy(lines: list[str]) -> str:
    """Join lines, without leading or trailing blank lines or runs of more than two."""
    text = re.sub(r"\n{4,}", "\n\n\n", "\n".join(line.rstrip() for line in lines))
    return text.strip("\n")


# Kept by text: a build asks this of every snippet module on each page
# (modules_by_code), and of each module a block folds.
@functools.lru_cache(maxsize=1024)
def split_package_imports(source: str, where: str) -> tuple[str, tuple[Fold, ...]]:
    """``source`` without its imports of the package, and the modules they name.

    The folds returned hold only the module and the names; their code is read by
    ``compose``.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise ProgramError(f"{where}: not valid Python: {error}") from error
    top_level = set(map(id, tree.body))
    removed: set[int] = set()
    imports: list[Fold] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            _is_package_import(alias.name) for alias in node.names
        ):
            raise ProgramError(
                f"{where}:{node.lineno}: write `from {PACKAGE}.<folder>.<module> import "
                "<name>`, so the page can replace the import with the module's code"
            )
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            raise ProgramError(
                f"{where}:{node.lineno}: a relative import; import from "
                f"{PACKAGE}.<folder>.<module> instead"
            )
        if not _is_package_import(node.module):
            continue
        if id(node) not in top_level:
            raise ProgramError(
                f"{where}:{node.lineno}: imports from {PACKAGE} belong at the top "
                "of the module, where the page can replace them"
            )
        if any(alias.asname for alias in node.names):
            raise ProgramError(
                f"{where}:{node.lineno}: `import ... as ...` from {PACKAGE} would "
                "leave the renamed name undefined in the copied program"
            )
        imports.append(Fold(node.module, tuple(a.name for a in node.names), ""))
        removed.update(range(node.lineno - 1, node.end_lineno))
    kept: list[str] = []
    for number, line in enumerate(source.splitlines()):
        if number in removed:
            continue
        # The blank line that set the removed import apart goes with it.
        if number - 1 in removed and not line.strip():
            if not kept or not kept[-1].strip():
                continue
        kept.append(line)
    return _tidy(kept), tuple(imports)


def module_file(module: str, root: Path, where: str) -> Path:
    """The file of ``module`` under ``root``, where ``import`` would find it."""
    path = root.joinpath(*module.split(".")).with_suffix(".py")
    if path.is_file():
        return path
    if (path.with_suffix("") / "__init__.py").is_file():
        raise ProgramError(
            f"{where}: {module} is a package; import from a module of it"
        )
    raise ProgramError(f"{where}: imports {module}, but {path} does not exist")


def compose(source: str, root: Path, where: str = "code block") -> Program:
    """The program of a block showing ``source``: its folds, then what it shows.

    ``root`` is the project's folder, which holds the ``snippets`` package.

    A module whose code the block already shows in full is not folded again.
    """
    shown, imports = split_package_imports(source, where)
    order: list[str] = []  # modules, each after the modules it imports
    codes: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    requires: dict[str, set[str]] = {}

    def add(imported: Fold, importer: str) -> None:
        used = names.setdefault(imported.module, [])
        used.extend(name for name in imported.names if name not in used)
        if imported.module in codes:
            return
        path = module_file(imported.module, root, importer)
        codes[imported.module], own_imports = split_package_imports(
            path.read_text(encoding="utf-8"), str(path)
        )
        requires[imported.module] = {own.module for own in own_imports}
        for own in own_imports:
            add(own, str(path))
        order.append(imported.module)

    for imported in imports:
        add(imported, where)
    folds = tuple(
        Fold(module, tuple(names[module]), codes[module])
        for module in reading_order(order, requires)
        if codes[module] not in shown
    )
    return Program(folds, shown)


def modules_by_code(root: Path) -> dict[str, str]:
    """Each module of ``snippets/`` under its code without its package imports.

    Of modules with the same code, the first in path order is kept.
    """
    modules: dict[str, str] = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        own, _ = split_package_imports(path.read_text(encoding="utf-8"), str(path))
        modules.setdefault(own, ".".join(path.relative_to(root).with_suffix("").parts))
    return modules


def question_number(module: str) -> int:
    number = QUESTION_FOLDER.match(module.split(".")[1]) if "." in module else None
    return int(number[1]) if number else 0


def reading_order(modules: list[str], requires: dict[str, set[str]]) -> list[str]:
    """``modules`` in the order of their questions, each after what it imports."""
    placed: list[str] = []
    waiting = sorted(modules, key=lambda module: (question_number(module), module))
    while waiting:
        ready = next(m for m in waiting if requires[m] <= set(placed))
        placed.append(ready)
        waiting.remove(ready)
    return placed
