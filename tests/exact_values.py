"""Exact values, and what a number written with some digits must be.

A stated value carries its exact value after ``==``, an expression computed
without the example and without torch:
``{{ 1.0000 <- q2a_embedding_d8_t1: embedding[5] == cos(0.01) }}``. It is
evaluated here, with ``math``, ``Fraction`` and ``f32`` (what float32 stores of
a number) and nothing else, and the written value must be it, rounded to the
digits written.
"""

from __future__ import annotations

import math
import struct
from decimal import Decimal
from fractions import Fraction

# A float oracle is exact to about 1e-16: closer to a rounding tie than this, it
# cannot say which way the exact value rounds, and must be written as a Fraction.
TIE_MARGIN = Fraction(1, 10**9)


def f32(number: float) -> float:
    """The float32 number nearest to ``number``, as a Python float."""
    return struct.unpack("f", struct.pack("f", number))[0]


ORACLE_NAMESPACE = {
    "__builtins__": {
        "abs": abs,
        "len": len,
        "list": list,
        "max": max,
        "min": min,
        "range": range,
        "round": round,
        "sum": sum,
    },
    **{name: getattr(math, name) for name in dir(math) if not name.startswith("_")},
    "Fraction": Fraction,
    "f32": f32,
}


class OracleError(ValueError):
    """An exact value that cannot be computed or cannot be rounded safely."""


def evaluate(oracle: str) -> list[tuple[Fraction, bool]]:
    """The oracle's numbers, flattened: each as an exact fraction of what it
    computes, and whether it was computed in floating point."""
    try:
        value = eval(oracle, dict(ORACLE_NAMESPACE))  # noqa: S307 - the page's own text
    except Exception as error:
        raise OracleError(f"the exact value {oracle!r} fails: {error!r}") from error
    return [
        (Fraction(number), isinstance(number, float)) for number in flattened(value)
    ]


def flattened(value) -> list:
    if isinstance(value, (int, float, Fraction)) and not isinstance(value, bool):
        return [value]
    if isinstance(value, (list, tuple)):
        return [number for item in value for number in flattened(item)]
    raise OracleError(f"an exact value must be a number or a list, not {value!r}")


def places(written: str) -> int:
    """The decimal places a written number shows: 4 for 1.0000, 0 for 7, 6 for 2.0e-05."""
    return max(0, -Decimal(written).as_tuple().exponent)


def rounded(exact: Fraction, decimals: int, from_float: bool) -> Decimal:
    """``exact`` rounded half to even at ``decimals`` places, refusing unsafe ties."""
    scaled = exact * 10**decimals
    if from_float and abs(scaled - math.floor(scaled) - Fraction(1, 2)) < TIE_MARGIN:
        raise OracleError(
            f"{float(exact)!r} lies within {float(TIE_MARGIN)} of a tie at {decimals} "
            "places: write its exact value with Fraction"
        )
    return Decimal(round(scaled)).scaleb(-decimals)


def shown_as(written: str, exact: Fraction, from_float: bool = True) -> bool:
    """Whether ``written`` is ``exact`` as the page shows it: equal if written as an
    integer, else rounded to the places written."""
    if "." not in written and "e" not in written.lower():
        return exact == int(written)
    decimals = places(written)
    return rounded(exact, decimals, from_float) == Decimal(written).quantize(
        Decimal(1).scaleb(-decimals)
    )


def as_written(number: float, like: str) -> str:
    """``number`` with the places of ``like``: what a page would show of it."""
    if "e" in like.lower():
        return f"{number:.{len(like.lower().split('e')[0].split('.')[-1])}e}"
    return f"{number:.{places(like)}f}"
