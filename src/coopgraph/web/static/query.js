/* coopgraph query page: YASQE (editor) + YASR (results) from the locally served YASGUI build.
 *
 * Everything goes to this app: the prefix completion uses the project's prefixes plus the list
 * bundled in YASGUI (never prefix.cc), the LOV-backed class/property completers are switched off,
 * and nothing is persisted in localStorage (the page URL is the one place a query is kept).
 * Values from the data reach the DOM either as text or through escapeHtml().
 */
(function () {
  "use strict";

  const Yasqe = window.Yasgui.Yasqe;
  const Yasr = window.Yasgui.Yasr;

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  const config = readJson("query-config");
  const examples = readJson("query-examples");
  const sharedQuery = readJson("shared-query");
  const endpoint = new URL(config.endpoint, window.location.href).href;

  const HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  /** Text made safe for innerHTML and attribute values (the table plugin builds HTML strings). */
  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
  }

  /** Percent-encode what may not stand in a URL path, keeping '/' and existing escapes. */
  function encodePath(path) {
    return path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (c) => encodeURIComponent(c));
  }

  /** The app page of a resource: its own /id/... path for project IRIs, /entity?iri= otherwise. */
  function entityHref(iri) {
    if (iri.startsWith(config.resourceBase)) {
      return config.resourcePath + encodePath(iri.slice(config.resourceBase.length));
    }
    return config.entityPath + "?iri=" + encodeURIComponent(iri);
  }

  /** The prefixed name of an IRI when a known prefix covers it, else null. */
  function compactIri(iri, prefixes) {
    for (const [prefix, namespace] of Object.entries(prefixes || {})) {
      if (namespace && iri.startsWith(namespace)) return prefix + ":" + iri.slice(namespace.length);
    }
    return null;
  }

  // ------------------------------------------------------------------ results table

  const BaseTable = Yasr.plugins.table;

  /** YASR's table, with IRIs linking to the app's entity pages and every value escaped here. */
  class CoopTable extends BaseTable {
    getUriLinkFromBinding(binding, prefixes) {
      const iri = binding.value;
      const short = compactIri(iri, prefixes);
      const label = short || (this.persistentConfig.compact ? iri : "<" + iri + ">");
      return `<a class="iri" href="${escapeHtml(entityHref(iri))}" title="${escapeHtml(iri)}">${escapeHtml(label)}</a>`;
    }

    formatLiteral(binding, prefixes) {
      const text = escapeHtml(binding.value);
      if (this.persistentConfig.compact) return text;
      if (binding["xml:lang"]) return `"${text}"<sup>@${escapeHtml(binding["xml:lang"])}</sup>`;
      if (binding.datatype) {
        const datatype = compactIri(binding.datatype, prefixes) || "<" + binding.datatype + ">";
        return `"${text}"<sup>^^${escapeHtml(datatype)}</sup>`;
      }
      return text;
    }
  }
  Yasr.registerPlugin("table", CoopTable);

  // ------------------------------------------------------------------ editor

  /** Prefix completion: the project's prefixes first, then YASGUI's bundled list (no network). */
  const bundledPrefixes = Yasqe.Autocompleters.prefixes;
  Yasqe.registerAutocompleter(
    {
      ...bundledPrefixes,
      get: (yasqe) =>
        Promise.resolve(bundledPrefixes.get(yasqe)).then((bundled) => {
          const own = Object.entries(config.prefixes).map(([p, iri]) => `${p}: <${iri}>`);
          const ownNames = new Set(Object.keys(config.prefixes).map((p) => p + ":"));
          return own.concat(bundled.filter((line) => !ownNames.has(line.split(" ")[0])));
        }),
    },
    false,
  );
  // Set on the defaults, not passed as options: YASQE merges arrays index by index.
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasr.defaults.pluginOrder = ["table", "response"];

  /**
   * The query with PREFIX lines for the project prefixes it uses without declaring them: the
   * endpoint knows them, but the editor's checker would mark the query as wrong.
   */
  function withDeclaredPrefixes(query) {
    const declared = new Set([...query.matchAll(/PREFIX\s+([\w-]*):/gi)].map((m) => m[1].toLowerCase()));
    const missing = Object.entries(config.prefixes).filter(
      ([prefix]) => !declared.has(prefix.toLowerCase()) && new RegExp(`(^|[^\\w<:/.#-])${prefix}:`).test(query),
    );
    return missing.map(([prefix, iri]) => `PREFIX ${prefix}: <${iri}>\n`).join("") + query;
  }

  const yasqe = new Yasqe(document.getElementById("editor"), {
    value: sharedQuery ? withDeclaredPrefixes(sharedQuery) : config.defaultQuery,
    persistenceId: null,
    consumeShareLink: null,
    createShareableLink: null,
    prefixCcApi: null,
    // Tall enough for the predeclared prefixes and a short query below them.
    editorHeight: "430px",
    requestConfig: { endpoint: endpoint, method: "POST" },
  });

  const yasr = new Yasr(document.getElementById("results"), {
    persistenceId: null,
    prefixes: () => ({ ...config.prefixes, ...yasqe.getPrefixesFromQuery() }),
  });

  // ------------------------------------------------------------------ shareable URL

  /** The page URL that reopens `query`. */
  function pageUrlFor(query) {
    return window.location.pathname + "?query=" + encodeURIComponent(query);
  }

  const shareLink = document.getElementById("share-link");
  const shareStatus = document.getElementById("share-status");

  function syncUrl() {
    const url = pageUrlFor(yasqe.getValue());
    window.history.replaceState(null, "", url);
    shareLink.href = url;
  }

  let syncTimer = null;
  yasqe.on("change", () => {
    window.clearTimeout(syncTimer);
    syncTimer = window.setTimeout(syncUrl, 250);
  });
  syncUrl();

  shareLink.addEventListener("click", (event) => {
    event.preventDefault();
    syncUrl();
    const absolute = new URL(shareLink.getAttribute("href"), window.location.href).href;
    const done = () => (shareStatus.textContent = "Lien copié.");
    const failed = () => (shareStatus.textContent = "Copiez l'adresse de la page pour partager la requête.");
    if (navigator.clipboard) navigator.clipboard.writeText(absolute).then(done, failed);
    else failed();
  });

  // ------------------------------------------------------------------ gallery

  const examplesByName = new Map(examples.map((e) => [e.name, e]));
  document.getElementById("gallery").addEventListener("click", (event) => {
    const button = event.target.closest("button.example");
    const example = button && examplesByName.get(button.dataset.name);
    if (!example) return;
    document.querySelectorAll("#gallery button.example").forEach((b) => b.setAttribute("aria-pressed", "false"));
    button.setAttribute("aria-pressed", "true");
    yasqe.setValue(example.sparql);
    syncUrl();
    yasqe.focus();
    window.scrollTo({ top: 0, behavior: "smooth" });
  });

  // ------------------------------------------------------------------ result actions

  const SOLUTION_DOWNLOADS = [["CSV", "csv"], ["TSV", "tsv"], ["JSON", "json"]];
  const GRAPH_DOWNLOADS = [["Turtle", "turtle", "ttl"], ["N-Triples", "ntriples", "nt"], ["JSON-LD", "jsonld", "jsonld"]];

  const actions = document.getElementById("result-actions");
  const downloads = document.getElementById("downloads");
  const viewGraph = document.getElementById("view-graph");
  let executed = { query: "", type: "SELECT" };

  yasqe.on("queryBefore", () => {
    executed = { query: yasqe.getValue(), type: yasqe.getQueryType() };
    actions.hidden = true;
  });

  /** Links that ask the endpoint again for the executed query in a download format. */
  function drawDownloads() {
    const isGraph = executed.type === "CONSTRUCT" || executed.type === "DESCRIBE";
    downloads.replaceChildren();
    for (const [label, format, extension] of isGraph ? GRAPH_DOWNLOADS : SOLUTION_DOWNLOADS) {
      const link = document.createElement("a");
      link.className = "action download";
      link.dataset.format = format;
      link.href = `${config.endpoint}?query=${encodeURIComponent(executed.query)}&format=${format}`;
      link.download = `resultats.${extension || format}`;
      link.textContent = label;
      downloads.append(link, " ");
    }
  }

  /** The distinct IRIs of the result (predicates of a graph result left out), at most `limit`. */
  function resultIris(limit) {
    const results = yasr.results;
    if (!results || !results.getBindings) return [];
    const skip = executed.type === "CONSTRUCT" || executed.type === "DESCRIBE" ? new Set(["predicate"]) : new Set();
    const found = new Set();
    for (const row of results.getBindings() || []) {
      for (const [variable, term] of Object.entries(row)) {
        if (term && term.type === "uri" && !skip.has(variable)) found.add(term.value);
        if (found.size >= limit) return [...found];
      }
    }
    return [...found];
  }

  function drawGraphAction() {
    const iris = resultIris(config.maxGraphFocus);
    viewGraph.hidden = iris.length === 0;
    const params = new URLSearchParams();
    iris.forEach((iri) => params.append("focus", iri));
    viewGraph.href = `${config.graphPath}?${params.toString()}`;
    viewGraph.title = `Ouvrir le réseau sur ${iris.length} ressource(s) du résultat`;
  }

  yasqe.on("queryResponse", (_instance, response, duration) => {
    yasr.setResponse(response, duration);
    const failed = response instanceof Error || !yasr.results || yasr.results.hasError();
    shareStatus.textContent = "";
    if (failed) return;
    drawDownloads();
    drawGraphAction();
    actions.hidden = false;
  });
})();
