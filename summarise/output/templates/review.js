"use strict";
// Brief page: marking an item outlines its spans in the text and flags it in the side list.
// Ids come only from our own anchors (checked against their pattern), never from article text.
const ANCHOR = /^(act|loc|clm|cas|dis)-\d+$/;
function spansOf(id) { return document.querySelectorAll('.hl[data-items~="' + id + '"]'); }
function mark(id, scroll) {
  if (!ANCHOR.test(id) || !document.getElementById(id)) return;
  document.querySelectorAll(".marked").forEach(e => e.classList.remove("marked"));
  document.querySelectorAll(".item[aria-current]").forEach(e => e.removeAttribute("aria-current"));
  const item = document.getElementById(id), spans = spansOf(id);
  item.setAttribute("aria-current", "true");
  spans.forEach(s => s.classList.add("marked"));
  if (scroll) (spans[0] || item).scrollIntoView({ block: "center" });
}
document.querySelectorAll(".item").forEach(item => {
  const button = item.querySelector("button");
  button.addEventListener("mouseenter", () => spansOf(item.id).forEach(s => s.classList.add("peek")));
  button.addEventListener("mouseleave", () => spansOf(item.id).forEach(s => s.classList.remove("peek")));
  button.addEventListener("click", () => { mark(item.id, true); history.replaceState(null, "", "#" + item.id); });
});
// A click in the text marks the innermost item there (listed first) and shows it in the side list.
document.querySelectorAll(".hl").forEach(span => span.addEventListener("click", () => {
  const id = span.dataset.items.split(" ")[0];
  mark(id, false);
  document.getElementById(id).scrollIntoView({ block: "nearest" });
}));
const fromHash = () => mark(decodeURIComponent(location.hash.slice(1)), true);
window.addEventListener("hashchange", fromHash);
if (location.hash) fromHash();

// Index page: sort the figures table by a column header, filter it by the selects.
const figures = document.getElementById("figures");
if (figures) {
  const body = figures.tBodies[0], filters = [...document.querySelectorAll("[data-filter]")];
  figures.querySelectorAll("th button").forEach(button => button.addEventListener("click", () => {
    const th = button.parentElement, col = th.cellIndex, numeric = th.dataset.type === "number";
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    figures.querySelectorAll("th").forEach(h => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const key = row => { const cell = row.cells[col], v = cell.dataset.sort ?? cell.textContent.trim();
      return numeric ? (v === "" ? -Infinity : Number(v)) : v.toLowerCase(); };
    const order = (a, b) => { const x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1); };
    body.append(...[...body.rows].sort(order));
  }));
  const apply = () => {
    let shown = 0;
    for (const row of body.rows) {
      row.hidden = !filters.every(f => !f.value || row.dataset[f.dataset.filter] === f.value);
      shown += row.hidden ? 0 : 1;
    }
    document.getElementById("shown").value = shown + " of " + body.rows.length;
  };
  filters.forEach(f => f.addEventListener("change", apply));
}
