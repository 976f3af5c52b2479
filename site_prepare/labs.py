"""Labs: notebooks run before the site is built, into a page and a download.

A lab is a jupytext percent-format file, ``docs/<part>/lab-<name>.py``. It imports
the building blocks the pages show (``from snippets.q4_unet_downsampling.tiny_unet
import TinyUNet``), which a reader who downloads it does not have, so each such
import cell becomes the code cells of the modules it names: the notebook
(``docs/<part>/notebooks/lab-<name>.ipynb``) runs in an empty folder with only the
requirements installed. That notebook is what runs here, as a reader would run
it: the reader's Python, an empty folder, a clean environment. Its executed cells
become the page ``docs/<part>/lab-<name>.md``: prose as written, each code cell
included from its lines of the lab (``--8<-- "docs/<part>/lab-<name>.py:12:30"``)
into the site's own blocks (an import cell shows its building blocks folded, as
on the answer pages), printed output under each block, and each figure as a PNG file
with the alt text the lab gave it. A run is kept in ``.site-cache/labs/`` under a key
of the notebook's code cells and the versions that ran them, so that an edit to the
prose alone runs nothing again; a run that fails is not kept. The values its
prose states are kept with the run (site_prepare/lab_values.py).
"""

from __future__ import annotations

import base64
import copy
import functools
import json
import posixpath
from pathlib import Path

import jupytext
import nbformat

from site_markdown.notebook_link import notebook_path
from site_markdown.programs import ProgramError, compose, without_fold_markers
from site_markdown.sources import citations_as_links
from site_prepare.cached import cached_folder, key_of
from site_prepare.downloads import absolute_links, as_program, install_cell
from site_prepare.execution import KERNEL, NotebookFailed, execute_notebook, printed_by
from site_prepare.lab_values import (
    VALUES_FILE,
    read_values,
    stated_expressions,
    values_cell,
    without_markers,
)
from site_prepare.notebooks import write_if_changed
from site_prepare.pages import (
    bibliography,
    lab_page,
    lab_sources,
    shown_path,
    site_url,
)
from site_prepare.paths import Project

GENERATED = (
    "<!-- Written by site_prepare from {source}; edit that file, not this one. -->"
)


class LabError(RuntimeError):
    """A lab that cannot be made into a notebook, or fails when it runs."""


# Kept by text: each build reads each lab twice, and `mkdocs serve` builds again
# on every change.
@functools.lru_cache(maxsize=16)
def _parsed_lab(text: str) -> nbformat.NotebookNode:
    return jupytext.reads(text, fmt="py:percent")


def read_lab(source: Path) -> nbformat.NotebookNode:
    """The lab's notebook as jupytext reads it; a copy the caller may change."""
    return copy.deepcopy(_parsed_lab(source.read_text(encoding="utf-8")))


def standalone_notebook(source: Path, project: Project) -> nbformat.NotebookNode:
    """The lab as a reader downloads it: each import cell replaced by its modules."""
    lab = read_lab(source)
    cells = []
    inlined: set[str] = set()
    for number, cell in enumerate(lab.cells, start=1):
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        where = f"{shown_path(source)}, cell {number}"
        try:
            program = compose(cell.source, project.root, where)
        except ProgramError as error:
            raise LabError(str(error)) from error
        if not program.folds:
            cells.append(cell)
            continue
        for fold in program.folds:
            if fold.module in inlined:
                continue
            inlined.add(fold.module)
            origin = f" from {fold.question}" if fold.question else ""
            path = fold.module.replace(".", "/") + ".py"
            note = nbformat.v4.new_markdown_cell(
                f"The building block {', '.join(f'`{n}`' for n in fold.names)}"
                f"{origin}, as the site shows it (`{path}`)."
            )
            note.metadata["lab"] = {"role": "building block note"}
            code = nbformat.v4.new_code_cell(without_fold_markers(fold.code))
            code.metadata["lab"] = {"role": "building block", "import": cell.source}
            cells += [note, code]
        if program.shown.strip():
            rest = nbformat.v4.new_code_cell(without_fold_markers(program.shown))
            rest.metadata["lab"] = {"role": "rest of an import cell"}
            cells.append(rest)
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"  # stable ids: the same lab gives the same file
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": KERNEL})


