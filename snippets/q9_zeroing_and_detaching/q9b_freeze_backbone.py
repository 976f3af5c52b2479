import torch
from torch import nn
from torch.nn.utils import parameters_to_vector as flat

torch.manual_seed(0)
backbone = nn.Sequential(nn.Linear(4, 8), nn.ReLU())
head = nn.Linear(8, 2)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(head.parameters(), lr=0.1)
x = torch.randn(5, 4)
target = torch.tensor([0, 1, 1, 0, 1])
# Freeze backbone
for p in backbone.parameters():
    p.requires_grad_(False)
backbone_before = flat(backbone.parameters()).clone()
head_before = flat(head.parameters()).clone()
features = backbone(x)
print("features.requires_grad:", features.requires_grad)
out = head(features)
loss = criterion(out, target)
optimizer.zero_grad()
loss.backward()  # grads for head only
optimizer.step()
for name, p in [
    *backbone.named_parameters("backbone"),
    *head.named_parameters("head"),
]:
    print(
        f"{name:17} grad: {'None' if p.grad is None else tuple(p.grad.shape)}"
    )
print(
    "backbone changed:",
    not torch.equal(flat(backbone.parameters()), backbone_before),
)
print(
    "head changed:    ", not torch.equal(flat(head.parameters()), head_before)
)
