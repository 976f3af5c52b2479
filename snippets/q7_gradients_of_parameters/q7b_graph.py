import torch

from snippets.q6_gradient_of_a_function.backward_graph import backward_graph

x = torch.tensor([2.0], requires_grad=True)
w = torch.tensor([1.0, 3.0], requires_grad=True)
y = w[0] * x**2 + w[1] * x
print(backward_graph("y", y, leaves={"x": x, "w": w}))
