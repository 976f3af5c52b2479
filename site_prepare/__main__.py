"""``python -m site_prepare [-f mkdocs.yml]``: make what the site needs beside its pages."""

from __future__ import annotations

import argparse
import sys
import time

from site_prepare.paths import add_config_file_option, project_of
from site_prepare.steps import PREPARE_ERRORS, prepare


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_prepare", description=__doc__)
    add_config_file_option(
        parser, "the project's mkdocs.yml (default: the one in the working folder)"
    )
    options = parser.parse_args(arguments)
    project = project_of(options.config_file)
    started = time.perf_counter()
    try:
        written = prepare(project)
    except PREPARE_ERRORS as error:
        print(f"site_prepare: {error}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(f"site_prepare: {len(written)} files ready in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
