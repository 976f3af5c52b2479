"""The graph pictures: drawn from the recorded walk of the real autograd graph."""

import pytest

from examples import example_named
from site_markdown.autograd_graphs import BOX_HEIGHT, layout, parse_graph, render_svg


def recorded_graph(name: str):
    return parse_graph(example_named(name).output_path.read_text(encoding="utf-8"))


def edges(nodes) -> set[tuple[str, str]]:
    return {
        (node.label, nodes[successor].label)
        for node in nodes.values()
        for successor in node.successors
    }


def test_q6a_graph_is_the_sum_of_a_power_and_a_product_with_a_constant():
    # y = x**2 + 3 * x: an addition of x**2 and 3 * x, both reaching x's accumulator
    assert edges(recorded_graph("q6a_graph")) == {
        ("y", "AddBackward0"),
        ("AddBackward0", "PowBackward0"),
        ("AddBackward0", "MulBackward0"),
        ("PowBackward0", "AccumulateGrad"),
        ("MulBackward0", "AccumulateGrad"),
        ("MulBackward0", "None"),
        ("AccumulateGrad", "x.grad"),
    }


def test_q7b_graph_sends_both_selections_to_w_and_both_products_to_x():
    nodes = recorded_graph("q7b_graph")
    leaf_of = {
        key: nodes[node.successors[0]].label
        for key, node in nodes.items()
        if node.label == "AccumulateGrad"
    }
    senders = {
        leaf: sorted(
            node.label
            for node in nodes.values()
            if any(leaf_of.get(s) == leaf for s in node.successors)
        )
        for leaf in leaf_of.values()
    }
    assert senders == {
        "w.grad": ["SelectBackward0", "SelectBackward0"],
        "x.grad": ["MulBackward0", "PowBackward0"],
    }


def test_no_arrow_crosses_a_box():
    nodes = recorded_graph("q7b_graph")
    _, _, arrows = layout(nodes)
    boxes = [n for n in nodes.values() if n.style != "virtual"]
    for chain in arrows:
        for upper, lower in zip(chain, chain[1:], strict=False):
            x0 = upper.x + upper.width / 2
            x1 = lower.x + lower.width / 2
            y0, y1 = upper.y + BOX_HEIGHT, lower.y
            for box in boxes:
                if box in (upper, lower) or not (y0 < box.y + BOX_HEIGHT / 2 < y1):
                    continue
                t = (box.y + BOX_HEIGHT / 2 - y0) / (y1 - y0)
                crossing = x0 + t * (x1 - x0)
                assert not (box.x < crossing < box.x + box.width), (
                    upper.key,
                    box.label,
                )


def test_the_svg_names_every_node_once():
    nodes = recorded_graph("q6a_graph")
    svg = render_svg(nodes, "title", marker="arrow-test")
    assert svg.count("<rect") == len(nodes)
    assert svg.count("<polyline") == sum(len(n.successors) for n in nodes.values())
    assert "<text" in svg and "AccumulateGrad</text>" in svg


@pytest.mark.parametrize(
    "text, message",
    [
        ("#0 AddBackward0 -> #1\n", "first line must read"),
        ("y.grad_fn is #0\n#0 AddBackward0 #1\n", "cannot read the line"),
        ("y.grad_fn is #0\n#0 AddBackward0 -> #1\n", "#1, which is not printed"),
        ("y.grad_fn is #0\n#0 AddBackward0 -> x.grad?\n", "cannot read the target"),
    ],
)
def test_an_unreadable_graph_is_refused(text, message):
    with pytest.raises(ValueError, match=message):
        parse_graph(text)
