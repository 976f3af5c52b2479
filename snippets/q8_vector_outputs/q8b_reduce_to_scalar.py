import torch

x = torch.tensor([2.0], requires_grad=True)
y = torch.cat([x**2, x])  # shape [2]
loss = (y * torch.tensor([4.0, 2.0])).sum()  # L = 4 x^2 + 2 x
loss.backward()
print("x.grad =", x.grad)
