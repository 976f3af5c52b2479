"""Tell the site's Markdown extensions which page MkDocs converts next.

Zensical passes the page to extensions itself; MkDocs does not, so this hook
sets it just before each page is converted (site_markdown/page.py).
"""

from site_markdown.page import set_mkdocs_page


def on_page_markdown(markdown, page, config, files):
    set_mkdocs_page(page.file.src_uri, page.url)
    return markdown
