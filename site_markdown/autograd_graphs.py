"""Draw autograd graphs as inline SVG: a SuperFences custom fence.

A page asks for a picture with a fence that includes the recorded output of a
graph example (one that walks ``grad_fn.next_functions`` with
``backward_graph``)::

    ```autograd-graph
    --8<-- "snippets/q6_gradient_of_a_function/q6a_graph.txt"
    ```

The tests check that this output is exactly what the walk prints from the real
graph, so the picture is drawn from PyTorch's own graph, not by hand. The
layout is small enough to do here: layers by longest path from the output,
nodes in the order the walk met them, straight arrows along the backward pass.
Colours come from the theme's CSS variables, so the picture follows dark mode.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field

from pymdownx.superfences import SuperFencesException

from site_markdown.page import where

ROOT_LINE = re.compile(r"^(?P<name>\w+)\.grad_fn is #0$")
NODE_LINE = re.compile(r"^#(?P<number>\d+) (?P<kind>\w+) -> (?P<targets>.+)$")
TARGET = re.compile(r"^(?:#(?P<node>\d+)|(?P<none>None)|(?P<leaf>\w+)\.grad)$")

CHAR_WIDTH = 7.8  # px per character of 13px monospace
BOX_HEIGHT = 30
LAYER_GAP = 62
NODE_GAP = 24
MARGIN = 12


@dataclass
class Node:
    key: str
    label: str
    style: (
        str  # "output", "function", "leaf", "none", or "virtual" (a bend of an arrow)
    )
    successors: list[str] = field(default_factory=list)
    layer: int = 0
    x: float = 0.0
    y: float = 0.0

    @property
    def width(self) -> float:
        return 0.0 if self.style == "virtual" else len(self.label) * CHAR_WIDTH + 20


def parse_graph(text: str) -> dict[str, Node]:
    """Nodes of a printed graph, keyed; raises ValueError naming the bad line."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not (root := ROOT_LINE.match(lines[0])):
        raise ValueError(
            f"the first line must read '<name>.grad_fn is #0', not {lines[:1]}"
        )
    nodes = {"output": Node("output", root["name"], "output", ["#0"])}
    for line in lines[1:]:
        match = NODE_LINE.match(line)
        if not match:
            raise ValueError(f"cannot read the line {line!r}")
        key = f"#{match['number']}"
        node = nodes[key] = Node(key, match["kind"], "function")
        for index, target in enumerate(match["targets"].split()):
            parsed = TARGET.match(target)
            if not parsed:
                raise ValueError(f"cannot read the target {target!r} in {line!r}")
            if parsed["node"] is not None:
                node.successors.append(f"#{parsed['node']}")
            else:
                extra = f"{key}:{index}"
                label, style = ("None", "none") if parsed["none"] else (target, "leaf")
                nodes[extra] = Node(extra, label, style)
                node.successors.append(extra)
    for node in list(nodes.values()):
        for successor in node.successors:
            if successor not in nodes:
                raise ValueError(
                    f"{node.label} points to {successor}, which is not printed"
                )
    return nodes


