import math


class TinyUNet(nn.Module):
    """A U-Net that halves the image three times and doubles it back.

    widths: channels at full size, 1/2, 1/4 and 1/8 (the bottleneck).
    """

    halvings = 3

    def __init__(self, image_channels=3, widths=(32, 64, 128, 256), time_dim=32):
        super().__init__()
        self.image_channels, self.time_dim = image_channels, time_dim
        time_width = 4 * time_dim
        self.time_mlp = nn.Sequential(
            nn.Linear(time_dim, time_width),
            nn.SiLU(),
            nn.Linear(time_width, time_width),
        )
        self.stem = nn.Conv2d(image_channels, widths[0], 3, padding=1)
        levels = range(self.halvings)
        self.down_blocks = nn.ModuleList(
            TimeConditionedBlock(widths[i], widths[i], time_width) for i in levels
        )
        self.downsamplers = nn.ModuleList(  # k=3, s=2, p=1: n -> n / 2
            nn.Conv2d(widths[i], widths[i + 1], 3, stride=2, padding=1) for i in levels
        )
        self.middle = TimeConditionedBlock(widths[-1], widths[-1], time_width)
        self.upsamplers = nn.ModuleList(  # k=2, s=2: n -> 2n
            nn.ConvTranspose2d(widths[i + 1], widths[i], 2, stride=2) for i in levels
        )
        self.up_blocks = nn.ModuleList(  # input: upsampled features + skip
            TimeConditionedBlock(2 * widths[i], widths[i], time_width) for i in levels
        )
        self.head = nn.Conv2d(widths[0], image_channels, 3, padding=1)

    def check_input(self, x, t):
        channels, factor = self.image_channels, 2**self.halvings
        if x.dim() != 4 or x.shape[1] != channels:
            shape = list(x.shape)
            raise ValueError(
                f"x must be [batch, {channels}, height, width], got {shape}"
            )
        height, width = x.shape[-2:]
        if height % factor or width % factor:
            padded = [factor * math.ceil(side / factor) for side in (height, width)]
            raise ValueError(
                f"height and width must be divisible by {factor} (the U-Net halves "
                f"them {self.halvings} times and doubles them back), got "
                f"{height}x{width}; pad to {padded[0]}x{padded[1]}"
            )
        if t.shape != (len(x),):
            raise ValueError(f"t must have shape [{len(x)}], got {list(t.shape)}")

    def forward(self, x, t):
        """Predict the noise in images x [batch, C, H, W] at timesteps t [batch]."""
        self.check_input(x, t)
        time_vector = self.time_mlp(sinusoidal_embedding(t, self.time_dim))
        h, skips = self.stem(x), []
        for block, downsample in zip(self.down_blocks, self.downsamplers, strict=True):
            h = block(h, time_vector)
            skips.append(h)
            h = downsample(h)
        h = self.middle(h, time_vector)
        for i in reversed(range(self.halvings)):
            h = torch.cat([self.upsamplers[i](h), skips[i]], dim=1)
            h = self.up_blocks[i](h, time_vector)
        return self.head(h)
