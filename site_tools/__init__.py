"""What the Makefile, pre-commit, CI and the benchmarks run on the project beside
MkDocs, and the tests use too.

- ``builds``: ``mkdocs build --strict`` in a process of its own, and copies of
  the project to build, change or break;
- ``zensical_build``: the same site built by Zensical (``make build-zensical``);
- ``check_page_examples``: pre-commit's refusal of Python typed into a page;
- ``linkcheck`` and ``linkcheckerrc``: LinkChecker's command and its settings
  for the built site, as the tests and the weekly check of every link run it.
"""

from pathlib import Path

LINKCHECKER_SETTINGS = Path(__file__).with_name("linkcheckerrc")
