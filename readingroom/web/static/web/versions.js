// A record's texts as tabs, side by side on wide screens, scans in a deep-zoom viewer.
// Progressive enhancement: without this file every text and page image shows in turn.
document.addEventListener("DOMContentLoaded", () => {
  const root = document.querySelector("[data-versions]");
  if (!root) return;
  const tabs = [...root.querySelectorAll(".version-tabs a")];
  const panels = tabs.map((a) => document.getElementById(a.hash.slice(1)));
  const toggle = root.querySelector(".sidebyside");
  const wide = window.matchMedia("(min-width: 64rem)");
  const article = root.closest(".document");
  let current = 0;
  let other = tabs.length > 1 ? 1 : 0;
  let viewer = null;

  function sideBySide() {
    return toggle.getAttribute("aria-pressed") === "true" && wide.matches && tabs.length > 1;
  }

  function show(index) {
    const side = sideBySide();
    if (side && index !== 0) other = index;
    current = index;
    panels.forEach((panel, i) => {
      panel.hidden = side ? i !== 0 && i !== other : i !== index;
      panel.tabIndex = side ? 0 : -1; // a scrolling region must take the keyboard
    });
    tabs.forEach((a, i) => {
      const shown = side ? i === 0 || i === other : i === index;
      a.setAttribute("aria-current", shown ? "true" : "false");
    });
    root.classList.toggle("side", side);
    article.classList.toggle("wide-reading", side);
    const scans = panels.find((p) => p.id === "scans");
    if (scans && !scans.hidden) startViewer(scans);
  }

  function startViewer(panel) {
    if (viewer || typeof OpenSeadragon === "undefined") return;
    const box = panel.querySelector(".viewer");
    const figures = [...panel.querySelectorAll("figure.scan")];
    box.hidden = false;
    viewer = OpenSeadragon({
      element: box,
      prefixUrl: box.dataset.images,
      tileSources: figures.map((f) => f.dataset.info),
      sequenceMode: figures.length > 1,
      showNavigator: true,
      crossOriginPolicy: false,
    });
    panel.querySelector(".scan-list").hidden = true;
    // The words a search inside the record found, boxed on each page as it opens.
    viewer.addHandler("open", () => {
      const boxes = JSON.parse(figures[viewer.currentPage()].dataset.boxes || "[]");
      boxes.forEach(([x, y, w, h]) => {
        const mark = document.createElement("div");
        mark.className = "hit";
        viewer.addOverlay(mark, viewer.viewport.imageToViewportRectangle(x, y, w, h));
      });
    });
    const linked = location.hash && document.getElementById(location.hash.slice(1));
    const page = linked && panel.contains(linked) ? figures.indexOf(linked.closest("figure.scan")) : -1;
    if (page > 0) viewer.goToPage(page);
  }

  // In side-by-side reading the other panel follows the main text, page by page.
  function follow(key) {
    const target = panels[other];
    if (!sideBySide() || !target) return;
    if (target.id === "scans") {
      const figures = [...target.querySelectorAll("figure.scan")];
      const page = figures.findIndex((f) => f.dataset.align === key);
      if (page >= 0 && viewer && viewer.currentPage() !== page) viewer.goToPage(page);
      return;
    }
    const match = target.querySelector(`[data-align="${CSS.escape(key)}"]`);
    if (match) target.scrollTop = match.offsetTop - target.offsetTop;
  }

  const observer = new IntersectionObserver(
    (entries) => {
      const seen = entries.filter((e) => e.isIntersecting);
      if (seen.length) follow(seen[0].target.dataset.align);
    },
    { root: panels[0], rootMargin: "0px 0px -70% 0px" },
  );
  panels[0].querySelectorAll("[data-align]").forEach((el) => observer.observe(el));

  tabs.forEach((a, i) =>
    a.addEventListener("click", (event) => {
      event.preventDefault();
      show(i);
      history.replaceState(null, "", a.hash);
    }),
  );
  if (tabs.length > 1) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      const on = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      show(on && current === 0 ? other : current);
    });
    wide.addEventListener("change", () => show(current));
  }
  // A link to a passage of a further text (a search hit) opens its panel.
  const linked = location.hash && document.getElementById(location.hash.slice(1));
  const start = linked ? panels.findIndex((p) => p.contains(linked)) : 0;
  show(Math.max(start, 0));
  if (linked && start > 0) (viewer ? panels[start] : linked).scrollIntoView();
});
