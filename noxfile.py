"""The whole test suite on each torch version readers are likely to paste into.

``make test-matrix`` runs every session; ``nox -s "tests(torch='2.14.1')"`` one.
Each session is a virtual environment under ``.nox/`` made from requirements.txt
with only its torch pin changed, so every example must print, under every
version, exactly the output its page shows.
"""

import re
from pathlib import Path

import nox

REQUIREMENTS = Path(__file__).parent / "requirements.txt"
TORCH_PIN = re.compile(r"^torch==(\S+)$", re.MULTILINE)
# 2.14.1 is a CUDA build (about 5.5 GB installed); it runs the examples on the CPU.
NEWER_TORCH = ["2.14.1"]

nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True


def pinned_torch() -> str:
    pins = TORCH_PIN.findall(REQUIREMENTS.read_text(encoding="utf-8"))
    if len(pins) != 1:
        raise ValueError(
            f"{REQUIREMENTS.name} must pin torch exactly once, found {pins}"
        )
    return pins[0]


@nox.session
@nox.parametrize("torch", [pinned_torch(), *NEWER_TORCH])
def tests(session: nox.Session, torch: str) -> None:
    requirements = Path(session.create_tmp()) / "requirements.txt"
    requirements.write_text(
        TORCH_PIN.sub(f"torch=={torch}", REQUIREMENTS.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    session.install("--disable-pip-version-check", "-q", "-r", str(requirements))
    session.run("python", "-c", "import torch; print('torch', torch.__version__)")
    session.run("pytest", "-n", "2", *session.posargs)
