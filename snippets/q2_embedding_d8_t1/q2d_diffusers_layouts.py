import torch
from diffusers.models.embeddings import get_timestep_embedding

t = torch.tensor([1])
layouts = {
    # get_timestep_embedding's defaults: flip_sin_to_cos=False,
    # downscale_freq_shift=1, as in DDPM's code
    "sines first": get_timestep_embedding(t, 8)[0],
    # the defaults of UNet2DModel and UNet2DConditionModel:
    # flip_sin_to_cos=True, freq_shift=0
    "cosines first": get_timestep_embedding(
        t, 8, flip_sin_to_cos=True, downscale_freq_shift=0
    )[0],
}
print(" i" + "".join(f"{name:>15}" for name in layouts))
for i in range(8):
    print(f"{i:2}" + "".join(f"{v[i]:15.7f}" for v in layouts.values()))
