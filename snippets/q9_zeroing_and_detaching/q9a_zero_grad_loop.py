import torch


def train(zero_grad: bool, steps: int = 6) -> list[tuple[float, float]]:
    """(w.grad, w) after each step of gradient descent on (w - 1)^2."""
    w = torch.tensor([2.0], requires_grad=True)
    history = []
    for _ in range(steps):
        if zero_grad and w.grad is not None:
            w.grad.zero_()  # clear the previous step's gradient
        loss = (w - 1).pow(2)
        loss.backward()  # adds dloss/dw = 2 (w - 1) into w.grad
        with torch.no_grad():  # the update itself must not be recorded
            w -= 0.1 * w.grad
        history.append((w.grad.item(), w.item()))
    return history


with_zeroing = train(zero_grad=True)
without_zeroing = train(zero_grad=False)
print("      zeroed each step | never zeroed")
print("step  w.grad  w        | w.grad  w")
rows = zip(with_zeroing, without_zeroing, strict=True)
for step, ((grad, w), (summed_grad, summed_w)) in enumerate(rows):
    print(f"{step:4}  {grad:6.2f}  {w:.4f}   |", end="")
    print(f" {summed_grad:6.2f}  {summed_w:7.4f}")
