class NoiseSchedule:
    """DDPM's linear schedule beta_1..beta_T and the closed form of q(x_t | x_0)."""

    def __init__(self, steps=1000, beta_first=1e-4, beta_last=0.02):
        self.steps = steps
        self.betas = torch.linspace(beta_first, beta_last, steps)  # index t: step t+1
        self.alphas = 1 - self.betas
        self.alpha_bars = torch.cumprod(self.alphas, dim=0)  # prod_{s<=t} (1 - beta_s)

    def add_noise(self, x0, t, noise):
        alpha_bar = self.alpha_bars[t].view(-1, 1, 1, 1)
        # x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps
        return alpha_bar.sqrt() * x0 + (1 - alpha_bar).sqrt() * noise


def training_step(model, optimizer, schedule, x0):
    """One step of gradient descent on DDPM's loss for the clean images x0."""
    t = torch.randint(0, schedule.steps, (len(x0),))  # t ~ Uniform{1, ..., T}
    noise = torch.randn_like(x0)  # eps ~ N(0, I)
    x_t = schedule.add_noise(x0, t, noise)
    loss = F.mse_loss(model(x_t, t), noise)  # ||eps - eps_theta(x_t, t)||^2 / N
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()
