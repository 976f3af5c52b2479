"""The header's light/dark switch (docs/javascripts/palette.js, in place of the
theme's palette component) shows the system's scheme, switches on a press or on
Enter, keeps the reader's choice from page to page, colours the phone's browser
bar, and restyles nothing on a load that needs no change."""

import pytest
from browsing import open_reader

SCHEME = "document.body.dataset.mdColorScheme"
# What each shown button says it does, as its option's input names it for screen
# readers (the button's title moves into the theme's tooltip once hovered).
SHOWN_LABEL = """() => [...document.querySelectorAll("form[data-palette-switch] label")]
  .filter((label) => !label.hidden)
  .map((label) => label.previousElementSibling.getAttribute("aria-label"))"""
META = "(name) => document.querySelector(`meta[name=${name}]`)?.content ?? null"
BACKGROUND = "getComputedStyle(document.body).backgroundColor"
HEADER_COLOUR = """() => getComputedStyle(document.querySelector(".md-header"))
  .backgroundColor.match(/\\d+/g).slice(0, 3)
  .map((channel) => Number(channel).toString(16).padStart(2, "0")).join("")"""


# The switch colours the phone's browser bar with the header's colour, a frame after
# the page is styled; this waits until it has.
BAR_IN_HEADER_COLOUR = f"""() => document.querySelector("meta[name=theme-color]")
  ?.content === "#" + ({HEADER_COLOUR})()"""


@pytest.fixture
def tab(browser, site_url, request):
    opened = open_reader(browser, site_url, color_scheme=request.param)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("tab", "scheme", "label"),
    [
        ("light", "default", "Switch to dark mode"),
        ("dark", "slate", "Switch to light mode"),
    ],
    indirect=["tab"],
)
def test_the_page_opens_in_the_systems_scheme_with_the_switch_to_the_other(
    tab, scheme, label
):
    shown = tab.open("")
    assert shown.evaluate(SCHEME) == scheme
    assert shown.evaluate(SHOWN_LABEL) == [label]
    shown.wait_for_function(BAR_IN_HEADER_COLOUR)
    # The dark scheme darkens the page's scrollbars and controls too.
    assert shown.evaluate(META, "color-scheme") == (
        "dark" if scheme == "slate" else None
    )


@pytest.mark.parametrize("tab", ["light"], indirect=True)
def test_a_press_switches_the_scheme_and_the_next_page_keeps_it(tab):
    shown = tab.open("")
    before = shown.evaluate(BACKGROUND)
    shown.locator("form[data-palette-switch] label:visible").click()
    assert shown.evaluate(SCHEME) == "slate"
    assert shown.evaluate(SHOWN_LABEL) == ["Switch to light mode"]
    assert shown.evaluate(BACKGROUND) != before
    shown.wait_for_function(BAR_IN_HEADER_COLOUR)
    assert shown.evaluate(META, "color-scheme") == "dark"
    shown = tab.open("autograd/q6-gradient-of-a-function/")
    assert shown.evaluate(SCHEME) == "slate"
    assert shown.evaluate(SHOWN_LABEL) == ["Switch to light mode"]


@pytest.mark.parametrize("tab", ["light"], indirect=True)
def test_enter_on_the_focused_switch_switches_the_scheme(tab):
    shown = tab.open("")
    shown.locator("form[data-palette-switch] input:checked").focus()
    shown.keyboard.press("Enter")
    assert shown.evaluate(SCHEME) == "slate"
    shown.keyboard.press("Enter")
    assert shown.evaluate(SCHEME) == "default"


@pytest.mark.parametrize("tab", ["light"], indirect=True)
def test_a_load_in_the_default_scheme_changes_nothing_on_the_body(tab):
    """The theme's component set, then removed, an attribute on <body> that its
    stylesheet's rules match on every element: three restyles of the whole page."""
    tab.page.add_init_script(
        """new MutationObserver((changes) => {
             window.bodyChanges = (window.bodyChanges || []).concat(
               changes.map((change) => change.attributeName));
           }).observe(document.documentElement, {attributes: true, subtree: true,
             attributeFilter: ["data-md-color-switching", "data-md-color-media",
                               "data-md-color-scheme",
                               "data-md-color-primary", "data-md-color-accent"]});"""
    )
    shown = tab.open("autograd/lab-energy-model/")
    shown.wait_for_load_state("networkidle")
    assert shown.evaluate("window.bodyChanges || []") == []
