"""Figures in a notebook, as PNG images that carry their alt text."""

import base64
import io
import pathlib

import matplotlib

matplotlib.use("Agg")  # draw into memory, whatever the environment asks for
import matplotlib.pyplot as plt  # noqa: E402
from IPython import get_ipython  # noqa: E402
from IPython.display import display  # noqa: E402

saved = []  # the files a program run outside a notebook wrote its figures to


def show(figure, alt):
    """Display ``figure`` as a PNG; ``alt`` says what it shows. A program run
    outside a notebook writes it to a file and prints what it shows."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(figure)
    if get_ipython() is None:
        saved.append(pathlib.Path(f"figure-{len(saved) + 1}.png"))
        saved[-1].write_bytes(buffer.getvalue())
        print(f"{saved[-1]}: {alt}")
        return
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    display({"image/png": png, "text/plain": alt}, raw=True)
