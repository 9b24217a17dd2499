// The query page: a SPARQL editor (CodeMirror 6, served from editor/haitikg-editor.js, with
// highlighting and completion of prefixes and ontology terms), runs the query through
// /sparql (its worker pool, time and row limits) and shows the results as a sortable table.
// Everything from the data is set with textContent. Without the editor bundle the plain
// textarea still works.
(function () {
  "use strict";
  const form = document.getElementById("query-form");
  const textarea = document.getElementById("query");
  const statusBox = document.getElementById("status");
  const notice = document.getElementById("notice");
  const errorBox = document.getElementById("error");
  const links = document.getElementById("links");
  const table = document.getElementById("results");
  const endpoint = form.dataset.endpoint;
  const publicBase = form.dataset.publicBase;
  const root = form.dataset.root;
  const prefixes = JSON.parse(document.getElementById("prefixes").textContent);
  const termsNode = document.getElementById("terms");
  const terms = termsNode ? JSON.parse(termsNode.textContent) : [];

  // The editor, or the textarea behind the same three calls.
  const editor = window.HaitikgEditor
    ? window.HaitikgEditor.create(textarea, { prefixes, terms, onRun: () => form.requestSubmit() })
    : {
        get value() { return textarea.value; },
        set value(text) { textarea.value = text; },
        focus() { textarea.focus(); },
        markError(line, column) {
          const lines = textarea.value.split("\n");
          let offset = 0;
          for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
          offset += Math.max(0, column - 1);
          textarea.focus();
          textarea.setSelectionRange(offset, Math.min(textarea.value.length, offset + 1));
        },
        clearErrors() {},
      };
  window.haitikgQueryEditor = editor; // for the browser tests and the console

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function compact(iri) {
    let best = "", name = "";
    for (const [p, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && ns.length > best.length) { best = ns; name = p; }
    }
    const rest = iri.slice(best.length);
    return best && !/[\/#]/.test(rest) ? name + ":" + rest : iri;
  }

  function href(iri) {
    if (iri.startsWith(publicBase)) return root + "/" + iri.slice(publicBase.length);
    return iri;
  }

  function cell(term) {
    const td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = el("a", compact(term.value), { href: href(term.value), title: term.value });
      if (!term.value.startsWith(publicBase)) { a.className = "external"; a.rel = "nofollow"; }
      td.appendChild(a);
    } else if (term.type === "bnode") {
      td.appendChild(el("span", "_:" + term.value, { class: "bnode" }));
    } else {
      td.appendChild(el("span", term.value, { class: "literal" }));
      const note = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? compact(term.datatype) : "";
      if (note) { td.appendChild(document.createTextNode(" ")); td.appendChild(el("small", note, { class: "note" })); }
    }
    return td;
  }

  function show(box, text) { box.textContent = text; box.hidden = !text; }

  // Sorting: numbers as numbers, everything else as text; unbound cells last.
  const NUMERIC = /#(integer|decimal|double|float|int|long|short|byte|nonNegativeInteger|positiveInteger|negativeInteger|nonPositiveInteger|unsigned\w+)$/;
  function sortKey(term) {
    if (!term) return null;
    if (term.type === "literal" && term.datatype && NUMERIC.test(term.datatype)) return Number(term.value);
    return term.type === "uri" ? compact(term.value) : term.value;
  }
  function compare(a, b) {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true });
  }

  let shown = { vars: [], rows: [] };
  function renderBody(vars, rows) {
    const body = table.tBodies[0];
    body.replaceChildren();
    for (const row of rows) {
      const r = el("tr");
      for (const v of vars) r.appendChild(cell(row[v]));
      body.appendChild(r);
    }
  }
  function sortBy(index) {
    const th = table.tHead.rows[0].cells[index];
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    for (const other of table.tHead.rows[0].cells) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const v = shown.vars[index];
    const rows = shown.rows.map((row, i) => [sortKey(row[v]), i, row]);
    rows.sort((a, b) => {
      const order = compare(a[0], b[0]);
      if (a[0] === null || b[0] === null) return order || a[1] - b[1];
      return (ascending ? order : -order) || a[1] - b[1];
    });
    renderBody(shown.vars, rows.map((r) => r[2]));
  }
  function render(vars, rows) {
    shown = { vars, rows };
    const head = table.tHead;
    head.replaceChildren();
    const tr = el("tr");
    vars.forEach((v, i) => {
      const th = el("th");
      const button = el("button", v, { type: "button", class: "sort", title: "sort by " + v });
      button.addEventListener("click", () => sortBy(i));
      th.appendChild(button);
      tr.appendChild(th);
    });
    head.appendChild(tr);
    renderBody(vars, rows);
    table.hidden = false;
  }

  // N-Triples (CONSTRUCT/DESCRIBE answers) into the same shape as SPARQL JSON rows.
  const NT = /^(<[^>]*>|_:\S+)\s+(<[^>]*>)\s+(<[^>]*>|_:\S+|"((?:[^"\\]|\\.)*)"(?:@([\w-]+)|\^\^<([^>]*)>)?)\s*\.\s*$/;
  function unescape(s) {
    return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})|\\(.)/g, (m, u, U, c) =>
      u ? String.fromCharCode(parseInt(u, 16)) : U ? String.fromCodePoint(parseInt(U, 16))
        : ({ n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" })[c] || c);
  }
  function ntTerm(text, lit, lang, dt) {
    if (text.startsWith("<")) return { type: "uri", value: text.slice(1, -1) };
    if (text.startsWith("_:")) return { type: "bnode", value: text.slice(2) };
    const t = { type: "literal", value: unescape(lit) };
    if (lang) t["xml:lang"] = lang; else if (dt) t.datatype = dt;
    return t;
  }
  function parseNTriples(text) {
    const rows = [];
    for (const line of text.split("\n")) {
      const m = NT.exec(line.trim());
      if (m) rows.push({ subject: ntTerm(m[1]), predicate: ntTerm(m[2]), object: ntTerm(m[3], m[4], m[5], m[6]) });
    }
    return rows;
  }

  function downloadLinks(query, kind) {
    links.replaceChildren();
    const formats = kind === "graph"
      ? [["Turtle", "ttl"], ["N-Triples", "nt"], ["JSON-LD", "jsonld"], ["RDF/XML", "rdfxml"]]
      : [["CSV", "csv"], ["JSON", "json"], ["TSV", "tsv"], ["XML", "xml"]];
    links.appendChild(document.createTextNode("Download: "));
    formats.forEach(([name, fmt], i) => {
      if (i) links.appendChild(document.createTextNode(" · "));
      const url = endpoint + "?" + new URLSearchParams({ query: query, format: fmt });
      links.appendChild(el("a", name, { href: url, class: "download", "data-format": fmt }));
    });
    links.appendChild(document.createTextNode(" — "));
    links.appendChild(el("a", "Permalink", { href: root + "/query?" + new URLSearchParams({ query: query }), id: "permalink" }));
    links.hidden = false;
  }

  // "line 3, column 14: …" (haitikg) or "at 3:14" (a remote engine's own words).
  function position(detail) {
    const ours = /line (\d+), column (\d+)/.exec(detail);
    const theirs = /at (\d+):(\d+)/.exec(detail);
    const m = ours || theirs;
    return m ? [Number(m[1]), Number(m[2])] : null;
  }

  function showError(problem) {
    const detail = problem.detail || "";
    show(errorBox, (problem.title || "Error") + ": " + detail);
    const at = position(detail);
    if (at) editor.markError(at[0], at[1], detail);
  }

  async function run() {
    const query = editor.value;
    show(errorBox, ""); show(notice, ""); links.hidden = true; table.hidden = true;
    editor.clearErrors();
    statusBox.textContent = "Running…";
    const started = performance.now();
    let response;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/sparql-results+json, application/n-triples;q=0.9",
        },
        body: new URLSearchParams({ query: query }),
      });
    } catch (err) {
      statusBox.textContent = "";
      show(errorBox, "The endpoint did not answer: " + err);
      return;
    }
    const body = await response.text();
    const seconds = ((performance.now() - started) / 1000).toFixed(3);
    if (!response.ok) {
      statusBox.textContent = "Failed after " + seconds + " s (HTTP " + response.status + ")";
      let problem;
      try { problem = JSON.parse(body); } catch (e) { problem = { title: "HTTP " + response.status, detail: body }; }
      showError(problem);
      return;
    }
    const type = (response.headers.get("Content-Type") || "").split(";")[0];
    let kind = "solutions", count = 0;
    if (type === "application/n-triples") {
      kind = "graph";
      const rows = parseNTriples(body);
      count = rows.length;
      render(["subject", "predicate", "object"], rows);
    } else {
      const data = JSON.parse(body);
      if ("boolean" in data) {
        kind = "boolean"; count = 1;
        render(["result"], [{ result: { type: "literal", value: String(data.boolean) } }]);
      } else {
        count = data.results.bindings.length;
        render(data.head.vars, data.results.bindings);
      }
    }
    const unit = kind === "graph" ? "triples" : kind === "boolean" ? "answer" : "rows";
    statusBox.textContent = count + " " + unit + " in " + seconds + " s";
    if (response.headers.get("X-Haitikg-Truncated") === "true") {
      const max = response.headers.get("X-Haitikg-Max-Rows") || "the";
      show(notice, "Results were cut at " + max + " " + unit + " by the endpoint's row limit. " +
        "Add LIMIT/OFFSET or narrow the query to see the rest.");
    }
    downloadLinks(query, kind === "graph" ? "graph" : "solutions");
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", root + "/query?" + new URLSearchParams({ query: editor.value }));
    run();
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); }
  });
  document.getElementById("add-prefixes").addEventListener("click", () => {
    const text = editor.value;
    const declared = new Set([...text.matchAll(/PREFIX\s+([\w-]*):/gi)].map((m) => m[1]));
    const lines = Object.entries(prefixes)
      .filter(([p]) => !declared.has(p) && new RegExp("(^|[^\\w:?$<-])" + p + ":").test(text))
      .map(([p, ns]) => "PREFIX " + p + ": <" + ns + ">");
    if (lines.length) editor.value = lines.join("\n") + "\n" + text;
    editor.focus();
  });
  if (new URLSearchParams(location.search).has("query") || form.dataset.autorun) run();
})();
