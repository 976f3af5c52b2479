import torch
from diffusers import UNet2DConditionModel, UNet2DModel
from diffusers.models.downsampling import Downsample2D

torch.manual_seed(0)
print("Downsample2D(4, use_conv=True):", Downsample2D(4, use_conv=True).conv)
print("Downsample2D(4):               ", Downsample2D(4).conv)

blocks = {  # two levels: one halving, one doubling back
    "in_channels": 3,
    "out_channels": 3,
    "down_block_types": ("DownBlock2D", "DownBlock2D"),
    "up_block_types": ("UpBlock2D", "UpBlock2D"),
    "block_out_channels": (8, 16),
    "layers_per_block": 1,
    "norm_num_groups": 4,
}
unets = {
    "UNet2DModel": UNet2DModel(**blocks),
    "UNet2DConditionModel": UNet2DConditionModel(
        cross_attention_dim=8, **blocks
    ),
}
condition = {"encoder_hidden_states": torch.randn(1, 1, 8)}
sides = (64, 65)  # a side that halves, and one that does not
for side in sides:
    x = torch.randn(1, 3, side, side)
    for name, unet in unets.items():
        extra = condition if name == "UNet2DConditionModel" else {}
        try:
            shape = tuple(unet(x, 10, **extra).sample.shape)
            print(f"{name:20} side {side}: output {shape}")
        except RuntimeError as error:
            first_sentence = str(error).split(". ")[0]
            print(f"{name:20} side {side}: RuntimeError: {first_sentence}")
