t = torch.tensor([1.0], dtype=torch.float64)  # float64, to compare with math
vectors = {
    convention: sinusoidal_embedding(t, dim=8, convention=convention)[0].tolist()
    for convention in ("paired", "source", "ddpm")
}
ddpm_unshifted = sinusoidal_embedding(t, 8, convention="ddpm", frequency_shift=0)
vectors["ddpm, shift 0"] = ddpm_unshifted[0].tolist()
print(" i " + "".join(f"{name:>15}" for name in vectors))
for i in range(8):
    print(f"{i:2} " + "".join(f"{vector[i]:15.7f}" for vector in vectors.values()))
try:
    sinusoidal_embedding(t, dim=8, convention="interleaved")
except ValueError as error:
    print("ValueError:", error)
