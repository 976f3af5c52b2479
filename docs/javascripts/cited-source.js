// A citation links to its entry in the page's Sources list, which is folded
// (site_markdown/sources.py): following the link, or opening a page at one of
// its entries, opens the fold first, so the browser can scroll to the entry.
function openFoldAround(id) {
  const target = id && document.getElementById(decodeURIComponent(id));
  const fold = target && target.closest("details:not([open])");
  if (fold) fold.open = true;
  return target;
}

document.addEventListener("click", (event) => {
  const link = event.target.closest('a[href^="#"]');
  if (link) openFoldAround(link.hash.slice(1));
});

if (location.hash) openFoldAround(location.hash.slice(1))?.scrollIntoView();
