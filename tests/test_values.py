"""The results the pages state, checked against values computed another way.

Each test runs a page's example as the page shows it and compares its
variables with the math done by hand, with Python's ``math`` module, or with a
finite difference, never with torch again.
"""

import math

import pytest

from examples import run_in_process


def central_difference(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


def test_q2_all_eight_values_of_the_d8_t1_embedding():
    embedding = run_in_process("q2a_embedding_d8_t1")["embedding"].tolist()
    by_hand = [math.sin(1), math.cos(1), math.sin(0.1), math.cos(0.1)]
    by_hand += [math.sin(0.01), math.cos(0.01), math.sin(0.001), math.cos(0.001)]
    assert embedding == pytest.approx(by_hand, abs=1e-7)


def test_q2_the_source_vector_differs_from_the_answer_beyond_index_0():
    variables = run_in_process("q2b_source_vector_check")
    answer, source = variables["this_page"], variables["source_vector"]
    assert answer[0] == pytest.approx(source[0], abs=1e-7)
    assert all(abs(a - s) > 1e-7 for a, s in zip(answer[1:], source[1:], strict=True))


def test_q4_three_stride2_blocks_take_64x64_to_8x8():
    x = run_in_process("q4a_three_stride2_blocks")["x"]
    size = 64
    for _ in range(3):
        size = math.floor((size + 2 * 1 - 3) / 2) + 1  # kernel 3, stride 2, padding 1
    assert size == 8
    assert tuple(x.shape) == (1, 256, size, size)


def test_q5_mse_is_the_squared_norm_over_the_number_of_elements():
    variables = run_in_process("q5_noise_prediction_loss")
    epsilon = variables["epsilon"].flatten().tolist()
    predicted = variables["epsilon_hat"].detach().flatten().tolist()
    mean_square = sum((e - p) ** 2 for e, p in zip(epsilon, predicted, strict=True))
    mean_square /= len(epsilon)
    assert variables["loss"].item() == pytest.approx(mean_square, rel=1e-5)


def test_q6a_derivative_at_2_is_7():
    x_grad = run_in_process("q6a_derivative")["x"].grad.item()
    assert x_grad == 2 * 2 + 3 == 7
    assert x_grad == pytest.approx(central_difference(lambda x: x**2 + 3 * x, 2.0))


def test_q7b_gradients_of_x_and_w():
    variables = run_in_process("q7b_grad_x_and_w")
    x, (w0, w1) = 2.0, (1.0, 3.0)
    assert variables["x"].grad.tolist() == [2 * w0 * x + w1] == [7.0]
    assert variables["w"].grad.tolist() == [x**2, x] == [4.0, 2.0]
    assert variables["x"].grad.item() == pytest.approx(
        central_difference(lambda x: w0 * x**2 + w1 * x, x)
    )


def test_q7a_w_untracked_leaves_x_grad_at_7():
    variables = run_in_process("q7a_w_without_grad")
    assert variables["x"].grad.tolist() == [7.0]
    assert variables["w"].grad is None


def test_q7a_each_requires_grad_case():
    results = run_in_process("q7a_all_four_cases")["results"]
    x, (w0, w1) = 2.0, (1.0, 3.0)
    dy_dx, dy_dw = [2 * w0 * x + w1], [x**2, x]
    for (x_tracked, w_tracked), (x_grad, w_grad) in results.items():
        assert (x_grad.tolist() if x_grad is not None else None) == (
            dy_dx if x_tracked else None
        )
        assert (w_grad.tolist() if w_grad is not None else None) == (
            dy_dw if w_tracked else None
        )
    assert len(results) == 4


def test_q6c_retained_gradient_of_y_is_1_and_x_grad_is_7():
    variables = run_in_process("q6c_leaf_and_non_leaf")
    assert variables["y"].grad.item() == 1.0
    assert variables["x"].grad.item() == pytest.approx(
        central_difference(lambda x: x**2 + 3 * x, 2.0)
    )


def test_q8b_jacobian_of_x_squared_and_x_and_its_vjp():
    variables = run_in_process("q8b_vjp_against_jacobian")
    x = 2.0
    jacobian_by_hand = [
        central_difference(lambda t: t**2, x),
        1.0,
    ]  # [d(x^2)/dx, dx/dx]
    assert variables["J"].flatten().tolist() == pytest.approx(jacobian_by_hand)
    assert (variables["v"] @ variables["J"]).tolist() == pytest.approx([4 * 2 * x + 2])
    a, u = variables["a"].detach().tolist(), variables["u"].tolist()
    rows = [[a[1], a[0], 0.0], [0.0, 2 * a[1], math.cos(a[2])]]  # dg_i/da_j by hand
    by_hand = [sum(u[i] * rows[i][j] for i in range(2)) for j in range(3)]
    assert variables["a"].grad.tolist() == pytest.approx(by_hand, rel=1e-6)


@pytest.mark.parametrize("name", ["q8b_vector_backward", "q8b_reduce_to_scalar"])
def test_q8b_gives_18(name):
    loss = lambda x: 4 * x**2 + 2 * x  # noqa: E731  v . y with v = [4, 2], y = [x^2, x]
    assert run_in_process(name)["x"].grad.tolist() == [8 * 2 + 2] == [18.0]
    assert central_difference(loss, 2.0) == pytest.approx(18.0)


def test_q8b_the_source_alternative_broadcasts_to_30():
    broadcast_sum = lambda x: 4 * x**2 + 2 * x**2 + 4 * x + 2 * x  # noqa: E731
    assert run_in_process("q8b_source_broadcasting")["x"].grad.tolist() == [30.0]
    assert central_difference(broadcast_sum, 2.0) == pytest.approx(30.0)


def gradient_descent(zero_grad, w=2.0, learning_rate=0.1, steps=6):
    """(w.grad, w) after each step: w.grad is this step's gradient, or the sum so far."""
    history, accumulated = [], 0.0
    for _ in range(steps):
        gradient = 2 * (w - 1)
        accumulated = gradient if zero_grad else accumulated + gradient
        w -= learning_rate * accumulated
        history.append((accumulated, w))
    return history


def test_q9a_gradient_and_weight_after_each_step():
    variables = run_in_process("q9a_zero_grad_loop")
    zeroed, accumulated = gradient_descent(True), gradient_descent(False)
    # by hand: w <- w - 0.1 g, with g = 2 (w - 1), or the sum of every g so far
    assert [w for _, w in zeroed] == pytest.approx(
        [1.8, 1.64, 1.512, 1.4096, 1.32768, 1.262144]
    )
    assert [w for _, w in accumulated] == pytest.approx(
        [1.8, 1.44, 0.992, 0.5456, 0.19008, -0.003456]
    )
    assert [g for g, _ in accumulated] == pytest.approx(
        [2.0, 3.6, 4.48, 4.464, 3.5552, 1.93536]
    )
    for name, by_hand in [("with_zeroing", zeroed), ("without_zeroing", accumulated)]:
        for step, expected in zip(variables[name], by_hand, strict=True):
            assert step == pytest.approx(expected, abs=1e-6)  # float32


def test_q9a_micro_batch_gradients_sum_to_the_batch_gradient():
    variables = run_in_process("q9a_micro_batches")
    inputs = variables["inputs"].tolist()
    targets = variables["targets"].tolist()
    w = variables["w"].detach().tolist()
    residuals = [
        sum(a * b for a, b in zip(row, w, strict=True)) - y
        for row, y in zip(inputs, targets, strict=True)
    ]
    by_hand = [
        2
        / len(inputs)
        * sum(r * row[j] for r, row in zip(residuals, inputs, strict=True))
        for j in range(3)
    ]
    assert variables["w"].grad.tolist() == pytest.approx(by_hand, rel=1e-5)


def test_q9b_only_the_head_trains():
    variables = run_in_process("q9b_freeze_backbone")
    assert all(p.grad is None for p in variables["backbone"].parameters())
    assert all(p.grad is not None for p in variables["head"].parameters())
    assert variables["features"].requires_grad is False


def test_q9a_without_zeroing_w_swings_around_the_minimum_for_as_long_as_it_runs():
    """The page: e = w - 1 follows e_{n+1} = 1.8 e_n - e_{n-1}, which neither
    grows nor shrinks (its roots have modulus 1): checked by hand over 400 steps."""
    errors = [w - 1 for _, w in gradient_descent(False, steps=400)]
    errors = [1.0, *errors]  # e_0 = w_0 - 1 = 1
    for before, now, after in zip(errors, errors[1:], errors[2:], strict=False):
        assert after == pytest.approx(1.8 * now - before, abs=1e-9)
    late = errors[-100:]
    assert min(late) < -0.5 and max(late) > 0.5  # still swinging both ways
    assert max(abs(e) for e in errors) < 1.1  # and never growing
    roots = [complex(0.9, math.sqrt(1 - 0.81)), complex(0.9, -math.sqrt(1 - 0.81))]
    assert all(
        abs(r * r - 1.8 * r + 1) < 1e-12 and abs(abs(r) - 1) < 1e-12 for r in roots
    )
