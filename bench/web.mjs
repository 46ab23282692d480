// The web app's figures for `npm run bench`: (a) the JavaScript a first visit loads before
// anything runs (the entry module and its modulepreloads in dist/web/index.html), gzipped
// at level 9 and brotli-compressed at quality 9 as this server compresses them (and the
// bytes it does send for them, read from its answers); (b) the catalogue's
// first contentful paint in headless Chromium over loopback, each visit in a fresh context
// (no cache, no cookie), from the Performance API. Figures and budgets are reported; speed
// is never asserted.
/* global fetch, document, performance, PerformanceObserver -- the last three in the functions that run in the page */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { URL } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const WEB_DIR = "dist/web";
export const JS_BUDGET_BYTES = 150 * 1024;
export const FCP_BUDGET_MS = 1000;
// As test/helpers/browser.ts launches it: nothing but the loopback server is talked to.
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** The entry `<script type="module" src>` and every `<link rel="modulepreload" href>` of index.html. */
export function initialScripts(html) {
  const attributes = (tag) => Object.fromEntries([...tag.matchAll(/([\w-]+)\s*=\s*"([^"]*)"/g)].map(([, name, value]) => [name, value]));
  const tags = [...html.matchAll(/<(script|link)\b[^>]*>/gi)].map(([tag, name]) => ({ name: name.toLowerCase(), ...attributes(tag) }));
  const entries = tags.filter((t) => t.name === "script" && t.type === "module" && t.src).map((t) => t.src);
  const preloads = tags.filter((t) => t.name === "link" && t.rel === "modulepreload" && t.href).map((t) => t.href);
  return [...new Set([...entries, ...preloads])];
}

/** (a): each initial script's size as built, gzipped (level 9) and brotli (quality 9, src/server/web-files.ts's), and their sums. */
export function initialJavaScript(dir = WEB_DIR) {
  const index = join(dir, "index.html");
  if (!existsSync(index)) throw new Error(`${index} is missing: the web app is not built (npm run build)`);
  const files = initialScripts(readFileSync(index, "utf8")).map((src) => {
    const bytes = readFileSync(join(dir, new URL(src, "http://app/").pathname));
    return {
      file: src,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
    };
  });
  const sum = (key) => files.reduce((total, f) => total + f[key], 0);
  return { files, raw: sum("raw"), gzip: sum("gzip"), brotli: sum("brotli"), budgetGzip: JS_BUDGET_BYTES };
}

function findChromium() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** One visit's paint timings, in ms from navigation start, measured in the page. */
async function visit(browser, origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    // The first product card on screen: the catalogue is not just painted but shown.
    const shown = await page.waitForFunction(() => document.querySelector("main li") && performance.now(), null, { polling: "raf", timeout: 30_000 });
    const fcp = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const entry = performance.getEntriesByName("first-contentful-paint")[0];
          if (entry) return resolve(entry.startTime);
          new PerformanceObserver((list) => resolve(list.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null)).observe({ type: "paint", buffered: true });
        }),
    );
    return { fcp, shown: await shown.jsonValue() };
  } finally {
    await context.close();
  }
}

/** (b): the catalogue's first contentful paint over `runs` fresh contexts, after one visit not counted. */
export async function firstContentfulPaint(origin, runs) {
  const executablePath = findChromium();
  if (!executablePath) return { skipped: "no Chromium: apt-get install -y chromium, or set CHROMIUM_PATH" };
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    await visit(browser, origin); // the browser's own start-up, not the page's
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await visit(browser, origin));
    const summary = (key) => {
      const sorted = samples.map((s) => s[key]).filter((v) => typeof v === "number").sort((a, b) => a - b);
      return sorted.length ? { median: percentile(sorted, 50), p90: percentile(sorted, 90), min: sorted[0], max: sorted.at(-1) } : null;
    };
    return { runs, browser: `Chromium ${browser.version()}`, fcpMs: summary("fcp"), catalogueShownMs: summary("shown"), budgetMs: FCP_BUDGET_MS };
  } finally {
    await browser.close();
  }
}

/** What the server sends for the initial scripts when the browser takes `encoding`: the sum of Content-Length. */
async function servedBytes(origin, files, encoding) {
  let total = 0;
  for (const { file } of files) {
    const response = await fetch(new URL(file, origin), { headers: { "accept-encoding": encoding } });
    await response.arrayBuffer();
    if (!response.ok) return null;
    // A file too small to gain from compression is sent as it is: its bytes count as sent.
    const sent = response.headers.get("content-encoding") ?? "identity";
    if (sent !== encoding && sent !== "identity") return null;
    total += Number(response.headers.get("content-length"));
  }
  return total;
}

export async function measureWeb(origin, { runs }) {
  const initialJs = initialJavaScript();
  initialJs.served = { gzip: await servedBytes(origin, initialJs.files, "gzip"), br: await servedBytes(origin, initialJs.files, "br") };
  return { initialJs, paint: await firstContentfulPaint(origin, runs) };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => (value === undefined || value === null ? "-" : `${Math.round(value)} ms`);
const within = (ok) => (ok ? "within budget" : "OVER BUDGET");

/** The web section of the printed report. */
export function webTable(web) {
  const { initialJs: js, paint } = web;
  const lines = [
    "web app",
    `initial JavaScript (${js.files.length} file${js.files.length === 1 ? "" : "s"}): ${kb(js.raw)} as built, ${kb(js.gzip)} gzip -9, ${kb(js.brotli)} brotli -q 9; budget ${kb(js.budgetGzip)} gzipped: ${within(js.gzip <= js.budgetGzip)}`,
    `  as the server sends them: ${js.served?.gzip ? kb(js.served.gzip) : "-"} gzip, ${js.served?.br ? kb(js.served.br) : "-"} br`,
    ...js.files.map((f) => `  ${f.file}: ${kb(f.raw)}, ${kb(f.gzip)} gzip, ${kb(f.brotli)} brotli`),
  ];
  if (paint.skipped) {
    lines.push(`catalogue first contentful paint: skipped (${paint.skipped})`);
  } else {
    const { fcpMs: fcp, catalogueShownMs: shown } = paint;
    lines.push(
      `catalogue first contentful paint (${paint.runs} fresh contexts, ${paint.browser}, loopback): median ${ms(fcp?.median)}, p90 ${ms(fcp?.p90)} ` +
        `(min ${ms(fcp?.min)}, max ${ms(fcp?.max)}); budget ${ms(paint.budgetMs)}: ${fcp ? within(fcp.p90 <= paint.budgetMs) : "no paint entry"}`,
      `catalogue's first product on screen: median ${ms(shown?.median)}, p90 ${ms(shown?.p90)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
