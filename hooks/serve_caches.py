"""Let ``mkdocs serve`` keep what each rebuild would make again unchanged.

The caches live in ``site_serve``: this hook's module is loaded anew for every
build, an imported package is not.
"""

from mkdocs.plugins import event_priority

from site_serve import keep_search_parses, speed_up_theme


@event_priority(100)  # ahead of the search plugin's, which loads templates
def on_config(config):
    speed_up_theme(config.theme)
    keep_search_parses()
    return config
