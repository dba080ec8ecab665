// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  const status = document.querySelector(".cite .copied");
  document.querySelectorAll("button.copy[data-copy]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      const label = button.getAttribute("aria-describedby");
      const style = label ? document.getElementById(label).textContent : "Citation";
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        if (status) status.textContent = style + " citation copied.";
      } catch (err) {
        if (status) status.textContent = "Copying failed; select the citation and copy it.";
      }
    });
  });
});
