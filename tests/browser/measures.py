"""What the browser tests measure on a shown page: each a function of the page.

visits.py takes them on each page; the tests that break a page on purpose take
them again, to show that each finds the fault it looks for.
"""

from __future__ import annotations

import re

from browsing import in_view
from playwright.sync_api import Page

from examples import ROOT

# The article's text outside math and code (and the styles and scripts a notebook
# page carries inline), as the reader sees it.
PROSE_TEXT = """
() => {
  const article = document.querySelector("article");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => node.parentElement.closest(".katex, pre, code, style, script")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const parts = [];
  while (walker.nextNode()) parts.push(walker.currentNode.textContent);
  return parts.join("");
}
"""
# What KaTeX would leave behind if it had not rendered a formula: its delimiters,
# a TeX command, or a dollar opening a formula (a dollar amount such as $5 is prose).
RAW_TEX = re.compile(r"\\[()\[\]]|\$\$|\\[a-zA-Z]+|\$(?=[^\s\d])")
# Each formula: drawn with a size, and drawn in KaTeX's errorColor (#cc0000), the
# colour of what it cannot parse.
# Every formula, those of content tabs not selected shown for the measure too.
RENDERED_FORMULAS = """
() => {
  const tabs = [...document.querySelectorAll(".tabbed-block")];
  tabs.forEach((block) => { block.style.display = "block"; });
  const formulas = [...document.querySelectorAll("article .katex")].map((formula) => {
    const box = formula.querySelector(".katex-html").getBoundingClientRect();
    return {
      drawn: box.width > 0 && box.height > 0,
      errorColoured: [formula, ...formula.querySelectorAll("*")].some(
        (element) => getComputedStyle(element).color === "rgb(204, 0, 0)"),
    };
  });
  tabs.forEach((block) => { block.style.display = ""; });
  return formulas;
}
"""
FONT_REQUESTS = """
() => ({
  requested: performance.getEntriesByType("resource").map((entry) => entry.name)
    .filter((url) => url.includes("/assets/katex/fonts/")),
  preloaded: [...document.querySelectorAll('link[rel="preload"][as="font"]')]
    .map((link) => link.href),
})
"""

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
EVERY_RULE = "axe.run(document, {resultTypes: ['violations']})"
# The colour rules, less the AAA one that axe leaves off by default.
COLOUR_RULES = """
axe.run(document, {resultTypes: ['violations'], runOnly: axe.getRules(['cat.color'])
  .filter((rule) => !rule.tags.includes('wcag2aaa')).map((rule) => rule.ruleId)})
"""
HEADING_LEVELS = """
() => [...document.querySelector("article").querySelectorAll("h1, h2, h3, h4, h5, h6")]
  .map((heading) => Number(heading.tagName[1]))
"""
IMAGES_WITHOUT_ALT = """
() => [...document.querySelectorAll("article img")]
  .filter((image) => !(image.getAttribute("alt") || "").trim())
  .map((image) => image.getAttribute("src"))
"""