def layout(nodes: dict[str, Node]) -> tuple[float, float, list[list[Node]]]:
    """Place the nodes; returns the picture's width and height, and each arrow as a
    chain of nodes (an arrow that skips layers passes through invisible nodes, so it
    never crosses a box)."""
    for _ in nodes:  # longest path from the output; a DAG settles in len(nodes) rounds
        for node in nodes.values():
            for successor in node.successors:
                nodes[successor].layer = max(nodes[successor].layer, node.layer + 1)
    arrows = []
    for node in list(nodes.values()):
        for successor in map(nodes.get, node.successors):
            chain = [node]
            for layer in range(node.layer + 1, successor.layer):
                key = f"{node.key}>{successor.key}@{layer}"
                nodes[key] = Node(key, "", "virtual", layer=layer)
                chain.append(nodes[key])
            arrows.append([*chain, successor])
    rows: dict[int, list[Node]] = {}
    for node in nodes.values():
        rows.setdefault(node.layer, []).append(node)
    for layer in sorted(rows)[1:]:  # each row in the order of its parents above
        above = {node.key: index for index, node in enumerate(rows[layer - 1])}
        parents = {node.key: [] for node in rows[layer]}
        for chain in arrows:
            for parent, child in zip(chain, chain[1:], strict=False):
                if child.key in parents:
                    parents[child.key].append(above[parent.key])
        rows[layer].sort(key=lambda n: sum(parents[n.key]) / len(parents[n.key]))
    widths = {
        layer: sum(n.width for n in row) + NODE_GAP * (len(row) - 1)
        for layer, row in rows.items()
    }
    width = max(widths.values()) + 2 * MARGIN
    for layer, row in rows.items():
        x = (width - widths[layer]) / 2
        for node in row:
            node.x, node.y = x, MARGIN + layer * (BOX_HEIGHT + LAYER_GAP)
            x += node.width + NODE_GAP
    height = MARGIN * 2 + len(rows) * BOX_HEIGHT + (len(rows) - 1) * LAYER_GAP
    return width, height, arrows


def arrow_points(chain: list[Node]) -> str:
    first, *middle, last = chain
    points = [(first.x + first.width / 2, first.y + BOX_HEIGHT)]
    for node in middle:
        points += [(node.x, node.y), (node.x, node.y + BOX_HEIGHT)]
    points.append((last.x + last.width / 2, last.y))
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def render_svg(nodes: dict[str, Node], title: str, marker: str) -> str:
    width, height, arrows = layout(nodes)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="autograd-graph" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'font-family="var(--md-code-font-family, monospace)" font-size="13">',
        f"<title>{html.escape(title)}</title>",
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>',
    ]
    for chain in arrows:
        parts.append(
            f'<polyline points="{arrow_points(chain)}" fill="none" '
            f'stroke="currentColor" stroke-width="1.2" marker-end="url(#{marker})"/>'
        )
    fills = {
        "output": "var(--md-accent-fg-color--transparent)",
        "function": "var(--md-code-bg-color)",
        "leaf": "var(--md-primary-fg-color--transparent, var(--md-code-bg-color))",
        "none": "none",
    }
    for node in nodes.values():
        if node.style == "virtual":
            continue
        dash = ' stroke-dasharray="4 3"' if node.style == "none" else ""
        radius = BOX_HEIGHT / 2 if node.style in {"output", "leaf"} else 4
        parts.append(
            f'<g class="node {node.style}"><rect x="{node.x:.1f}" y="{node.y:.1f}" '
            f'width="{node.width:.1f}" height="{BOX_HEIGHT}" rx="{radius:.0f}" '
            f'fill="{fills[node.style]}" stroke="currentColor"{dash}/>'
            f'<text x="{node.x + node.width / 2:.1f}" y="{node.y + BOX_HEIGHT / 2:.1f}" '
            'text-anchor="middle" dominant-baseline="central" fill="currentColor">'
            f"{html.escape(node.label)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


class GraphError(SuperFencesException):
    """A graph fence whose text is not a printed backward graph.

    SuperFences would show any other exception of a formatter as the fence's text.
    """


def figure(printed: str) -> str:
    nodes = parse_graph(printed)
    output = nodes["output"].label
    title = f"The backward graph of {output}, as autograd recorded it"
    marker = "arrow-" + hashlib.sha256(printed.encode()).hexdigest()[:10]
    return (
        f'<figure class="autograd-graph">'
        f"{render_svg(nodes, title, marker=marker)}"
        f"<figcaption>The backward graph of <code>{html.escape(output)}</code>, drawn "
        "from the output above: gradients flow down the arrows, from the output to "
        "the <code>.grad</code> of each leaf.</figcaption></figure>"
    )


def format_graph(src, language, class_name, options, md, **kwargs):
    """SuperFences formatter for ``autograd-graph`` fences."""
    try:
        return figure(src)
    except ValueError as error:
        raise GraphError(
            f"{where(md)}: cannot draw the autograd graph: {error}"
        ) from error
