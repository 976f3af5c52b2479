"""Offer each page's code as a notebook, generated while the site is built.

For an answer page, the notebook holds one code cell per example: the Python
fence's ``--8<--`` includes expanded by the build's own pymdownx.snippets, so a
cell is exactly the code the page shows, with the page's recorded output saved
under it. A lab page (a jupytext ``.py`` rendered by mkdocs-jupyter) becomes
the same notebook as a ``.ipynb``. The notebook is written next to the page
(``autograd/q6-gradient-of-a-function/q6-gradient-of-a-function.ipynb``) and
the page gets a download link under its title. Pages without code get neither.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import jupytext
import markdown
import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

EXAMPLE = re.compile(
    r'^```\{\.python title="(?P<title>[^"]+)"\}\n(?P<code>.*?)^```\n\s*'
    r'^```\{\.text title="Output"\}\n(?P<output>.*?)^```$',
    re.MULTILINE | re.DOTALL,
)
TITLE = re.compile(r"^# (.+)$", re.MULTILINE)
FIRST_HEADING_END = re.compile(r"</h1>")

_expand_includes = None
_notebooks: dict[str, str] = {}  # page source path -> the notebook's site path


def on_config(config):
    global _expand_includes
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    snippets = md.preprocessors["snippet"]

    def expand(text: str) -> str:
        return "\n".join(snippets.run(text.splitlines())).rstrip("\n")

    _expand_includes = expand
    return config


def notebook_path(src_uri: str) -> str:
    page = PurePosixPath(src_uri)
    return (page.with_suffix("") / page.with_suffix(".ipynb").name).as_posix()


def example_cells(page_markdown: str, expand) -> list:
    """A title cell and a code cell, with its recorded output, for each example."""
    cells = []
    for match in EXAMPLE.finditer(page_markdown):
        code = expand(match["code"])
        output = expand(match["output"])
        cells.append(nbformat.v4.new_markdown_cell(f"**{match['title']}**"))
        cells.append(
            nbformat.v4.new_code_cell(
                code,
                outputs=[
                    nbformat.v4.new_output("stream", name="stdout", text=output + "\n")
                ],
            )
        )
    return cells


def answer_notebook(page_markdown: str, expand) -> nbformat.NotebookNode | None:
    """The notebook of an answer page, or None if the page shows no code."""
    cells = example_cells(page_markdown, expand)
    if not cells:
        return None
    title = TITLE.search(page_markdown)[1]
    introduction = (
        f"# {title}\n\nThe code of the page *{title}*: each code cell is one example "
        "exactly as the page shows it, and the output saved under it is the output "
        "the page shows, checked by the site's tests. Each cell runs on its own."
    )
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(introduction), *cells],
        metadata={
            "kernelspec": {
                "name": "python3",
                "display_name": "Python 3",
                "language": "python",
            }
        },
    )


def notebook_of(source: Path, expand) -> nbformat.NotebookNode | None:
    text = source.read_text(encoding="utf-8")
    if source.suffix == ".md":
        notebook = answer_notebook(text, expand)
    else:
        notebook = jupytext.reads(text, fmt="py:percent")
    if notebook is not None:
        for number, cell in enumerate(notebook.cells):
            cell.id = f"cell-{number}"  # stable ids: the same page gives the same file
    return notebook


def on_files(files: Files, config) -> Files:
    _notebooks.clear()
    pages = [
        file
        for file in files
        if file.abs_src_path and PurePosixPath(file.src_uri).suffix in {".md", ".py"}
    ]
    for page in pages:
        try:
            notebook = notebook_of(Path(page.abs_src_path), _expand_includes)
        except Exception as error:
            raise PluginError(
                f"docs/{page.src_uri}: cannot make its notebook: {error}"
            ) from error
        if notebook is None:
            continue
        path = notebook_path(page.src_uri)
        files.append(File.generated(config, path, content=nbformat.writes(notebook)))
        _notebooks[page.src_uri] = path
    return files


def on_page_content(content: str, page, config, files) -> str:
    path = _notebooks.get(page.file.src_uri)
    if path is None:
        return content
    link = (
        f'<p class="page-notebook"><a href="{get_relative_url(path, page.url)}" '
        f"download>Download this page's code as a Jupyter notebook</a></p>"
    )
    heading_end = FIRST_HEADING_END.search(content)
    if heading_end is None:
        return link + content
    return content[: heading_end.end()] + link + content[heading_end.end() :]
