"""KaTeX's renderToString in V8, with the formulas of earlier builds kept.

KaTeX comes from the project's ``node_modules/katex`` (``npm ci`` with the
committed lock file) and runs in-process in V8 through mini-racer. Rendered
formulas are kept in the project's ``.site-cache/katex/``, so a rebuild renders
only formulas no build has met before; V8 starts only for those.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import queue
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path

from py_mini_racer import MiniRacer

from site_markdown.katex_reading import fonts_of_classes

FORMULA_CACHE = "katex"  # in the project's .site-cache/

# A JS wrapper so a parse error comes back as data, not as a V8 stack dump.
RENDER_JS = """
function renderFormula(tex, displayMode) {
  try {
    return {html: katex.renderToString(tex, {
      displayMode: displayMode, throwOnError: true, strict: "error", output: "htmlAndMathml"})};
  } catch (error) {
    const where = error.position === undefined ? "" : " (at character " + (error.position + 1) + ")";
    return {error: (error.rawMessage || String(error)) + where};
  }
}
"""


class MathError(ValueError):
    """A formula the page cannot show."""


def read_formula_cache(path: Path) -> dict[str, str]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: render again


def write_formula_cache(path: Path, formulas: dict[str, str]) -> None:
    """Replace the file in one step, so a concurrent build reads it whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
    ) as file:
        json.dump(formulas, file)
    os.replace(file.name, path)


class KatexThread:
    """Every V8 context of the process, made, run and closed on one thread.

    mini-racer crashes the process (SIGSEGV) when a context is made on any
    thread while one made on a thread other than the main one is alive, or is
    closed after the thread that ran KaTeX in it has ended; Zensical converts
    pages on worker threads that end before the build exits. This thread is a daemon, so it is still alive when
    atexit closes the contexts: closing V8 from the garbage collector, as the
    interpreter tears down, can deadlock.
    """

    def __init__(self):
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="katex", daemon=True)
        self._thread.start()

    def render(self, script: Path, tex: str, display: bool) -> dict:
        """``renderFormula(tex, display)`` in the context that ran ``script``."""
        answer: Future = Future()
        self._jobs.put((answer, script, tex, display))
        return answer.result()

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join()

    def _serve(self) -> None:
        contexts: dict[Path, MiniRacer] = {}
        while (job := self._jobs.get()) is not None:
            answer, script, tex, display = job
            try:
                if script not in contexts:
                    context = MiniRacer()
                    context.eval(script.read_text(encoding="utf-8"))
                    context.eval(RENDER_JS)
                    contexts[script] = context
                answer.set_result(contexts[script].call("renderFormula", tex, display))
            except Exception as error:  # raised again in render()
                answer.set_exception(error)
        for context in contexts.values():
            context.close()


_v8: KatexThread | None = None
_v8_started = threading.Lock()


def v8() -> KatexThread:
    """The process's V8 thread, started on first need and stopped at exit."""
    global _v8
    with _v8_started:
        if _v8 is None:
            _v8 = KatexThread()
            atexit.register(_stop_v8)
        return _v8


def _stop_v8() -> None:
    global _v8
    with _v8_started:
        if _v8 is not None:
            _v8.close()
            _v8 = None


class KatexRenderer:
    """KaTeX's renderToString, in the process's V8, with the formulas of earlier
    builds from the cache."""

    def __init__(self, katex_dist: Path, cache: Path):
        script = katex_dist / "katex.min.js"
        if not script.is_file():
            raise MathError(
                f"KaTeX is not installed: {script} is missing. Run `npm ci` in the "
                "project folder (the Makefile's set-up does)."
            )
        self.dist = katex_dist
        self.font_of_classes = fonts_of_classes(
            (katex_dist / "katex.min.css").read_text(encoding="utf-8")
        )
        # Copies of the project link its node_modules/: one V8 context for all.
        self._script = script.resolve()
        self._lock = threading.Lock()
        version = json.loads(
            (katex_dist.parent / "package.json").read_text(encoding="utf-8")
        )["version"]
        # The TeX source stays in the MathML's annotation: copy-tex copies it.
        options = hashlib.sha256(RENDER_JS.encode()).hexdigest()[:12]
        self._cache_path = cache / f"katex-{version}-{options}.json"
        self._formulas = read_formula_cache(self._cache_path)
        self._rendered_here = False

    def render(self, tex: str, display: bool) -> str:
        """KaTeX HTML for ``tex``; raises MathError with KaTeX's message."""
        key = f"{'display' if display else 'inline'}:{tex}"
        with self._lock:
            if key not in self._formulas:
                result = v8().render(self._script, tex, display)
                if "error" in result:
                    raise MathError(result["error"])
                self._formulas[key] = result["html"]
                self._rendered_here = True
            return self._formulas[key]

    def close(self) -> None:
        """Add the formulas this process rendered to the cache (at exit).

        Nothing is dropped: a build of some pages, or a test's, must not cost the
        next full build the rest; ``make clean`` empties the cache.
        """
        with self._lock:
            if self._rendered_here:
                # With what other processes added since this one read it.
                kept = read_formula_cache(self._cache_path)
                write_formula_cache(self._cache_path, {**kept, **self._formulas})


_renderers: dict[Path, KatexRenderer] = {}


def renderer(project: Path) -> KatexRenderer:
    """The project's renderer, one per process, kept across builds (``serve``)."""
    if project not in _renderers:
        _renderers[project] = KatexRenderer(
            katex_dist(project), project / ".site-cache" / FORMULA_CACHE
        )
        atexit.register(_renderers[project].close)
    return _renderers[project]


def katex_dist(project: Path) -> Path:
    return project / "node_modules" / "katex" / "dist"
