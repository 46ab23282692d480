import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The shape of the house (README, "The code"): each folder holds one kind of thing, lib/
 * imports nothing of the project, nothing below server/ knows about HTTP, and no module
 * imports itself round a circle.
 */

const root = join(import.meta.dirname, "../..");
const src = join(root, "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every relative import of a file (type-only imports included: they shape the layers too), as absolute .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)\.js["']/g)];
  return found.map((match) => resolve(dirname(file), `${match[1]}.ts`));
}

const files = sources(src);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const name = (file: string) => relative(src, file);
const folder = (file: string) => name(file).split("/")[0]!;

describe("the layout of src/", () => {
  it("has no import cycle", () => {
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...path.slice(path.indexOf(file)), file].map(name).join(" -> "));
        return;
      }
      state.set(file, "visiting");
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it("has no cycle between folders either: each layer imports only the ones below it", () => {
    // The entry (index.ts), the wiring (app.ts) and the commands (cli/) stand above the layers.
    const top = new Set(["index.ts", "app.ts", "cli"]);
    const edges = new Map<string, Set<string>>();
    for (const [file, targets] of graph) {
      if (top.has(folder(file))) continue;
      for (const target of targets) {
        if (folder(target) === folder(file)) continue;
        if (!edges.has(folder(file))) edges.set(folder(file), new Set());
        edges.get(folder(file))!.add(folder(target));
      }
    }
    const cycles: string[] = [];
    const reach = (from: string, to: string, seen = new Set<string>()): boolean =>
      [...(edges.get(from) ?? [])].some((next) => next === to || (!seen.has(next) && (seen.add(next), reach(next, to, seen))));
    for (const [from, targets] of edges) for (const to of targets) if (reach(to, from)) cycles.push(`${from} -> ${to}`);
    expect(cycles).toEqual([]);
  });

  it("keeps lib/ free of project imports", () => {
    const offenders = files
      .filter((file) => folder(file) === "lib")
      .flatMap((file) => (graph.get(file) ?? []).filter((target) => folder(target) !== "lib").map((t) => `${name(file)} -> ${name(t)}`));
    expect(offenders).toEqual([]);
  });

  it("lets nothing below server/ import the HTTP layer (server/, fastify, Apollo's integration)", () => {
    const below = files.filter((file) => !["server", "index.ts", "app.ts", "cli"].includes(folder(file)));
    const offenders = below.flatMap((file) => {
      const text = readFileSync(file, "utf8");
      const http = /from "(fastify|@fastify\/[^"]+|@as-integrations\/[^"]+)"/.test(text) ? [`${name(file)} -> fastify`] : [];
      const server = (graph.get(file) ?? []).filter((target) => folder(target) === "server").map((t) => `${name(file)} -> ${name(t)}`);
      return [...http, ...server];
    });
    expect(offenders).toEqual([]);
  });

  it("has only the folders the README's map names", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const folders = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const unmapped = folders.filter((f) => !readme.includes(`src/${f}/`));
    expect(unmapped).toEqual([]);
    // And no loose file at the top but the entry and the wiring.
    const loose = readdirSync(src, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    expect(loose.sort()).toEqual(["app.ts", "index.ts"]);
  });
});
