"""Without Chromium a developer's run says why the browser tests were skipped; CI fails."""

import pytest
from browsing import require_chromium


def test_without_chromium_the_browser_tests_skip_and_say_why(tmp_path):
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        require_chromium(tmp_path / "chromium", {})


def test_without_chromium_ci_fails_instead_of_skipping(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="CI must not skip them"):
        require_chromium(tmp_path / "chromium", {"CI": "true"})


def test_with_chromium_nothing_is_skipped(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("")
    require_chromium(chromium, {"CI": "true"})
