// Bundle src/editor.js and the pinned CodeMirror packages into one minified file served by
// haitikg (src/haitikg/web/static/editor/), with the licences of everything bundled.
//
//     cd web-editor && npm ci && npm run build
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "haitikg", "web", "static", "editor");
mkdirSync(out, { recursive: true });

// The sources the bundle is made from, hashed into its first line, so a test can tell a
// bundle that was not rebuilt after a change (tests/web/test_editor_bundle.py).
const sources = ["package-lock.json", "build.mjs", ...readdirSync(join(here, "src")).sort().map((f) => `src/${f}`)];
const digest = createHash("sha256");
for (const file of sources) digest.update(readFileSync(join(here, file)));
const stamp = `/* haitikg-editor: web-editor/ built by build.mjs; sources sha256:${digest.digest("hex")} */`;

const result = await build({
  entryPoints: [join(here, "src", "editor.js")],
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "HaitikgEditor",
  target: ["es2020"],
  outfile: join(out, "haitikg-editor.js"),
  legalComments: "none",
  banner: { js: stamp },
  metafile: true,
  logLevel: "info",
});

// One licence notice per bundled package, named with its exact version.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packages.add(m[1]);
}
const notices = [...packages].sort().map((name) => {
  const dir = join(here, "node_modules", name);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  const text = file ? readFileSync(join(dir, file), "utf8").trim() : `License: ${meta.license}`;
  return `${name}@${meta.version} (${meta.license})\n\n${text}\n`;
});
writeFileSync(
  join(out, "THIRD-PARTY-LICENSES.txt"),
  "haitikg-editor.js bundles these packages (built by web-editor/build.mjs):\n\n" +
    notices.join("\n" + "-".repeat(72) + "\n\n"),
);
console.log(`bundled ${packages.size} packages: ${[...packages].sort().join(", ")}`);
