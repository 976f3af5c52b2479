embedding = sinusoidal_embedding(torch.tensor([1]), dim=8)[0]
frequencies = [1 / 10000 ** (2 * k / 8) for k in range(4)]  # 1 / 10000^(2k/d)
for i, value in enumerate(embedding.tolist()):
    function = "sin" if i % 2 == 0 else "cos"
    argument = 1 * frequencies[i // 2]  # t * frequency_k with t = 1, k = i // 2
    print(f"PE(1)[{i}] = {function}({argument:g}) = {value:.7f}")
