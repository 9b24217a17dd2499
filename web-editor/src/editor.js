// haitikg's SPARQL editor: CodeMirror 6 with SPARQL highlighting, completion of haitikg's
// prefixes, of the ontology's terms and of SPARQL keywords, and error marks at a position.
// Bundled by build.mjs into one file the query page loads from the server (no CDN).
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  StreamLanguage,
  syntaxHighlighting,
} from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";

const KEYWORDS = [
  "SELECT", "DISTINCT", "WHERE", "OPTIONAL", "FILTER", "UNION", "MINUS", "GRAPH", "BIND",
  "VALUES", "ORDER BY", "GROUP BY", "HAVING", "LIMIT", "OFFSET", "ASK", "CONSTRUCT",
  "DESCRIBE", "PREFIX", "BASE", "NOT EXISTS", "EXISTS", "COUNT", "SAMPLE", "GROUP_CONCAT",
  "STR", "LANG", "LANGMATCHES", "DATATYPE", "CONTAINS", "STRSTARTS", "REGEX", "YEAR",
  "COALESCE", "IF", "ASC", "DESC", "AS", "FROM", "NAMED",
];
const KIND_TYPE = { class: "class", property: "property", concept: "enum", individual: "constant" };
const LOCAL_NAME = /^[A-Za-z_][\w.-]*$/;

/** The prefixes a query declares itself: they win over the standard table. */
function declared(text) {
  const found = {};
  for (const m of text.matchAll(/PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>/gi)) {
    found[m[1] || ""] = m[2];
  }
  return found;
}

/** The terms under namespace ``ns`` as completion options ``prefix:local``. */
function termsIn(terms, prefix, ns) {
  const options = [];
  for (const term of terms) {
    if (!term.iri.startsWith(ns)) continue;
    const local = term.iri.slice(ns.length);
    if (!LOCAL_NAME.test(local)) continue;
    options.push({
      label: `${prefix}:${local}`,
      type: KIND_TYPE[term.kind] || "variable",
      detail: term.label || "",
      info: term.comment || undefined,
      boost: term.kind === "class" || term.kind === "property" ? 1 : 0,
    });
  }
  return options;
}

function completer(prefixes, terms) {
  return (context) => {
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    const table = { ...prefixes, ...declared(context.state.doc.toString()) };
    // PREFIX xx|  → whole declarations from the standard table.
    const decl = /\bPREFIX\s+([A-Za-z][\w.-]*)?:?$/i.exec(before);
    if (decl) {
      const typed = decl[1] || "";
      return {
        from: context.pos - typed.length - (before.endsWith(":") ? 1 : 0),
        options: Object.entries(prefixes).map(([p, ns]) => ({
          label: `${p}: <${ns}>`,
          type: "namespace",
          detail: "standard prefix",
        })),
      };
    }
    if (/<[^>\s]*$/.test(before)) return null; // inside an IRI
    // hkg:Dep|  → terms of the namespace the prefix names.
    const pname = /([A-Za-z][\w.-]*)?:([\w.-]*)$/.exec(before);
    if (pname) {
      const prefix = pname[1] || "";
      const ns = table[prefix];
      if (ns === undefined) return null;
      return {
        from: context.pos - pname[0].length,
        options: termsIn(terms, prefix, ns),
        validFor: /^[A-Za-z]?[\w.-]*:[\w.-]*$/,
      };
    }
    // a bare word  → prefixes (as "hkg:") and keywords.
    const word = context.matchBefore(/[A-Za-z][\w-]*/);
    if (!word && !context.explicit) return null;
    if (word && /[?$]$/.test(before.slice(0, before.length - word.text.length))) return null;
    const options = [
      ...Object.entries(table).map(([p, ns]) => ({
        label: `${p}:`,
        type: "namespace",
        detail: ns,
        boost: 2,
      })),
      ...KEYWORDS.map((k) => ({ label: k, type: "keyword" })),
    ];
    return { from: word ? word.from : context.pos, options, validFor: /^[A-Za-z][\w-]*$/ };
  };
}

const theme = EditorView.theme({
  "&": { border: "1px solid #b9c1cf", borderRadius: "4px", fontSize: "0.92rem", background: "#fff" },
  "&.cm-focused": { outline: "2px solid #0b5cad55" },
  ".cm-scroller": {
    fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
    minHeight: "14em",
    maxHeight: "32em",
    lineHeight: "1.45",
  },
  ".cm-tooltip-autocomplete ul li[aria-selected]": { background: "#0b5cad", color: "#fff" },
  ".cm-completionDetail": { color: "#5b6475", marginLeft: "0.6em", fontStyle: "normal" },
});

/**
 * Replace ``textarea`` with an editor that keeps it in sync (so the form still submits).
 * Options: ``prefixes`` {name: namespace IRI}, ``terms`` [{iri, label, kind, comment}],
 * ``onRun`` called on Ctrl/Cmd+Enter.
 */
export function create(textarea, { prefixes = {}, terms = [], onRun = null } = {}) {
  const run = () => {
    if (onRun) onRun();
    return true;
  };
  const state = EditorState.create({
    doc: textarea.value,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightActiveLine(),
      StreamLanguage.define(sparql),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      autocompletion({ override: [completer(prefixes, terms)], activateOnTyping: true }),
      lintGutter(),
      keymap.of([
        { key: "Mod-Enter", run },
        ...closeBracketsKeymap,
        ...defaultKeymap,
        ...historyKeymap,
        ...completionKeymap,
        indentWithTab,
      ]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) {
          textarea.value = update.state.doc.toString();
          update.view.dispatch(setDiagnostics(update.state, []));
        }
      }),
      EditorView.contentAttributes.of({ "aria-label": "SPARQL query", spellcheck: "false" }),
      theme,
    ],
  });
  const view = new EditorView({ state });
  textarea.hidden = true;
  textarea.insertAdjacentElement("afterend", view.dom);

  /** The document offset of a 1-based line and column, clamped to the text. */
  function offset(line, column) {
    const doc = view.state.doc;
    const l = doc.line(Math.min(Math.max(1, line), doc.lines));
    return Math.min(l.to, l.from + Math.max(0, column - 1));
  }

  return {
    view,
    get value() {
      return view.state.doc.toString();
    },
    set value(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    focus() {
      view.focus();
    },
    /** Put the cursor at a 1-based line and column and mark it with ``message``. */
    markError(line, column, message) {
      const from = offset(line, column);
      const to = Math.min(view.state.doc.length, from + 1);
      view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
      view.dispatch(setDiagnostics(view.state, [{ from, to, severity: "error", message }]));
      view.focus();
    },
    clearErrors() {
      view.dispatch(setDiagnostics(view.state, []));
    },
  };
}
