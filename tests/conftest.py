"""The ``--screenshots`` option, and where the browser tests leave the screenshots."""

from site_build import BROWSER_ARTIFACTS


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="also save every page, light and dark, desktop and phone, as a full-page "
        f"screenshot under {BROWSER_ARTIFACTS}",
    )


def pytest_report_header(config):
    if config.getoption("--screenshots"):
        return f"browser test screenshots: {BROWSER_ARTIFACTS}"
    return None
