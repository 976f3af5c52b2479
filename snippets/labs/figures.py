"""Figures in a notebook, as PNG images that carry their alt text."""

import base64
import io

import matplotlib

matplotlib.use("Agg")  # draw into memory, whatever the environment asks for
import matplotlib.pyplot as plt  # noqa: E402
from IPython.display import display  # noqa: E402


def show(figure, alt):
    """Display ``figure`` as a PNG; ``alt`` says what it shows."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(figure)
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    display({"image/png": png, "text/plain": alt}, raw=True)
