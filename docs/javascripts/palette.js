// The header's light/dark switch (overrides/partials/palette.html). The theme's own
// palette component restyles every element of the page three times while the page
// loads: it marks <body> with data-md-color-switching, which rules of the theme's
// stylesheet match on every element, and adds, then fills, a colour-scheme <meta>.
// This does what readers use of it, touching the page only for a change: the scheme
// they chose, kept where the theme keeps it (__palette), else the system's.
(() => {
  const form = document.querySelector("form[data-palette-switch]");
  if (!form) return;
  const inputs = [...form.querySelectorAll("input[name=__palette]")];
  const keys = ["media", "scheme", "primary", "accent"];
  // <body> carries the scheme and colours; the media query is only remembered.
  const shownKeys = keys.slice(1);

  // The phone's browser bar takes the header's colour; a dark scheme also darkens
  // the page's own scrollbars and form controls, as the theme's component did.
  function colourBrowserBar() {
    const header = getComputedStyle(document.querySelector(".md-header"));
    const hex = header.backgroundColor
      .match(/\d+/g)
      .slice(0, 3)
      .map((channel) => Number(channel).toString(16).padStart(2, "0"))
      .join("");
    meta("theme-color").content = `#${hex}`;
    if (header.colorScheme !== "light" || document.querySelector("meta[name=color-scheme]"))
      meta("color-scheme").content = header.colorScheme;
  }

  function meta(name) {
    let element = document.querySelector(`meta[name="${name}"]`);
    if (!element) {
      element = document.createElement("meta");
      element.name = name;
      document.head.append(element);
    }
    return element;
  }

  function show(index, remember) {
    const input = inputs[index];
    const color = {};
    for (const key of keys) color[key] = input.getAttribute(`data-md-color-${key}`);
    for (const key of shownKeys) {
      if (document.body.getAttribute(`data-md-color-${key}`) !== color[key])
        document.body.setAttribute(`data-md-color-${key}`, color[key]);
    }
    // Each option's label switches to the next option: show the current one's.
    inputs.forEach((other, i) => {
      const label = other.nextElementSibling;
      if (label instanceof HTMLLabelElement) label.hidden = i !== index;
    });
    input.checked = true;
    // Read once the page is styled: reading the header's colour before would make
    // the browser style the whole page then and there, a long task on a long page.
    requestAnimationFrame(() => setTimeout(colourBrowserBar));
    if (remember) __md_set("__palette", { index, color });
  }

  const saved = __md_get("__palette");
  const chosen =
    saved && inputs[saved.index]
      ? saved.index
      : inputs.findIndex((input) => matchMedia(input.dataset.mdColorMedia).matches);
  show(Math.max(chosen, 0), false);
  form.addEventListener("change", (event) => show(inputs.indexOf(event.target), true));
  // Enter on a focused option switches to the next one, as the theme's did.
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const next = inputs[(inputs.findIndex((input) => input.checked) + 1) % inputs.length];
    next.click();
    next.focus();
  });
})();
