/* coopgraph graph viewer: draws /api/graph with vis-network (served locally), positions precomputed
   on the server, physics off. Every label, tooltip and panel entry comes from imported data and is
   put into the page with textContent or drawn on the canvas: never parsed as HTML. */
(function () {
  "use strict";

  // Colour, shape and legend symbol of each kind of node: one table, network.KIND_STYLE, put in the page.
  const KIND_STYLE = JSON.parse(document.getElementById("kind-style").textContent);
  const EDGE_LABEL_LIMIT = 250; // past this, edge labels are shown in tooltips only (readability and speed)

  const container = document.getElementById("graph");
  const status = document.getElementById("graph-status");
  const panel = document.getElementById("side-panel");
  const params = new URLSearchParams(window.location.search);

  const state = {
    nodes: new vis.DataSet(),
    edges: new vis.DataSet(),
    network: null,
    ready: false,
    expanded: [],
    kinds: {},
    relations: {},
    timings: {},
    busy: false,
  };
  window.coopgraphViewer = state; // for tests, benchmarks and the curious

  function el(tag, content, className) {
    const node = document.createElement(tag);
    if (content !== undefined && content !== null) node.textContent = String(content);
    if (className) node.className = className;
    return node;
  }

  function shorten(label) {
    return label.length > 42 ? label.slice(0, 40) + "…" : label;
  }

  function nodeTooltip(node) {
    const box = el("div", null, "tip");
    box.append(el("strong", node.label));
    const kind = node.kind === "more" ? "double-cliquez pour en charger" : node.kindLabel;
    box.append(el("div", kind + (node.country ? " · " + node.country : ""), "muted"));
    if (node.kind !== "more") box.append(el("div", (node.degree || 0) + " lien(s) dans la vue", "muted"));
    return box;
  }

  function edgeTooltip(edge) {
    const box = el("div", null, "tip");
    box.append(el("strong", state.relations[edge.relation] || edge.relation));
    if (edge.detail) box.append(el("div", edge.detail));
    if (edge.date) box.append(el("div", edge.date, "muted"));
    return box;
  }

  function toVisNode(node) {
    const style = KIND_STYLE[node.kind] || KIND_STYLE.other;
    const item = {
      id: node.id,
      label: shorten(node.label),
      title: nodeTooltip(node),
      shape: style.shape,
      color: node.kind === "more"
        ? { background: "#ffffff", border: "#7f8793" }
        : { background: style.color, border: node.focus ? "#111111" : style.color },
      borderWidth: node.focus ? 3 : 1,
      value: Math.max(1, node.degree || 1),
      data: node,
    };
    if (node.kind === "more") item.shapeProperties = { borderDashes: [4, 3] };
    if (typeof node.x === "number") { item.x = node.x; item.y = node.y; }
    return item;
  }

  function toVisEdge(edge, withLabel) {
    return {
      id: edge.id,
      from: edge.from,
      to: edge.to,
      label: withLabel ? shorten(edge.label || "") : undefined,
      title: edgeTooltip(edge),
      arrows: edge.relation === "partnership" ? "" : "to",
      width: edge.weight > 1 ? Math.min(12, 1 + Math.log2(edge.weight) * 2) : 1,
      data: edge,
    };
  }

  function showNotices(notices) {
    const box = document.getElementById("graph-notices");
    box.replaceChildren(...notices.map((text) => el("p", text, "notice")));
  }

  function updateLegend() {
    const counts = {};
    state.nodes.forEach((item) => { counts[item.data.kind] = (counts[item.data.kind] || 0) + 1; });
    const legend = document.getElementById("legend");
    legend.replaceChildren();
    Object.keys(KIND_STYLE).forEach((kind) => {
      if (!counts[kind]) return;
      const entry = el("span", null, "legend-item");
      const swatch = el("span", KIND_STYLE[kind].symbol, "legend-swatch");
      swatch.style.color = kind === "more" ? "#7f8793" : KIND_STYLE[kind].color;
      entry.append(swatch, el("span", (state.kinds[kind] || kind) + " (" + counts[kind] + ")"));
      legend.append(entry);
    });
    const size = el("span", "taille : nombre de liens", "legend-item muted");
    legend.append(size);
  }

  function refreshDegrees() {
    const degree = {};
    state.edges.forEach((edge) => {
      degree[edge.from] = (degree[edge.from] || 0) + 1;
      degree[edge.to] = (degree[edge.to] || 0) + 1;
    });
    const updates = [];
    state.nodes.forEach((item) => {
      const d = degree[item.id] || 0;
      if (item.data.degree !== d) {
        item.data.degree = d;
        updates.push({ id: item.id, value: Math.max(1, d), title: nodeTooltip(item.data) });
      }
    });
    if (updates.length) state.nodes.update(updates);
  }

  function setStatus(text) {
    status.textContent = text || "";
    status.hidden = !text;
  }

  async function fetchJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error((await response.text()).trim() || response.statusText);
    return response.json();
  }

  function filterParams() {
    const kept = new URLSearchParams();
    ["kind", "relation", "country", "from", "to"].forEach((name) => {
      params.getAll(name).forEach((value) => { if (value) kept.append(name, value); });
    });
    return kept;
  }

  // ---------------------------------------------------------------- side panel

  function renderPanel(details, node) {
    const parts = [];
    parts.push(el("span", details.kindLabel, "badge kind-" + details.kind));
    parts.push(el("h2", details.label, "panel-title"));
    const links = el("p", null, "panel-links");
    const page = el("a", "Fiche complète");
    page.href = details.url;
    const centre = el("a", "Centrer le réseau ici");
    centre.href = "/graph?" + new URLSearchParams({ focus: details.iri, hops: "1" }).toString();
    const expand = el("button", "Étendre", "secondary");
    expand.type = "button";
    expand.addEventListener("click", () => expandNode(node.id));
    links.append(page, el("span", " · "), centre, el("span", " "), expand);
    parts.push(links);
    if (!details.relations.length) parts.push(el("p", "Aucune relation connue.", "muted"));
    details.relations.forEach((group) => {
      parts.push(el("h3", group.label));
      const list = el("ul", null, "plain panel-facts");
      group.facts.forEach((fact) => {
        const item = el("li");
        const link = el("a", fact.label);
        link.href = fact.url;
        item.append(el("span", fact.incoming ? "← " : "→ ", "muted"), link);
        if (fact.detail) item.append(el("span", " · " + fact.detail, "muted"));
        if (fact.date) item.append(el("span", " · " + fact.date, "muted"));
        list.append(item);
      });
      if (group.more) list.append(el("li", "… et " + group.more + " de plus", "muted"));
      parts.push(list);
    });
    panel.replaceChildren(...parts);
  }

  async function showPanel(id) {
    const item = state.nodes.get(id);
    if (!item) return;
    const node = item.data;
    if (node.kind === "more") {
      panel.replaceChildren(el("h2", node.label, "panel-title"),
        el("p", "Double-cliquez sur ce nœud pour charger la suite.", "muted"));
      return;
    }
    panel.replaceChildren(el("p", "Chargement…", "muted"));
    try {
      renderPanel(await fetchJson("/api/graph/node?" + new URLSearchParams({ iri: id })), item);
    } catch (error) {
      panel.replaceChildren(el("p", "Erreur : " + error.message, "error"));
    }
  }

  // ---------------------------------------------------------------- expansion in place

  function placeAround(anchorId, newIds) {
    const centre = state.network.getPosition(anchorId);
    const radius = 120 + newIds.length * 6;
    return newIds.map((id, i) => {
      const angle = (2 * Math.PI * i) / newIds.length;
      return { id, x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
    });
  }

  async function expandNode(id) {
    const item = state.nodes.get(id);
    if (!item || state.busy) return;
    const node = item.data;
    const query = filterParams();
    if (node.kind === "more") {
      query.set("node", node.more.node);
      query.set("relation", node.more.relation);
      query.set("direction", node.more.direction);
      query.set("offset", String(node.more.offset));
    } else {
      query.set("node", id);
    }
    state.busy = true;
    setStatus("Extension…");
    try {
      const data = await fetchJson("/api/graph/expand?" + query.toString());
      const anchor = node.kind === "more" ? node.more.node : id;
      const fresh = data.nodes.filter((n) => !state.nodes.get(n.id));
      const positions = placeAround(node.kind === "more" ? id : anchor, fresh.map((n) => n.id));
      fresh.forEach((n, i) => { n.x = positions[i].x; n.y = positions[i].y; });
      state.nodes.add(fresh.map(toVisNode));
      const withLabels = state.edges.length + data.edges.length <= EDGE_LABEL_LIMIT;
      state.edges.add(data.edges.filter((e) => !state.edges.get(e.id)).map((e) => toVisEdge(e, withLabels)));
      if (node.kind === "more") state.nodes.remove(id);
      else if (!state.expanded.includes(id)) state.expanded.push(id);
      refreshDegrees();
      updateLegend();
      setStatus(fresh.length ? "" : "Rien de plus à ajouter.");
      if (!fresh.length) setTimeout(() => setStatus(""), 1500);
    } catch (error) {
      setStatus("Erreur : " + error.message);
    } finally {
      state.busy = false;
    }
  }

  // ---------------------------------------------------------------- exports

  function exportUrl(format) {
    const query = new URLSearchParams(params);
    query.set("format", format);
    state.expanded.forEach((id) => query.append("expand", id));
    return "/api/graph/export?" + query.toString();
  }

  function exportPng() {
    const canvas = container.querySelector("canvas");
    if (!canvas) return;
    const link = document.createElement("a");
    link.href = canvas.toDataURL("image/png");
    link.download = "coopgraph-network.png";
    document.body.append(link);
    link.click();
    link.remove();
  }

  document.getElementById("export-png").addEventListener("click", exportPng);
  document.querySelectorAll(".export-link").forEach((link) => {
    link.addEventListener("click", () => { link.href = exportUrl(link.dataset.format); });
  });

  // ---------------------------------------------------------------- drawing

  function draw(data) {
    state.kinds = data.kinds;
    state.relations = data.relations;
    const large = data.nodes.length > 800;
    state.nodes.add(data.nodes.map(toVisNode));
    state.edges.add(data.edges.map((e) => toVisEdge(e, data.edges.length <= EDGE_LABEL_LIMIT)));
    const options = {
      physics: { enabled: false }, // positions come from the server (igraph): nothing to simulate
      layout: { improvedLayout: false },
      interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: large, hideEdgesOnZoom: large },
      nodes: { font: { size: 13, color: "#1d2733", strokeWidth: 3, strokeColor: "#ffffff" },
               scaling: { min: 8, max: 28, label: { enabled: false } } },
      edges: { smooth: false, color: { color: "#b7c0cb", highlight: "#0b5cad", hover: "#0b5cad" },
               font: { size: 10, color: "#5b6775", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" } },
    };
    state.network = new vis.Network(container, { nodes: state.nodes, edges: state.edges }, options);
    state.network.on("beforeDrawing", (ctx) => {
      // A white background, so the PNG export is not transparent.
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
      ctx.restore();
    });
    state.network.once("afterDrawing", () => {
      state.timings.drawn = performance.now();
      state.ready = true;
      container.dataset.ready = "true";
    });
    state.network.on("click", (event) => { if (event.nodes.length) showPanel(event.nodes[0]); });
    state.network.on("doubleClick", (event) => { if (event.nodes.length) expandNode(event.nodes[0]); });
    showNotices(data.notices || []);
    updateLegend();
    setStatus(data.nodes.length ? "" : "Aucune entité ne correspond : élargissez les filtres.");
  }

  async function load() {
    state.timings.start = performance.now();
    try {
      const data = await fetchJson("/api/graph" + window.location.search);
      state.timings.fetched = performance.now();
      draw(data);
    } catch (error) {
      setStatus("Erreur : " + error.message);
      state.error = error.message;
    }
  }

  load();
})();
