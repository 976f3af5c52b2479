"""Tell the site's Markdown extensions which page MkDocs converts next.

Zensical passes the page to extensions itself; MkDocs does not, so this hook gives
the Markdown of each page, just before it is converted, a PageExtension naming
it (site_markdown/page.py), as Zensical gives each page its rendering context.
"""

from site_markdown.page import PageExtension


def on_page_markdown(markdown, page, config, files):
    extensions = config.markdown_extensions
    extensions[:] = [e for e in extensions if not isinstance(e, PageExtension)]
    extensions.append(PageExtension(source=page.file.src_uri, url=page.url))
    return markdown
