import torch


def train(zero_grad: bool, steps: int = 2) -> list[tuple[float, float]]:
    """Run the loop; return (w.grad, w) after each step."""
    w = torch.tensor([2.0], requires_grad=True)
    history = []
    for step in range(steps):
        if zero_grad and w.grad is not None:
            w.grad.zero_()  # clear the previous step's gradient
        loss = (w - 1).pow(2)
        loss.backward()  # adds dloss/dw = 2 (w - 1) into w.grad
        with torch.no_grad():  # the update itself must not be recorded
            w -= 0.1 * w.grad
        history.append((w.grad.item(), w.item()))
        print(f"  step {step}: w.grad = {w.grad.item():.2f}, w = {w.item():.4f}")
    return history


print("zeroing before each backward():")
with_zeroing = train(zero_grad=True)
print("without zeroing (gradients accumulate):")
without_zeroing = train(zero_grad=False)
