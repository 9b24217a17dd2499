// A light HTTP load generator for the benchmarks (Node's keep-alive client costs far less
// CPU per request than a Python one, so on a small machine the server gets the cores).
//
//   node bench/loadgen.mjs URL QUERIES.json CLIENTS SECONDS [cold]
//
// QUERIES.json is a list of SPARQL texts. Each client sends them in turn (each client
// starts at its own offset) as POST application/x-www-form-urlencoded, accepting SPARQL
// JSON or Turtle. "cold" appends a comment unique to each request (and to this run: a
// counter alone would repeat the last run's comments), so no answer can come from a cache.
// Prints one JSON line: requests, errors, seconds, p50/p99 milliseconds.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";

const [url, file, clientsArg, secondsArg, mode] = process.argv.slice(2);
const queries = JSON.parse(readFileSync(file, "utf8"));
const clients = Number(clientsArg);
const seconds = Number(secondsArg);
const cold = mode === "cold";
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
const latencies = [];
let errors = 0;
let counter = 0;
const run = randomUUID();

function send(query) {
  const body = "query=" + encodeURIComponent(query);
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: "POST",
        agent,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
          Accept: ACCEPT,
        },
      },
      (response) => {
        response.on("data", () => {});
        response.on("end", () => resolve(response.statusCode));
      },
    );
    request.on("error", () => resolve(0));
    request.end(body);
  });
}

async function client(offset, stop) {
  let i = offset;
  while (performance.now() < stop) {
    let query = queries[i % queries.length];
    i += 1;
    if (cold) query += `\n# request ${run} ${counter++} ${offset}`;
    const began = performance.now();
    const status = await send(query);
    latencies.push(performance.now() - began);
    if (status !== 200) errors += 1;
  }
}

const began = performance.now();
const stop = began + seconds * 1000;
await Promise.all(Array.from({ length: clients }, (_, k) => client(k, stop)));
const wall = (performance.now() - began) / 1000;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] || 0;
console.log(JSON.stringify({
  requests: latencies.length, errors, seconds: wall,
  qps: latencies.length / wall, p50: at(0.5), p99: at(0.99),
}));
agent.destroy();
