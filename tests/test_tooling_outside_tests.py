"""What runs the project beside pytest uses tests/ only by running pytest on it.

The Makefile, pre-commit, CI, nox, the benchmarks, the hooks and the site's
packages import their tooling from site_tools and the other packages: tests/
holds tests, their helpers and their fixtures, which nothing else imports, runs
or reads.
"""

import ast
import re
from pathlib import Path

import pytest

from examples import ROOT

TESTS = ROOT / "tests"
COMMANDS = ["Makefile", ".pre-commit-config.yaml", ".ci/run", "noxfile.py"]
# The benchmarks, the MkDocs hooks and the site's packages: site_markdown,
# site_prepare, site_serve, site_tools.
PACKAGES = ["benchmarks", "hooks", *sorted(path.name for path in ROOT.glob("site_*/"))]
# A path into tests/, in a command, a string, a comment or a docstring.
TESTS_PATH = re.compile(r"(?<![\w.-])tests/[\w./:-]*")
TEST_MODULE = re.compile(r"test_\w+\.py")
TEST_MODULES = {path.stem for path in TESTS.rglob("*.py")}


def tooling() -> list[Path]:
    """The files that run the project beside pytest."""
    files = [ROOT / name for name in COMMANDS]
    files += sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    for package in PACKAGES:
        files += sorted((ROOT / package).rglob("*.py"))
    return files


def run_by_pytest(path: str) -> bool:
    """tests/ or a folder of it, or a test module or one of its tests."""
    target = path.rstrip(".:").split("::")[0]
    return (ROOT / target).is_dir() or bool(TEST_MODULE.fullmatch(Path(target).name))


def imports_and_paths(code: str) -> list[str]:
    """The imports of modules of tests/, and the paths joined onto "tests"."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules = [node.module]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            sides = (node.left, node.right)
            if any(
                isinstance(side, ast.Constant) and side.value == "tests"
                for side in sides
            ):
                found.append(ast.unparse(node))
            continue
        else:
            continue
        found += [
            f"import {module}"
            for module in modules
            if module.split(".")[0] in TEST_MODULES
        ]
    return found


def uses_of_tests(name: str, text: str) -> list[str]:
    """What the file ``name``, reading ``text``, uses of tests/ other than running
    pytest on it."""
    found = [path for path in TESTS_PATH.findall(text) if not run_by_pytest(path)]
    if name.endswith(".py"):
        found += imports_and_paths(text)
    return found


def test_nothing_beside_pytest_runs_imports_or_reads_a_file_of_tests():
    used = {
        path.relative_to(ROOT).as_posix(): found
        for path in tooling()
        if (found := uses_of_tests(path.name, path.read_text(encoding="utf-8")))
    }
    assert used == {}


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        (
            "Makefile",
            "\t$(PYTHON) tests/zensical_build.py\n",
            ["tests/zensical_build.py"],
        ),
        (
            ".pre-commit-config.yaml",
            "entry: python tests/check_page_examples.py\n",
            ["tests/check_page_examples.py"],
        ),
        (
            "links.yml",
            "linkchecker --config tests/browser/linkcheckerrc --check-extern\n",
            ["tests/browser/linkcheckerrc"],
        ),
        (
            "reading.py",
            'sys.path[:0] = [str(ROOT / "tests")]\nfrom browsing import DESKTOP\n',
            ["import browsing", "ROOT / 'tests'"],
        ),
        ("ddpm_recipe.py", "import lab_runs\n", ["import lab_runs"]),
        ("noxfile.py", 'TARGETS = ["tests/test_values.py", "docs"]\n', []),
        ("Makefile", "test-browser:  ## only tests/browser/, in Chromium\n", []),
        ("run", "pytest -n 2 tests/browser\n", []),
        (
            "run",
            "pytest tests/test_build.py::test_every_page_in_the_nav_is_built\n",
            [],
        ),
    ],
    ids=[
        "a script run",
        "a hook's entry",
        "a file read",
        "tests/ on sys.path",
        "an import",
        "a test module pytest runs",
        "a folder of tests",
        "a folder of tests, without its slash",
        "one test",
    ],
)
def test_the_check_tells_a_use_of_tests_from_a_pytest_run(name, text, found):
    assert uses_of_tests(name, text) == found
