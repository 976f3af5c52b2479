"""Every internal link and anchor of the built site resolves, as LinkChecker finds."""

import shutil
import subprocess
import sys
from pathlib import Path

from browsing import QuietHandler, serve

LINKCHECKER = Path(sys.executable).parent / "linkchecker"
SETTINGS = Path(__file__).parent / "linkcheckerrc"


class WelcomesLinkChecker(QuietHandler):
    def end_headers(self):
        # LinkChecker's sign that this server takes its maxrequestspersecond.
        self.send_header("LinkChecker", "welcome")
        super().end_headers()


def check_links(site: Path) -> subprocess.CompletedProcess:
    with serve(site, WelcomesLinkChecker) as url:
        return subprocess.run(
            [str(LINKCHECKER), "--config", str(SETTINGS), "--no-status", url],
            capture_output=True,
            text=True,
            timeout=300,
        )


def test_every_link_and_anchor_of_the_site_resolves(built_site):
    checked = check_links(built_site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert " 0 warnings found. 0 errors found." in checked.stdout


def test_the_link_check_finds_a_missing_page_and_a_missing_anchor(built_site, tmp_path):
    site = shutil.copytree(built_site, tmp_path / "site")
    index = site / "index.html"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "</article>",
            '<a href="diffusion/q10-nowhere/">Q10</a>'
            '<a href="autograd/q6-gradient-of-a-function/#q6d">Q6(d)</a></article>',
        ),
        encoding="utf-8",
    )
    checked = check_links(site)
    assert checked.returncode == 1
    assert "diffusion/q10-nowhere/" in checked.stdout
    assert "#q6d" in checked.stdout
