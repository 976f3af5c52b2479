import warnings

import torch

x = torch.tensor(2.0, requires_grad=True)
y = x**2 + 3 * x
print("x.is_leaf:", x.is_leaf, "| y.is_leaf:", y.is_leaf)
print("torch.tensor(2.0).is_leaf:", torch.tensor(2.0).is_leaf)
y.backward()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print("after y.backward(): x.grad:", x.grad, "| y.grad:", y.grad)
# the message ends with the C++ line that warned, which varies by build
print("UserWarning:", str(caught[0].message).split(" (Triggered")[0])
x.grad = None
y = x**2 + 3 * x
y.retain_grad()  # before backward(): keep the gradient that passes through y
y.backward()
print("after y.retain_grad(): x.grad:", x.grad, "| y.grad:", y.grad)
