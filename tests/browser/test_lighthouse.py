"""Lighthouse, as the benchmark runs it, audits a page of the built site and its
report is read: the pinned package drives the system Chromium here too."""

from benchmarks import lighthouse


def test_lighthouse_audits_a_built_page_and_its_figures_are_read(site_url, tmp_path):
    run = lighthouse.lighthouse(site_url + "about/verification/", tmp_path)
    assert set(run.scores) == set(lighthouse.CATEGORIES)
    assert 0 <= run.scores["performance"] <= 100
    # The three categories that do not depend on timing hold their goal here
    # too, on every run of the suite, not only when the benchmark runs.
    for category in lighthouse.CATEGORIES[1:]:
        assert run.scores[category] == lighthouse.FULL_SCORE, category
    # A page with text paints, and the largest paint is not before the first.
    assert 0 < run.fcp <= run.lcp
    assert run.tbt >= 0 and run.cls >= 0
    # The DOM size Lighthouse counts is the page's, within what the theme adds.
    assert run.dom > 200