def check_outputs(notebook: nbformat.NotebookNode, where: str) -> None:
    """A lab prints to stdout and shows figures with alt text; nothing else."""
    for number, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and output.name == "stderr":
                raise LabError(
                    f"{where}, cell {number} wrote to stderr:\n{output.text}"
                )
            data = output.get("data", {})
            if "image/png" in data and not data.get("text/plain", "").strip():
                raise LabError(f"{where}, cell {number}: a figure without alt text")


def code_cell_lines(source: Path) -> list[tuple[str, int, int]]:
    """Each code cell of the lab, in order: its code and its first and last line."""
    lines = source.read_text(encoding="utf-8").splitlines()
    cells = []
    start = 0
    for cell in read_lab(source).cells:
        if cell.cell_type != "code":
            continue
        cell_lines = cell.source.splitlines()
        first = next(
            (
                line
                for line in range(start, len(lines) - len(cell_lines) + 1)
                if lines[line : line + len(cell_lines)] == cell_lines
            ),
            None,
        )
        if first is None:
            raise LabError(
                f"{shown_path(source)}: a code cell is not lines of the file"
            )
        cells.append((cell.source, first + 1, first + len(cell_lines)))
        start = first + len(cell_lines)
    return cells


def lab_markdown(notebook, source: Path, project: Project) -> tuple[str, dict]:
    """The page of an executed lab, and its figures by file name."""
    included = source.relative_to(project.root).as_posix()
    parts = []
    figures: dict[str, bytes] = {}
    shown_imports: set[str] = set()
    unshown = code_cell_lines(source)

    def code_block(code: str) -> str:
        # The page includes the cell's lines of the lab, as the answer pages
        # include snippets: what the page shows is the file, never a copy of it.
        position = next(
            (index for index, cell in enumerate(unshown) if cell[0] == code), None
        )
        if position is None:
            raise LabError(
                f"{shown_path(source)}: no code cell of the file is {code!r}"
            )
        _, first, last = unshown[position]
        del unshown[: position + 1]
        return f'```python\n--8<-- "{included}:{first}:{last}"\n```'

    for cell in notebook.cells:
        role = cell.metadata.get("lab", {}).get("role")
        if role in ("building block note", "rest of an import cell"):
            continue  # the import cell's block shows them
        if cell.cell_type == "markdown":
            parts.append(cell.source)
            continue
        if role == "building block":
            imports = cell.metadata["lab"]["import"]
            if imports not in shown_imports:
                shown_imports.add(imports)
                parts.append(code_block(imports))
            continue
        parts.append(code_block(cell.source))
        printed = printed_by(cell)
        if printed.strip():
            parts.append(f'```{{.text title="Output"}}\n{printed.rstrip()}\n```')
        for output in cell.outputs:
            data = output.get("data", {})
            if "image/png" in data:
                name = f"{source.stem}-{len(figures) + 1}.png"
                figures[name] = base64.b64decode(data["image/png"])
                alt = " ".join(data["text/plain"].split()).strip("'\"")
                width, height = png_size(figures[name])
                # A link to the image itself: on a phone, a tap opens it full size.
                # Loaded as the reader nears it; its size holds its place until then.
                parts.append(
                    f"[![{alt}](figures/{name}){{ loading=lazy width={width} "
                    f"height={height} }}](figures/{name})"
                )
    # At the end: MkDocs takes a page's title from its first element, the heading.
    parts.append(GENERATED.format(source=source.name))
    return "\n\n".join(parts) + "\n", figures


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's header (its IHDR chunk)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("a lab figure is not a PNG image")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def served(
    executed: nbformat.NotebookNode, page: str, project: Project
) -> nbformat.NotebookNode:
    """The notebook a reader downloads: without the notes this module keeps, its
    stated values as readers see them, each citation a link to its source, each
    link to a page absolute; it opens with what to install."""
    notebook = nbformat.from_dict(executed)
    address = site_url(project)
    for cell in notebook.cells:
        cell.metadata.pop("lab", None)
        if cell.cell_type == "markdown":
            prose = citations_as_links(
                without_markers(cell.source), bibliography(project)
            )
            cell.source = absolute_links(prose, page, address)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    install = install_cell(code, page, address, project)
    install.id = "install"
    notebook.cells.insert(0, install)
    return notebook


