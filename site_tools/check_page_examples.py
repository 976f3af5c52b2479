"""pre-commit hook: refuse a page with Python typed into it instead of included.

``python -m site_tools.check_page_examples docs/a.md ...`` reads each page's
examples as the build and the tests do (site_prepare.pages), so a code fence
holding anything but ``--8<--`` includes, or a Python fence without its output
fence, fails here before commit.
"""

import sys
from pathlib import Path

from site_prepare.pages import ExampleError, page_examples


def problems(pages: list[Path]) -> list[str]:
    found = []
    for page in pages:
        try:
            page_examples(page.resolve())
        except ExampleError as error:
            found.append(str(error))
    return found


if __name__ == "__main__":
    found = problems([Path(name) for name in sys.argv[1:]])
    print("\n".join(found))
    sys.exit(1 if found else 0)
