"""What ``mkdocs serve`` keeps from one rebuild to the next, and skips on each.

MkDocs' server builds the whole site again on every change, with a new
configuration and theme each time, so what outlives a build lives in this imported
module. ``serve_quickly`` changes MkDocs and mkdocs-material for the rest of the
process; ``hooks/serve_speed.py`` calls it when ``mkdocs serve`` starts (not
``mkdocs serve --clean``, which MkDocs starts as a build), and never for
``mkdocs build`` or ``mkdocs gh-deploy``, so that the published site is made by
the packages as they are. Each thing kept is a function of the input it is kept
under, so a rebuild still renders and checks every page as ``make build`` does:

- the bytecode of the theme's templates, by template name and file, checked
  against a checksum of the template's source: Jinja's own ``BytecodeCache``,
  which compiles a template again when its source changes;
- mkdocs-material's parse of each page's HTML into search sections, by the HTML.

And the theme's hidden files (mkdocs-material's icons), which MkDocs lists on
each build only to leave out, are not listed.

Each change relies on a part of MkDocs or mkdocs-material that neither documents;
tests/test_serve_patches.py reads those parts in the installed packages. A change
stays only while it saves at least a tenth of an edit's time, which the
Performance page measures with and without it (``LEAVE_OUT``); a quicker look
for changes than MkDocs' own went for saving less.
"""

from __future__ import annotations

import functools
import os
import pickle
from pathlib import Path

import jinja2
from material.plugins.search import plugin as material_search
from mkdocs.theme import Theme

# Material's own parser, before keep_search_parses puts KeptParser in its place.
_MATERIAL_PARSER = material_search.Parser


class KeptBytecode(jinja2.BytecodeCache):
    """Compiled templates, kept in memory for the life of the process."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_BYTECODE = KeptBytecode()


# Kept by HTML, pickled: a bound of 64, as each edit of a page adds a parse.
@functools.lru_cache(maxsize=64)
def _sections(html: str) -> bytes:
    parser = _MATERIAL_PARSER()
    parser.feed(html)
    parser.close()
    return pickle.dumps(parser.data)


class KeptParser(_MATERIAL_PARSER):
    """Material's search parser, giving the sections it found for HTML it has seen.

    Material's index feeds a page's HTML to a new parser, closes it, and takes its
    ``data``; the index then changes those sections (an untitled one gets the
    page's title), so each parser gets a copy of the kept ones.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._fed: list[str] = []

    def feed(self, data: str) -> None:
        self._fed.append(data)

    def close(self) -> None:
        self.data = pickle.loads(_sections("".join(self._fed)))


class ThemeLoader(jinja2.FileSystemLoader):
    """Jinja's loader of a theme's folders, listing none of their hidden files.

    MkDocs lists a theme's files to copy its static ones, and leaves out every
    path with a part that starts with a dot (``Files.add_files_from_theme``:
    "'.*' filters dot files/dirs at root level whereas '*/.*' filters nested
    levels"); it is the only caller of ``list_templates``. Nearly all of
    mkdocs-material's files are its icons, under ``.icons/``.
    """

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            walk = os.walk(searchpath, followlinks=self.followlinks)
            for folder, subfolders, files in walk:
                subfolders[:] = [name for name in subfolders if name[0] != "."]
                relative = Path(folder).relative_to(searchpath)
                found.update(
                    (relative / name).as_posix() for name in files if name[0] != "."
                )
        return sorted(found)


def speed_up_themes() -> None:
    """Have every Jinja environment a theme makes keep its compiled templates and
    list no hidden file.

    MkDocs makes one environment for each build, and mkdocs-material's search
    plugin one more for each phrase it translates; all come from ``Theme.get_env``.
    """
    make_environment = Theme.get_env
    if getattr(make_environment, "sped_up", False):  # a second serve in one process
        return

    @functools.wraps(make_environment)
    def get_env(theme: Theme) -> jinja2.Environment:
        environment = make_environment(theme)
        loader = environment.loader
        if type(loader) is not jinja2.FileSystemLoader:
            raise TypeError(
                f"MkDocs' theme environment loads templates with {loader!r}, not a "
                "jinja2.FileSystemLoader; update site_serve.speed_up_themes"
            )
        environment.loader = ThemeLoader(
            loader.searchpath, loader.encoding, loader.followlinks
        )
        environment.bytecode_cache = TEMPLATE_BYTECODE
        return environment

    get_env.sped_up = True
    Theme.get_env = get_env


def keep_search_parses() -> None:
    """Have Material's search index parse each page's HTML through KeptParser."""
    material_search.Parser = KeptParser


# Each change above, by the name of what it replaces.
REPLACEMENTS = {
    "mkdocs.theme.Theme.get_env": speed_up_themes,
    "material.plugins.search.plugin.Parser": keep_search_parses,
}
# The changes serve_quickly leaves out, named as in REPLACEMENTS, separated by
# commas: benchmarks/editing.py times an edit without each, to show what each saves.
LEAVE_OUT = "SITE_SERVE_LEAVE_OUT"


def serve_quickly() -> None:
    """Make every change above that LEAVE_OUT does not name, for the rest of the
    process."""
    left_out = {name for name in os.environ.get(LEAVE_OUT, "").split(",") if name}
    if unknown := left_out - set(REPLACEMENTS):
        raise ValueError(
            f"{LEAVE_OUT} names {sorted(unknown)}, not among site_serve's "
            f"replacements {list(REPLACEMENTS)}"
        )
    for name, replace in REPLACEMENTS.items():
        if name not in left_out:
            replace()
