"""Every internal link and anchor of the built site resolves, as LinkChecker finds."""

import subprocess
import sys
from pathlib import Path

import pytest

from site_prepare.local_browser import QuietHandler, serve
from site_tools import LINKCHECKER_SETTINGS, linkcheck


class WelcomesLinkChecker(QuietHandler):
    def end_headers(self):
        # LinkChecker's sign that this server takes its maxrequestspersecond.
        self.send_header("LinkChecker", "welcome")
        super().end_headers()


def check_links(site: Path) -> subprocess.CompletedProcess:
    with serve(site, WelcomesLinkChecker) as url:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "site_tools.linkcheck",
                "--config",
                str(LINKCHECKER_SETTINGS),
                "--no-status",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )


def test_every_link_and_anchor_of_the_site_resolves(built_site):
    checked = check_links(built_site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert " 0 warnings found. 0 errors found." in checked.stdout


def test_the_link_check_finds_a_missing_page_and_a_missing_anchor(tmp_path):
    # A site of two pages, not a copy of the built one, on which the check is slow.
    (tmp_path / "answer").mkdir()
    (tmp_path / "answer" / "index.html").write_text(
        '<h2 id="q6a">Q6(a)</h2>', encoding="utf-8"
    )
    (tmp_path / "index.html").write_text(
        '<a href="answer/">Q6</a><a href="answer/#q6a">Q6(a)</a>'
        '<a href="diffusion/q10-nowhere/">Q10</a><a href="answer/#q6d">Q6(d)</a>',
        encoding="utf-8",
    )
    checked = check_links(tmp_path)
    assert checked.returncode == 1
    assert "diffusion/q10-nowhere/" in checked.stdout
    assert "#q6d" in checked.stdout
    assert "#q6a" not in checked.stdout, "a present anchor is not reported"
    assert " 1 warning found. 1 error found." in checked.stdout, checked.stdout


def test_the_check_stops_on_a_linkchecker_without_a_name_it_relies_on(monkeypatch):
    for module, name in linkcheck.RELIED_ON:
        assert hasattr(module, name)
    assert linkcheck.missing_names() == []
    module, name = linkcheck.RELIED_ON[0]
    monkeypatch.delattr(module, name)
    assert linkcheck.missing_names() == [f"{module.__name__}.{name}"]
    with pytest.raises(SystemExit, match=rf"LinkChecker [\d.]+ has no .*{name}"):
        linkcheck.main()
