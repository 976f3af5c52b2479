// Printing a page (Ctrl+P, or the print edition site_prepare/print_edition.py
// makes) prints all of it: every fold open, every content tab under its title.
window.addEventListener("beforeprint", () => {
  for (const fold of document.querySelectorAll("details:not([open])")) {
    fold.dataset.openedToPrint = "";
    fold.open = true;
  }
  for (const tabs of document.querySelectorAll(".tabbed-set")) {
    const labels = tabs.querySelectorAll(":scope > .tabbed-labels > label");
    const blocks = tabs.querySelectorAll(":scope > .tabbed-content > .tabbed-block");
    blocks.forEach((block, index) => {
      if (block.querySelector(":scope > .printed-tab-title") || !labels[index]) return;
      const title = document.createElement("p");
      title.className = "printed-tab-title";
      title.textContent = labels[index].textContent;
      block.prepend(title);
    });
  }
});
window.addEventListener("afterprint", () => {
  for (const fold of document.querySelectorAll("details[data-opened-to-print]")) {
    fold.open = false;
    delete fold.dataset.openedToPrint;
  }
});
