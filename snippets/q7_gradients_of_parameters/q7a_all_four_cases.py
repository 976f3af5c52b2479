import torch

results = {}
for x_tracked, w_tracked in [
    (True, True),
    (True, False),
    (False, True),
    (False, False),
]:
    x = torch.tensor([2.0], requires_grad=x_tracked)
    w = torch.tensor([1.0, 3.0], requires_grad=w_tracked)
    y = w[0] * x**2 + w[1] * x
    print(f"x requires_grad={x_tracked!s:5}, w requires_grad={w_tracked!s:5}:")
    try:
        y.backward()
    except RuntimeError as error:
        print("  RuntimeError:", error)
    print("  x.grad =", x.grad, "| w.grad =", w.grad)
    results[x_tracked, w_tracked] = (x.grad, w.grad)
