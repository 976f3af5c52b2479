import torch
from torch import nn

x = torch.tensor(2.0)
tracked = torch.tensor(2.0, requires_grad=True)
parameter = nn.Parameter(torch.zeros(3))
print("torch.tensor(2.0):           ", x.requires_grad)
print("torch.zeros(3):              ", torch.zeros(3).requires_grad)
print("nn.Parameter(torch.zeros(3)):", parameter.requires_grad)
print("nn.Linear(2, 1).weight:      ", nn.Linear(2, 1).weight.requires_grad)
print("tracked * x:                 ", (tracked * x).requires_grad)
print("tracked > 0:                 ", (tracked > 0).requires_grad)
with torch.no_grad():
    print("tracked * x, no_grad():      ", (tracked * x).requires_grad)
with torch.inference_mode():
    print("tracked * x, inference_mode():", (tracked * x).requires_grad)
