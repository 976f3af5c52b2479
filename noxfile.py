"""What depends on torch, under each newer torch version readers are likely to use.

``make test-matrix`` runs every session; ``nox -s "torch(version='2.15.0')"``
one. ``make test`` covers the pinned version (requirements.txt). Each session
is a virtual environment under ``.nox/`` made from requirements.txt with only
its torch pin changed, and runs the tests whose results torch can change: every
page example, the answer notebooks, the labs, the stated and computed values.
The build, the browser, the benchmarks and the tool-chain do not depend on torch.
"""

import re
from pathlib import Path

import nox

REQUIREMENTS = Path(__file__).parent / "requirements.txt"
TORCH_PIN = re.compile(r"^torch==(\S+)$", re.MULTILINE)
# 2.14.1 and 2.15.0 are CUDA builds (large installs) that run the
# examples on the CPU. pip's constraints file on some machines caps torch at
# 2.14.1; a session for a later version lifts it for its own install.
NEWER_TORCH = ["2.14.1", "2.15.0"]
CAPPED_AT = (2, 14, 1)
TORCH_DEPENDENT = [
    "docs",
    "tests/test_values.py",
    "tests/test_stated_values.py",
    "tests/test_published_code.py",
    "tests/test_q1_embedding.py",
    "tests/test_q4_q5_unet_and_training.py",
    "tests/test_notebooks.py",
    "tests/test_lab.py",
    "tests/test_energy_lab.py",
]

nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True


def with_torch(requirements: str, version: str) -> str:
    """``requirements`` with its torch pin changed to ``version``. Without exactly
    one pin to change, a session would install another torch than it names."""
    changed, pins = TORCH_PIN.subn(f"torch=={version}", requirements)
    if pins != 1:
        raise ValueError(
            f"{REQUIREMENTS.name} must pin torch exactly once, as torch==x.y.z; "
            f"found {pins} pins"
        )
    return changed


def past_the_cap(version: str) -> bool:
    return tuple(int(part) for part in version.split(".")) > CAPPED_AT


@nox.session
@nox.parametrize("version", NEWER_TORCH)
def torch(session: nox.Session, version: str) -> None:
    requirements = Path(session.create_tmp()) / "requirements.txt"
    requirements.write_text(
        with_torch(REQUIREMENTS.read_text(encoding="utf-8"), version), encoding="utf-8"
    )
    environment = {"PIP_CONSTRAINT": "/dev/null"} if past_the_cap(version) else {}
    session.install(
        "--disable-pip-version-check", "-q", "-r", str(requirements), env=environment
    )
    session.install("--disable-pip-version-check", "-q", "--no-deps", "-e", ".")
    session.run("python", "-c", "import torch; print('torch', torch.__version__)")
    session.run("python", "-m", "site_prepare")  # the labs, alone on the cores
    session.run("pytest", "-n", "2", *(session.posargs or TORCH_DEPENDENT))
