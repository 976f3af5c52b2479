import torch

x = torch.tensor([2.0], requires_grad=True)
# The source's alternative: a [2, 1] stack times a [2] vector is [2, 2].
product = torch.stack([x**2, x]) * torch.tensor([4.0, 2.0])
print(product)
product.sum().backward()  # L = 6 x^2 + 6 x, not 4 x^2 + 2 x
print("x.grad =", x.grad)
