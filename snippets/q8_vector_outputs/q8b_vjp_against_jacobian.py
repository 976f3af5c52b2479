import torch
from torch.autograd.functional import jacobian


def f(x: torch.Tensor) -> torch.Tensor:
    return torch.cat([x**2, x])  # y = [x^2, x]


x = torch.tensor([2.0], requires_grad=True)
v = torch.tensor([4.0, 2.0])
J = jacobian(f, x)  # J[i, j] = dy_i / dx_j, shape [2, 1]
print("J =", J.tolist())
print("v^T J =", (v @ J).tolist())
f(x).backward(v)
print("x.grad after f(x).backward(v) =", x.grad.tolist())

torch.manual_seed(0)  # the same check for a function from R^3 to R^2
a = torch.randn(3, requires_grad=True)
u = torch.randn(2)


def g(a: torch.Tensor) -> torch.Tensor:
    return torch.stack([a[0] * a[1], torch.sin(a[2]) + a[1] ** 2])


g(a).backward(u)
print(
    "R^3 -> R^2: v^T J equals a.grad:",
    torch.allclose(u @ jacobian(g, a), a.grad),
)
