/* Home page autocomplete over /api/search. Results are built with textContent: labels come from
   imported data and may contain markup. */
(function () {
  "use strict";
  const input = document.getElementById("search-input");
  const type = document.getElementById("search-type");
  const list = document.getElementById("search-results");
  const form = document.getElementById("search-form");
  let timer = null;
  let latest = 0;
  let active = -1;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function render(hits, query) {
    active = -1;
    if (!query) { list.replaceChildren(); return; }
    if (!hits.length) { list.replaceChildren(el("li", "Aucun résultat pour « " + query + " »", "muted")); return; }
    list.replaceChildren(...hits.map((hit) => {
      const item = el("li");
      item.setAttribute("role", "option");
      const link = el("a", hit.label, "hit-label");
      link.href = hit.url;
      item.append(link, el("span", hit.typeLabel, "badge kind-" + hit.type));
      if (hit.matched && hit.matched !== hit.label) item.append(el("span", "« " + hit.matched + " »", "muted small"));
      return item;
    }));
  }

  async function search() {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) { render([], ""); return; }
    const params = new URLSearchParams({ q: query, limit: "15" });
    if (type.value) params.set("type", type.value);
    const response = await fetch("/api/search?" + params.toString());
    if (ticket !== latest) return; // a newer keystroke has already asked
    render(response.ok ? await response.json() : [], query);
  }

  function move(step) {
    const links = list.querySelectorAll("a");
    if (!links.length) return;
    active = (active + step + links.length) % links.length;
    links[active].focus();
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 120); });
  type.addEventListener("change", search);
  list.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
    if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
  });
  input.addEventListener("keydown", (event) => { if (event.key === "ArrowDown") { event.preventDefault(); move(1); } });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) window.location.href = first.href;
    else search();
  });
  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; search(); }
})();
