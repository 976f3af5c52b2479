"""The browser tests run page by page, the tests of no page first (visits.py)."""

from pathlib import Path
from types import SimpleNamespace

from browsing import PAGES
from visits import put_in_page_order

HERE = Path(__file__).parent


def item(name: str, page=None, folder=HERE):
    params = SimpleNamespace(params={"page": page}) if page else None
    return SimpleNamespace(name=name, path=folder / "test_x.py", callspec=params)


def test_each_page_s_tests_are_side_by_side_and_other_tests_keep_their_place():
    first, second = PAGES[0], PAGES[1]
    items = [
        item("math", second),
        item("axe", first),
        item("search"),
        item("elsewhere", folder=HERE.parent),
        item("reading", second),
        item("links"),
        item("screens", first),
    ]
    put_in_page_order(items, HERE)
    assert [i.name for i in items] == [
        "search",
        "links",
        "axe",
        "elsewhere",
        "screens",
        "math",
        "reading",
    ]
