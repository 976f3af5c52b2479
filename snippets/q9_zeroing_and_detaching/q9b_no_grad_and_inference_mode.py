import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
tracked = x * 2
with torch.no_grad():
    under_no_grad = x * 2
with torch.inference_mode():
    under_inference_mode = x * 2
for name, t in [
    ("x * 2", tracked),
    ("under no_grad()", under_no_grad),
    ("under inference_mode()", under_inference_mode),
]:
    grad_fn = None if t.grad_fn is None else t.grad_fn.name()
    print(f"{name:23} requires_grad {t.requires_grad!s:5} | grad_fn: {grad_fn}")
(under_no_grad * x).sum().backward()  # a no_grad result is a constant later on
print("x.grad with the no_grad() result as a constant:", x.grad)
try:
    (under_inference_mode * x).sum().backward()
except RuntimeError as error:
    print("RuntimeError:", error)
