"""What the site needs beside its Markdown, made before either engine builds it.

``python -m site_prepare`` (the Makefile runs it before ``mkdocs`` or
``zensical``) writes, under ``docs/``, files that git ignores: KaTeX's stylesheet
and fonts, each page's notebook, the figures the figure examples draw, and each
lab run into a page of its own. Runs are cached by their inputs in ``.site-cache/``.
"""
