"""The page model (site_markdown/fences.py): every fence where the build renders one.

The build's include check, the notebook link, site_prepare and pytest-markdown-docs
all read fences with it; a fence inside an admonition or a collapsible block is a
fence for all of them, and one the build would show as text is refused.
"""

import pytest

from site_markdown.fences import Fence, UnplacedFence, fences

PAGE = """---
givens: ["d = 8"]
---
# A page

```{.python title="top.py"}
--8<-- "snippets/top.py"
```

!!! abstract "Answer"
    Text.

    ```{.python title="in_answer.py"}
    --8<-- "snippets/in_answer.py"
    ```

??? example "Folded"
    ```python
    --8<-- "snippets/folded.py"
    ```

    ```{.text title="Output"}
    --8<-- "snippets/folded.txt"
    ```

    ```autograd-graph
    --8<-- "snippets/graph.txt"
    ```
"""


def test_fences_at_the_top_and_inside_admonitions_and_folds():
    assert fences(PAGE) == (
        Fence(
            6, "python", '{.python title="top.py"}', ('--8<-- "snippets/top.py"',), 8
        ),
        Fence(
            13,
            "python",
            '{.python title="in_answer.py"}',
            ('--8<-- "snippets/in_answer.py"',),
            15,
        ),
        Fence(18, "python", "python", ('--8<-- "snippets/folded.py"',), 20),
        Fence(
            22, "text", '{.text title="Output"}', ('--8<-- "snippets/folded.txt"',), 24
        ),
        Fence(
            26, "autograd-graph", "autograd-graph", ('--8<-- "snippets/graph.txt"',), 28
        ),
    )


def test_a_fence_the_build_would_show_as_text_is_refused():
    in_a_list = (
        '- an item\n\n        ```python\n        --8<-- "snippets/a.py"\n        ```\n'
    )
    with pytest.raises(UnplacedFence, match="page.md:3: a fence indented"):
        fences(in_a_list, "page.md")


def test_content_tabs_without_fences_are_prose():
    tabs = '!!! abstract "Answer"\n    === "One"\n\n        $x = 1$\n'
    assert fences(tabs) == ()


def test_pytest_markdown_docs_collects_a_folded_example(pytestconfig):
    """The hook of tests/example_runner.py hands pytest-markdown-docs this model."""
    parser = pytestconfig.hook.pytest_markdown_docs_markdown_it()
    tokens = [t for t in parser.parse(PAGE) if t.type == "fence"]
    assert [t.map[0] + 1 for t in tokens] == [6, 13, 18, 22, 26]
