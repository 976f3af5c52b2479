"""LinkChecker's command, as the tests and the weekly check of every link run it.

    python -m site_tools.linkcheck --config site_tools/linkcheckerrc URL

It runs as the user who runs it. Run as root, as in a CI container, LinkChecker
sets its effective user to nobody's once it has read its settings; if that user
cannot list the folder of LinkChecker's plugins in the virtual environment, no
plugin loads, the anchor check among them, and LinkChecker says only that it
drops privileges, then passes a site whose anchors are broken.

It also parses each page once, not once per link to one of its anchors: each
such link is a URL of its own, whose check would download and parse the page
again; this keeps each page's parse.

Both changes rely on names LinkChecker does not document; a LinkChecker without
one of these names stops the check, naming it.
"""

from __future__ import annotations

import sys
from importlib.metadata import version

from linkcheck.command import linkchecker as command
from linkcheck.htmlutil import htmlsoup

RELIED_ON = ((command, "drop_privileges"), (htmlsoup, "make_soup"))


def missing_names() -> list[str]:
    """The names relied on that the installed LinkChecker lacks."""
    return [
        f"{module.__name__}.{name}"
        for module, name in RELIED_ON
        if not hasattr(module, name)
    ]


def main() -> None:
    if missing := missing_names():
        sys.exit(
            f"LinkChecker {version('LinkChecker')} has no {', '.join(missing)}: "
            "see site_tools/linkcheck.py"
        )
    command.drop_privileges = lambda: None
    parse, parsed = htmlsoup.make_soup, {}

    def parsed_once(markup, from_encoding=None):
        if (markup, from_encoding) not in parsed:
            parsed[markup, from_encoding] = parse(markup, from_encoding)
        return parsed[markup, from_encoding]

    htmlsoup.make_soup = parsed_once
    sys.exit(command.linkchecker())


if __name__ == "__main__":
    main()