# Lines in view of each Python block: the lines of its parts in view, and one line
# for each closed fold or link to a fold.
SHOWN_LINES = """
() => [...document.querySelectorAll("article .highlight.program")].map((block) => {
  let lines = 0;
  for (const part of block.children) {
    if (part.matches("pre")) {
      lines += part.querySelector("code").textContent.replace(/\\n$/, "").split("\\n").length;
    } else if (part.matches("details[open]")) {
      lines += 1 + part.querySelector("pre code").textContent.replace(/\\n$/, "").split("\\n").length;
    } else if (part.matches("details, .program-fold--above")) {
      lines += 1;
    }
  }
  const title = block.querySelector(".filename");
  return {block: title ? title.textContent : "(untitled)", lines: lines};
})
"""
MOST_SHOWN_LINES = 40
OPEN_EVERY_FOLD = (
    "document.querySelectorAll('article details').forEach((d) => d.open = true)"
)
# Boxes whose content is wider than the box, by how many pixels.
TOO_WIDE = """
(selector) => [...document.querySelectorAll(selector)]
  .filter((box) => box.getClientRects().length > 0)
  .filter((box) => box.scrollWidth > box.clientWidth + 1)
  .map((box) => ({text: box.textContent.slice(0, 60), by: box.scrollWidth - box.clientWidth}))
"""
# Code boxes scroll in their <code> element, not in the <pre> around it.
CODE = "article pre > code"
# Each code block's title and the text of its first code, as a reader sees them.
BLOCKS = "article div.highlight"
# Each block is read in view: below the screen, a block is not laid out yet
# (readable.css) and has no rendered text.
BLOCK_TEXTS = in_view(f"""
  const texts = [];
  for (const block of document.querySelectorAll("{BLOCKS}")) {{
    await bringIntoView(block);
    texts.push({{
      title: block.querySelector(".filename")?.innerText ?? "",
      rendered: block.querySelector("code").innerText,
    }});
  }}
  return texts;
""")
OUTPUTS = "article .highlight:not(.program) pre > code"
DISPLAY_FORMULAS = "article .katex-display"
# Display formulas that pass the edge of the screen.
PAST_THE_SCREEN = """
() => [...document.querySelectorAll("article .katex-display > .katex")]
  .filter((formula) => formula.getBoundingClientRect().right > window.innerWidth + 1)
  .map((formula) => formula.textContent.slice(0, 60))
"""
# What is wider than the window: elements whose right edge passes it and that do not
# sit inside a box that scrolls by itself (code blocks, display math, tables).
OVERFLOWING = """
() => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
  .filter((element) => !element.parentElement.closest(
    "pre, .arithmatex, .md-typeset__scrollwrap, .md-sidebar, .md-search, .md-nav"))
  .map((element) => element.tagName + "." + element.className)
"""
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def raw_tex(shown: Page) -> list[str]:
    return RAW_TEX.findall(shown.evaluate(PROSE_TEXT))


def describe(violation: dict) -> str:
    targets = [" ".join(node["target"]) for node in violation["nodes"]][:5]
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
    )


# Every box the stylesheet lays out only near the screen (code blocks, tables),
# brought into view one by one as a reader scrolls to it, then kept laid out.
# (Laying out a box that never came into view by setting its content-visibility
# alone left some of its elements in a stale style.)
LAY_OUT_EVERY_BOX = in_view("""
  const deferred = [...document.querySelectorAll("article *")].filter(
    (box) => getComputedStyle(box).contentVisibility === "auto");
  for (const box of deferred) {
    await bringIntoView(box);
    box.style.contentVisibility = "visible";
  }
  window.scrollTo(0, 0);
  await twoFrames();
  // The header's title fades back in as the page returns to its top.
  await Promise.allSettled(document.getAnimations().map((motion) => motion.finished));
  return deferred.length;
""")


def blocking_violations(shown: Page, rules: str) -> list[str]:
    """What axe-core finds serious or critical; ``rules`` is EVERY_RULE or COLOUR_RULES."""
    # Injected as inline script text: the page requests nothing for it.
    shown.add_script_tag(path=AXE)
    # axe reads colours from the layout, which a block below the screen has not yet.
    shown.evaluate(LAY_OUT_EVERY_BOX)
    results = shown.evaluate(rules)
    return [
        describe(violation)
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def too_long(shown: Page) -> list[dict]:
    return [
        block
        for block in shown.evaluate(SHOWN_LINES)
        if block["lines"] > MOST_SHOWN_LINES
    ]


def too_wide(shown: Page, selector: str) -> list[dict]:
    return shown.evaluate(TOO_WIDE, selector)


def sideways(shown: Page) -> dict:
    """How far the page scrolls sideways, and what is too wide for the window."""
    by = shown.evaluate(SIDEWAYS)
    return {"by": by, "too wide": shown.evaluate(OVERFLOWING) if by > 0 else []}
