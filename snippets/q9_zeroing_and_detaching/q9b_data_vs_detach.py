import torch

a = torch.tensor([0.0, 1.0], requires_grad=True)
expected = torch.sigmoid(a.detach()) * (
    1 - torch.sigmoid(a.detach())
)  # sigmoid'(a)
print("true gradient:   ", expected)
b = torch.sigmoid(a)  # sigmoid's backward reuses its output b: b * (1 - b)
b.data.zero_()  # an in-place change autograd cannot see
b.sum().backward()
print("through .data:   ", a.grad)
a.grad = None
b = torch.sigmoid(a)
b.detach().zero_()  # the same change, but autograd sees it
try:
    b.sum().backward()
except RuntimeError as error:
    print("through detach(): RuntimeError:", error)
