import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 2
detached = y.detach()
print("y.detach(): requires_grad", detached.requires_grad)
print("  same memory as y:", detached.data_ptr() == y.data_ptr())
with torch.no_grad():
    z = x * 2
print("in no_grad(): requires_grad", z.requires_grad, "| grad_fn:", z.grad_fn)
w = torch.tensor([1.0], requires_grad=True)
w.requires_grad_(False)
print("w.requires_grad_(False): requires_grad", w.requires_grad)
w.requires_grad_(True)
print("w.requires_grad_(True):  requires_grad", w.requires_grad)
try:
    y.requires_grad_(False)  # y is computed, not a leaf
except RuntimeError as error:
    print("RuntimeError:", error)
