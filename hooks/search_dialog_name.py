"""Give mkdocs-material's search dialog an accessible name.

The theme marks the search box ``role="dialog"`` without a name, which screen
readers announce as an unnamed dialog (axe-core rule aria-dialog-name, serious).
A hook adds ``aria-label="Search"`` rather than a copy of the theme's search
template, and fails the build if the theme's markup changes under it.
"""

from mkdocs.exceptions import PluginError

UNNAMED_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_DIALOG = UNNAMED_DIALOG.replace(
    'role="dialog"', 'role="dialog" aria-label="Search"'
)


def on_post_page(output: str, page, config) -> str:
    if UNNAMED_DIALOG not in output:
        raise PluginError(
            f"{page.file.src_uri}: the theme's search dialog markup changed; "
            "update hooks/search_dialog_name.py so the dialog keeps its name"
        )
    return output.replace(UNNAMED_DIALOG, NAMED_DIALOG, 1)
