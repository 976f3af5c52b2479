import torch

from snippets.q6_gradient_of_a_function.backward_graph import backward_graph

x = torch.tensor(2.0, requires_grad=True)
y = x**2 + 3 * x
print(backward_graph("y", y, leaves={"x": x}))
