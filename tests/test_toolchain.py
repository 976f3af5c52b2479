"""The deploy workflow is valid and runs the README's commands; pre-commit works offline;
the project's install holds what the commands run; a torch session of noxfile.py
installs the torch it names."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from setuptools import find_packages

import noxfile
from examples import ROOT
from site_tools import LINKCHECKER_SETTINGS

BIN = Path(sys.executable).parent
WORKFLOW = ROOT / ".github/workflows/deploy.yml"
LINKS_WORKFLOW = ROOT / ".github/workflows/links.yml"
PRE_COMMIT_CONFIG = ROOT / ".pre-commit-config.yaml"


def check_workflow(path: Path) -> subprocess.CompletedProcess:
    """check-jsonschema against the GitHub workflow schema it ships (no download)."""
    return subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
        + [str(path)],
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("workflow", [WORKFLOW, LINKS_WORKFLOW], ids=lambda p: p.name)
def test_the_workflows_match_the_github_workflow_schema(workflow):
    result = check_workflow(workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_scheduled_job_follows_every_link_off_the_site_too():
    """The tests reach no other host; the sources' pinned links are followed here."""
    workflow = yaml.safe_load(LINKS_WORKFLOW.read_text())
    assert workflow[True]["schedule"] and "workflow_dispatch" in workflow[True]
    commands = "\n".join(
        step["run"] for step in workflow["jobs"]["links"]["steps"] if "run" in step
    )
    assert "make build" in commands
    # As the tests run it: a container's root keeps its anchor check.
    assert re.search(
        r"python -m site_tools\.linkcheck .*--check-extern", commands, re.S
    )
    settings = LINKCHECKER_SETTINGS.relative_to(ROOT).as_posix()
    assert f"--config {settings} " in commands  # the settings the tests use
    rc = LINKCHECKER_SETTINGS.read_text()
    assert "checkextern=0" in rc  # the tests' own run stays on the site


def test_the_schema_check_refuses_a_job_without_a_runner(tmp_path):
    broken = tmp_path / "deploy.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on:", "runs_on:", 1))
    result = check_workflow(broken)
    assert result.returncode != 0
    assert "runs-on" in result.stdout + result.stderr


def test_the_workflow_publishes_on_a_push_to_main_with_the_readme_commands():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads `on` as True
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    commands = [step["run"] for step in build["steps"] if "run" in step]
    make_commands = [command for command in commands if command.startswith("make ")]
    assert make_commands == ["make test", "make build"]
    readme = (ROOT / "README.md").read_text()
    for command in make_commands:
        assert re.search(rf"(^|`){command}\b", readme, re.MULTILINE), command
    uploads = [
        step
        for step in build["steps"]
        if "upload-pages-artifact" in step.get("uses", "")
    ]
    assert uploads[0]["with"]["path"] == "site"
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_project_s_install_holds_every_package_the_commands_run():
    """``pip install -e .`` installs the packages pyproject.toml's find lists: each
    that the Makefile or a pre-commit hook runs with ``python -m`` is one."""
    commands = (ROOT / "Makefile").read_text() + PRE_COMMIT_CONFIG.read_text()
    folders = {path.name for path in ROOT.iterdir() if path.is_dir()}
    run = {name.split(".")[0] for name in re.findall(r" -m ([\w.]+)", commands)}
    assert {"site_prepare", "site_tools"} <= run & folders
    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    installed = find_packages(str(ROOT), include=find["packages"]["find"]["include"])
    assert run & folders <= set(installed)


def test_every_pre_commit_hook_is_local():
    """Local hooks need no download of hook repositories: pre-commit works offline."""
    config = yaml.safe_load(PRE_COMMIT_CONFIG.read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"] for hook in config["repos"][0]["hooks"]}
    assert hooks == {
        "ruff-check",
        "ruff-format",
        "codespell",
        "no-python-typed-into-markdown",
    }


@pytest.fixture
def checkout(tmp_path):
    """The project's files (committed or not, as git sees them) in a fresh git repository."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    folder = tmp_path / "checkout"
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
    return folder


def pre_commit(folder: Path, *arguments: str) -> subprocess.CompletedProcess:
    """pre-commit as a reader runs it, in the activated environment: on PATH."""
    return subprocess.run(
        ["pre-commit", "run", "--color=never", *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        env={
            "PATH": f"{BIN}:/usr/bin:/bin",
            "VIRTUAL_ENV": str(BIN.parent),
            "HOME": str(folder.parent),
            "PRE_COMMIT_HOME": str(folder.parent / "pre-commit"),
        },
        timeout=300,
    )


def test_the_hooks_run_tools_found_on_path_not_in_one_folder():
    """An environment that lives elsewhere than .venv/ runs the same hooks."""
    config = yaml.safe_load(PRE_COMMIT_CONFIG.read_text())
    entries = [hook["entry"] for hook in config["repos"][0]["hooks"]]
    assert entries and all(".venv" not in entry for entry in entries), entries


def test_pre_commit_passes_on_the_project(checkout):
    result = pre_commit(checkout, "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    for hook in [
        "ruff check",
        "ruff format",
        "codespell",
        "no Python typed into Markdown",
    ]:
        assert re.search(
            rf"^{re.escape(hook)}.*Passed$", result.stdout, re.MULTILINE
        ), result.stdout


def test_pre_commit_refuses_python_typed_into_a_page(checkout):
    page = checkout / "docs/index.md"
    page.write_text(page.read_text() + '\n```python\nprint("typed here")\n```\n')
    result = pre_commit(
        checkout, "no-python-typed-into-markdown", "--files", "docs/index.md"
    )
    assert result.returncode != 0
    assert (
        "docs/index.md:" in result.stdout and 'print("typed here")' in result.stdout
    ), result.stdout


def test_pre_commit_refuses_a_misspelling(checkout):
    misspelt = "recie" + "ved"  # written whole, codespell would flag this file
    page = checkout / "docs/index.md"
    page.write_text(page.read_text() + f"\nThe gradient is {misspelt} by the leaf.\n")
    result = pre_commit(checkout, "codespell", "--files", "docs/index.md")
    assert result.returncode != 0
    assert f"{misspelt} ==> received" in result.stdout, result.stdout


def test_the_readme_reads_in_two_minutes():
    """At most 10,000 characters; the rest lives in CONTRIBUTING.md and on the site."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme) <= 10_000
    assert "make serve" in readme and "make test" in readme
    assert (ROOT / "CONTRIBUTING.md").is_file()


def test_a_torch_session_changes_only_the_torch_pin():
    pinned = noxfile.REQUIREMENTS.read_text(encoding="utf-8")
    newer = noxfile.with_torch(pinned, "2.15.0")
    lines = zip(pinned.splitlines(), newer.splitlines(), strict=True)
    assert [new for old, new in lines if old != new] == ["torch==2.15.0"]


@pytest.mark.parametrize(
    "requirements",
    ["numpy==2.4.6\n", "torch>=2.13\n", "torch==2.13.0\ntorch==2.13.0\n"],
    ids=["no pin", "a range", "two pins"],
)
def test_a_torch_session_refuses_requirements_without_one_torch_pin(requirements):
    with pytest.raises(ValueError, match="must pin torch exactly once"):
        noxfile.with_torch(requirements, "2.15.0")
