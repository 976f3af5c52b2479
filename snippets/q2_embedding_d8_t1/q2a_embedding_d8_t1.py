embedding = sinusoidal_embedding(torch.tensor([1]), dim=8)[0]
for i, value in enumerate(embedding.tolist()):
    function = "sin" if i % 2 == 0 else "cos"
    argument = 1 / 10000 ** (
        2 * (i // 2) / 8
    )  # t / 10000^(2k/d) with t = 1, k = i // 2
    print(f"PE(1)[{i}] = {function}({argument:g}) = {value:.7f}")
