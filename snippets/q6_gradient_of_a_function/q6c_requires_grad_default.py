import torch
from torch import nn

x = torch.tensor(2.0)
print("torch.tensor(2.0):           ", x.requires_grad)
print("torch.zeros(3):              ", torch.zeros(3).requires_grad)
print("nn.Parameter(torch.zeros(3)):", nn.Parameter(torch.zeros(3)).requires_grad)
print("nn.Linear(2, 1).weight:      ", nn.Linear(2, 1).weight.requires_grad)
tracked = torch.tensor(2.0, requires_grad=True)
print("tracked * x:                 ", (tracked * x).requires_grad)
