// The "Copy the answer" button of each Answer box (site_markdown/answers.py):
// it copies the answer as Markdown, its math as TeX, ready for a hand-in.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.answer-copy");
  if (!button) return;
  const answer = button.dataset.answer;
  try {
    await navigator.clipboard.writeText(answer);
  } catch {
    // Without the clipboard API (a page opened from a file), the old way.
    const area = document.createElement("textarea");
    area.value = answer;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  const label = button.textContent;
  button.textContent = "Copied";
  setTimeout(() => { button.textContent = label; }, 2000);
});
