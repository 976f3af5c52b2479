"""The site's Markdown extensions, run by every engine that reads mkdocs.yml."""
