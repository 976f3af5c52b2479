"""Says where the browser tests leave their screenshots, at the top of every run."""

from site_build import BROWSER_ARTIFACTS


def pytest_report_header(config):
    return f"browser test artifacts (screenshots): {BROWSER_ARTIFACTS}"
