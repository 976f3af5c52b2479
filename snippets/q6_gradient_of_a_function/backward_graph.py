import torch


def backward_graph(
    name: str, output: torch.Tensor, leaves: dict[str, torch.Tensor]
) -> str:
    """The backward graph of ``output``: its nodes, where each sends gradients.

    Walks ``grad_fn.next_functions`` from ``output`` breadth-first. ``None``
    marks an input that needs no gradient (a constant); an ``AccumulateGrad``
    node adds what reaches it into the ``.grad`` of a leaf tensor.
    """
    lines = [f"{name}.grad_fn is #0"]
    found = [output.grad_fn]
    for node in found:  # grows as the walk meets new nodes
        number, kind = found.index(node), type(node).__name__
        if hasattr(node, "variable"):
            leaf = next(key for key, t in leaves.items() if t is node.variable)
            lines.append(f"#{number} {kind} -> {leaf}.grad")
            continue
        targets = []
        for successor, _ in node.next_functions:
            if successor is None:
                targets.append("None")
                continue
            if successor not in found:
                found.append(successor)
            targets.append(f"#{found.index(successor)}")
        lines.append(f"#{number} {kind} -> {' '.join(targets)}")
    return "\n".join(lines)
