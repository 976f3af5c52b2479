"""Every page loads cleanly and asks nothing of any host but the local server."""

import pytest
from browsing import PAGES

from site_prepare.pages import page_id, page_url


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_loads_cleanly_from_the_local_server_alone(visits, page):
    traffic = visits.arrival(page).traffic
    assert traffic.requests[0] == visits.site_url + page_url(page)
    assert any(url.endswith("search_index.json") for url in traffic.requests), (
        "the search index was never requested, so the page's scripts did not all run"
    )
    problems = {
        "console errors": traffic.console_errors,
        "failed requests": traffic.failures,
        "requests to other hosts": traffic.to_other_hosts(visits.site_url),
    }
    assert problems == {kind: [] for kind in problems}


def test_the_browser_tests_visit_every_page_the_build_writes(built_site):
    """Each page the build wrote, an index.html, is one of PAGES, and the other
    way round."""
    written = [
        page.relative_to(built_site).as_posix()
        for page in built_site.rglob("index.html")
    ]
    assert sorted(written) == sorted(page_url(page) + "index.html" for page in PAGES)
