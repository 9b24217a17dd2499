// The query page: runs SPARQL through /sparql (its worker pool, time and row limits),
// shows the results as a table. Everything from the data is set with textContent.
(function () {
  "use strict";
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query");
  const statusBox = document.getElementById("status");
  const notice = document.getElementById("notice");
  const errorBox = document.getElementById("error");
  const links = document.getElementById("links");
  const table = document.getElementById("results");
  const endpoint = form.dataset.endpoint;
  const publicBase = form.dataset.publicBase;
  const root = form.dataset.root;
  const prefixes = JSON.parse(document.getElementById("prefixes").textContent);

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

  function render(vars, rows) {
    const head = table.tHead, body = table.tBodies[0];
    head.replaceChildren(); body.replaceChildren();
    const tr = el("tr");
    for (const v of vars) tr.appendChild(el("th", v));
    head.appendChild(tr);
    for (const row of rows) {
      const r = el("tr");
      for (const v of vars) r.appendChild(cell(row[v]));
      body.appendChild(r);
    }
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

  function showError(problem) {
    let text = (problem.title || "Error") + ": " + (problem.detail || "");
    const at = /at (\d+):(\d+)/.exec(problem.detail || "");
    if (at) {
      const line = Number(at[1]), column = Number(at[2]);
      text += "\n(line " + line + ", column " + column + ")";
      const lines = editor.value.split("\n");
      let offset = 0;
      for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
      offset += Math.max(0, column - 1);
      editor.focus();
      editor.setSelectionRange(offset, Math.min(editor.value.length, offset + 1));
    }
    show(errorBox, text);
  }

  async function run() {
    const query = editor.value;
    show(errorBox, ""); show(notice, ""); links.hidden = true; table.hidden = true;
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
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); }
  });
  document.getElementById("add-prefixes").addEventListener("click", () => {
    const declared = new Set([...editor.value.matchAll(/PREFIX\s+([\w-]*):/gi)].map((m) => m[1]));
    const lines = Object.entries(prefixes)
      .filter(([p]) => !declared.has(p))
      .map(([p, ns]) => "PREFIX " + p + ": <" + ns + ">");
    if (lines.length) editor.value = lines.join("\n") + "\n" + editor.value;
    editor.focus();
  });
  if (new URLSearchParams(location.search).has("query") || form.dataset.autorun) run();
})();
