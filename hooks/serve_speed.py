"""Let ``mkdocs serve`` keep what each rebuild would make again unchanged, and look
for changes more often.

What outlives a build lives in ``site_serve``: this hook's module is loaded anew
for every build, an imported package is not.
"""

from mkdocs.plugins import event_priority

from site_serve import keep_search_parses, poll_quickly, speed_up_theme


def on_startup(command, dirty):
    if command == "serve":
        poll_quickly()


@event_priority(100)  # ahead of the search plugin's, which loads templates
def on_config(config):
    speed_up_theme(config.theme)
    keep_search_parses()
    return config
