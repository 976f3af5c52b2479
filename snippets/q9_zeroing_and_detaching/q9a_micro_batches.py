import torch

torch.manual_seed(0)
inputs = torch.randn(8, 3)
targets = torch.randn(8)
w = torch.randn(3, requires_grad=True)


def loss_on(rows: slice) -> torch.Tensor:
    # mean squared error of the linear model inputs @ w on some rows
    return ((inputs[rows] @ w - targets[rows]) ** 2).mean()


loss_on(slice(0, 8)).backward()
full_batch = w.grad.clone()
optimizer = torch.optim.SGD([w], lr=0.1)
optimizer.zero_grad()
print("after optimizer.zero_grad(): w.grad =", w.grad)
for rows in (slice(0, 4), slice(4, 8)):
    (loss_on(rows) / 2).backward()  # each micro-batch is half of the batch
print("whole batch:   ", full_batch)
print("micro-batches: ", w.grad)
print("equal:", torch.allclose(full_batch, w.grad))
