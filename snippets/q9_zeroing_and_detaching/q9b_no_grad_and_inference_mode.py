import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
with torch.no_grad():
    constant = x * 2
with torch.inference_mode():
    inference = x * 2
for name, t in [("no_grad()", constant), ("inference_mode()", inference)]:
    print(
        f"{name:16} requires_grad {t.requires_grad} | is_inference",
        t.is_inference(),
    )
(constant * x).sum().backward()  # a no_grad() result is a constant later
print("constant * x:  x.grad =", x.grad)
x.grad = None
# PyTorch's check today: only a tensor saved for backward is refused, and
# an addition saves none; the documented rule is stricter (see the page)
(inference + x).sum().backward()
print("inference + x: x.grad =", x.grad)
refused = {
    "inference * x": lambda: inference * x,  # saves inference for x's grad
    "inference.add_(1)": lambda: inference.add_(1),
    "inference.requires_grad_()": lambda: inference.requires_grad_(),
}
for name, attempt in refused.items():
    try:
        attempt()
    except RuntimeError as error:
        print(f"{name}: RuntimeError: {error}")
copy = inference.clone()  # outside the mode: a normal tensor
print("inference.clone() * x: requires_grad", (copy * x).requires_grad)
