"""Run a notebook as a reader would: the reader's Python, an empty folder; and read
what it printed."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from site_prepare.reader_python import reader_python
from site_prepare.runs import clean_environment

CELL_TIMEOUT_SECONDS = 600
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}


class NotebookFailed(RuntimeError):
    """A cell raised; the message is nbclient's, with the cell and its traceback."""


def reader_kernel_spec(folder: Path) -> KernelSpecManager:
    """Kernel specs holding one kernel, ``reader``: ipykernel on the reader's Python."""
    (folder / "reader").mkdir(parents=True)
    argv = [reader_python(), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (folder / "reader" / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "Python 3", "language": "python"}),
        encoding="utf-8",
    )
    return KernelSpecManager(kernel_dirs=[str(folder)])


def execute_notebook(
    notebook: nbformat.NotebookNode, timeout: int = CELL_TIMEOUT_SECONDS
) -> nbformat.NotebookNode:
    """Execute ``notebook`` in place and return it; raise NotebookFailed on an error."""
    with tempfile.TemporaryDirectory(prefix="notebook-") as scratch:
        folder = Path(scratch) / "work"
        folder.mkdir()
        manager = KernelManager(
            kernel_name="reader",
            kernel_spec_manager=reader_kernel_spec(Path(scratch) / "kernels"),
        )
        client = NotebookClient(
            notebook,
            km=manager,
            timeout=timeout,
            allow_errors=False,
            # The kernel's own start-up and shut-down notices are not the notebook's.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
            resources={"metadata": {"path": str(folder)}},
        )
        try:
            client.execute(env=clean_environment(folder))
        except Exception as error:
            raise NotebookFailed(str(error)) from error
    notebook.metadata["kernelspec"] = KERNEL
    return notebook


def printed_by(cell: nbformat.NotebookNode) -> str:
    """What a code cell printed to stdout."""
    return "".join(
        output.text
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stdout"
    )


def printed(notebook: nbformat.NotebookNode) -> str:
    """Everything the notebook's code cells printed to stdout, in order."""
    return "".join(
        printed_by(cell) for cell in notebook.cells if cell.cell_type == "code"
    )
