"""Run code as a new ``python -I -c`` process would, without importing torch each time.

A reader pastes an example into a new Python session. A new process per example
would import torch again for each, and importing torch would be most of what
running the examples costs. Instead, one *zygote* per test process
is started with ``python -I`` and imports torch, numpy and matplotlib once; for each
piece of code it forks a child. The child starts from that untouched state, in an
empty folder, draws new random seeds, runs the code in a new ``__main__`` module as
``-c`` would, and exits with the status, stdout and stderr a new process would have
had (what the imports wrote to stderr is written again first). Nothing one run does
reaches the next.

The browser tests run what they copy from the pages the same way.

Both run the reader's Python (site_prepare.reader_python): this environment's
interpreter and packages, without the project itself, which the environment has
installed (``pip install -e .``) but a reader's session has not.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from site_prepare.reader_python import reader_python

# An optimizer's first step imports torch._dynamo (and sympy with it), slowly.
PRELOADED = ("torch", "torch._dynamo", "numpy", "matplotlib.pyplot")

ZYGOTE = r"""
import builtins, gc, importlib, io, json, os, signal, sys, traceback, types

def preload(names):
    # What importing writes to stderr is kept, to be written again by every run,
    # as each new process would write it.
    saved = os.dup(2)
    record = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(record, 2)
    for name in names:
        importlib.import_module(name)
    sys.stderr.flush()
    os.dup2(saved, 2)
    with open(sys.argv[1], encoding="utf-8", errors="replace") as written:
        return written.read()

def exit_status(exit):
    if exit.code is None:
        return 0
    if isinstance(exit.code, int):
        return exit.code
    print(exit.code, file=sys.stderr)
    return 1

def child(request, import_noise):
    os.chdir(request["folder"])
    for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
    sys.stderr = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False), encoding="utf-8",
        errors="backslashreplace", line_buffering=True)
    sys.stderr.write(import_noise)
    # A new process draws new seeds; a forked child would repeat its parent's.
    # (The random module reseeds itself after a fork.)
    if "torch" in sys.modules:
        sys.modules["torch"].seed()
    if "numpy.random" in sys.modules:
        sys.modules["numpy.random"].seed()
    signal.alarm(request["timeout"])
    main = types.ModuleType("__main__")
    main.__builtins__ = builtins
    main.__annotations__ = {}
    sys.modules["__main__"] = main
    sys.argv = ["-c"]
    try:
        exec(compile(request["code"], "<string>", "exec"), main.__dict__)
        status = 0
    except SystemExit as exit:
        status = exit_status(exit)
    except BaseException as error:
        # Without this function's own frame, as python -c prints it.
        traceback.print_exception(error, error, error.__traceback__.tb_next)
        status = 1
    try:
        import atexit
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(status)

import_noise = preload(json.loads(sys.argv[2]))
# A child's garbage collections then skip what the preloaded modules hold,
# which lives as long as the child does: with torch, most of what they walk.
gc.freeze()
print("ready", flush=True)
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        child(request, import_noise)
    _, wait_status = os.waitpid(pid, 0)
    print(json.dumps(os.waitstatus_to_exitcode(wait_status)), flush=True)
# Tearing torch and every preloaded module down would take most of a second.
os._exit(0)
"""


@dataclass(frozen=True)
class Run:
    stdout: str
    stderr: str
    returncode: int


class Zygote:
    """A ``python -I`` process holding the preloaded modules, forking one child per run."""

    def __init__(self, timeout_seconds: int):
        self.timeout_seconds = timeout_seconds
        self.scratch = tempfile.TemporaryDirectory(prefix="zygote-")
        self.process = subprocess.Popen(
            [
                reader_python(),
                "-I",
                "-c",
                ZYGOTE,
                str(Path(self.scratch.name) / "import-stderr"),
                json.dumps(PRELOADED),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=self.scratch.name,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        if self.process.stdout.readline() != "ready\n":
            raise RuntimeError(
                f"the zygote did not start: it imports {', '.join(PRELOADED)}"
            )

    def run(self, code: str) -> Run:
        with tempfile.TemporaryDirectory(prefix="example-") as folder:
            work = Path(folder) / "work"
            work.mkdir()
            request = {
                "code": code,
                "folder": str(work),
                "stdout": str(Path(folder) / "stdout"),
                "stderr": str(Path(folder) / "stderr"),
                "timeout": self.timeout_seconds,
            }
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            returncode = json.loads(self.process.stdout.readline())
            stdout, stderr = (
                (Path(folder) / name).read_text(encoding="utf-8", errors="replace")
                for name in ("stdout", "stderr")
            )
            return Run(stdout, stderr, returncode)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.scratch.cleanup()


_zygote: Zygote | None = None


def run_as_new_process(code: str, timeout_seconds: int) -> Run:
    """Run ``code`` as ``python -I -c code`` in an empty folder would run it."""
    global _zygote
    if _zygote is None or _zygote.process.poll() is not None:
        _zygote = Zygote(timeout_seconds)
        atexit.register(_zygote.close)
    return _zygote.run(code)