def code_cells_of(notebook: nbformat.NotebookNode) -> str:
    """What a run of ``notebook`` depends on: its code cells, in order."""
    return json.dumps([c.source for c in notebook.cells if c.cell_type == "code"])


def with_prose_of(
    notebook: nbformat.NotebookNode, executed: nbformat.NotebookNode
) -> nbformat.NotebookNode:
    """``notebook``'s Markdown cells around ``executed``'s code cells and outputs."""
    ran = iter(c for c in executed.cells if c.cell_type == "code")
    cells = [cell if cell.cell_type != "code" else next(ran) for cell in notebook.cells]
    return nbformat.v4.new_notebook(cells=cells, metadata=executed.metadata)


def kept_run(source: Path, project: Project) -> Path:
    """The folder of the lab's run: its executed notebook and its stated values.

    The run is kept under its code cells and the expressions of its stated
    values, so an edit to the prose alone runs nothing again.
    """
    where = shown_path(source)
    notebook = standalone_notebook(source, project)
    expressions = stated_expressions(notebook)
    code = nbformat.writes(notebook)

    def run(folder: Path) -> None:
        runnable = nbformat.reads(code, as_version=4)
        runnable.cells.append(values_cell(expressions))
        try:
            executed = execute_notebook(runnable)
        except NotebookFailed as error:
            raise LabError(f"{where} failed when run:\n{error}") from error
        values = read_values(executed.cells.pop())
        check_outputs(executed, where)
        (folder / "notebook.ipynb").write_text(nbformat.writes(executed), "utf-8")
        (folder / VALUES_FILE).write_text(json.dumps(values, indent=1), "utf-8")

    key = key_of(code_cells_of(notebook), json.dumps(expressions))
    return cached_folder(project.cache / "labs", key, run)


def write_lab(source: Path, project: Project) -> list[str]:
    """Run the lab (or take its kept run) and write its notebook, page and figures."""
    notebook = standalone_notebook(source, project)
    kept = kept_run(source, project)
    ran = nbformat.reads((kept / "notebook.ipynb").read_text("utf-8"), as_version=4)
    executed = with_prose_of(notebook, ran)
    page = posixpath.splitext(source.relative_to(project.docs).as_posix())[0] + ".md"
    download = notebook_path(page)
    notebook = served(executed, page, project)
    write_if_changed(project.docs / download, nbformat.writes(notebook))
    program = posixpath.splitext(download)[0] + ".py"
    write_if_changed(project.docs / program, as_program(notebook))
    page_text, figures = lab_markdown(executed, source, project)
    write_if_changed(lab_page(source), page_text)
    written = [download, program, lab_page(source).relative_to(project.docs).as_posix()]
    for name, png in figures.items():
        figure = source.parent / "figures" / name
        if not figure.is_file() or figure.read_bytes() != png:
            figure.parent.mkdir(exist_ok=True)
            figure.write_bytes(png)
        written.append(figure.relative_to(project.docs).as_posix())
    return written


def write_labs(project: Project) -> list[str]:
    written = []
    for source in lab_sources(project):
        written += write_lab(source, project)
    return written
