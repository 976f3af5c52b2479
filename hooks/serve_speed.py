"""Let ``mkdocs serve`` keep what each rebuild would make again unchanged.

Only ``mkdocs serve``: ``mkdocs build`` and ``mkdocs gh-deploy`` publish the site
made by MkDocs and mkdocs-material as they are. What outlives a build lives in
``site_serve``, which changes the packages once, when the server starts.
"""

from site_serve import serve_quickly


def on_startup(command, dirty):
    if command == "serve":
        serve_quickly()
