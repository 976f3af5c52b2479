import torch
from torch import nn

torch.manual_seed(0)
energy_net = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
energy_net.requires_grad_(False)  # frozen: no parameter is trained
x = torch.randn(4, 2, requires_grad=True)  # a sample that needs dE/dx
energy = energy_net(x).sum()
print("energy.requires_grad:", energy.requires_grad)
energy.backward()
print("x.grad through the frozen network, shape", tuple(x.grad.shape))
print("first layer's weight.grad:", energy_net[0].weight.grad)  # frozen
try:
    energy_net(x).detach().sum().backward()  # detach() cuts the way to x too
except RuntimeError as error:
    print("after .detach(): RuntimeError:", error)
