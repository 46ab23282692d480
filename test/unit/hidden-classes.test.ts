import { EventEmitter } from "node:events";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import v8 from "node:v8";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { directGraphQL } from "../../src/server/graphql-endpoint.js";
import { createLogger } from "../../src/lib/logger.js";

/**
 * On Node 20 (V8 11.3) an object literal with a spread followed by another key gets a new
 * hidden class (map) for every object once its site is warm, and every such object is
 * promoted to the old generation with its map (BENCHMARKS.md, Memory). The objects a
 * request builds on the hot path must keep one map from request to request: ours (the lint
 * rule in eslint.config.js) and Apollo's (bin/patch-dependencies.cjs).
 */

v8.setFlagsFromString("--allow-natives-syntax");
// Compiled after the flag is set, so that V8's own test helper parses.
const haveSameMap = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;

/** Past the first few objects, where V8's caches are still warming up: the last two built. */
const WARM = 40;
const lastTwo = <T>(objects: T[]): [T, T] => [objects.at(-2)!, objects.at(-1)!];

const require = createRequire(import.meta.url);
type Patch = { file: string; edits: [string, string][] };
const { PATCHES, patchText, patchDependencies } = require("../../bin/patch-dependencies.cjs") as {
  PATCHES: Patch[];
  patchText: (text: string, edits: [string, string][]) => { text: string; state: string };
  patchDependencies: (root: string, patches?: Patch[]) => { file: string; state: string; reason?: string }[];
};

describe("hidden classes of per-request objects", () => {
  // Node 20's V8 (11.x); a later one may share the map, and then the rule and the patch can go.
  it.runIf(process.versions.v8.startsWith("11."))("this V8 (11.x, Node 20's) gives every warm { ...a, b } a map of its own (the reason for the rule and the patch)", () => {
    const source = () => ({ status: 200, headers: {} });
    const spread = Array.from({ length: WARM }, () => ({ ...source(), body: "" }));
    const assigned = Array.from({ length: WARM }, () => Object.assign({}, source(), { body: "" }));
    expect(haveSameMap(...lastTwo(spread)), "if this V8 shares the map, the rule and the patch can go").toBe(false);
    expect(haveSameMap(...lastTwo(assigned))).toBe(true);
  });

  it("keeps one map for the direct door's response headers", async () => {
    const silent = createLogger("silent");
    const handle = directGraphQL({
      respond: async () => ({ status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body: '{"data":{}}' }),
      access: silent,
      logger: silent,
      bodyLimit: 1000,
      cors: false,
      trustProxy: false,
    });
    const written: object[] = [];
    for (let i = 0; i < WARM; i++) {
      const req = Object.assign(new EventEmitter(), {
        method: "GET",
        url: "/graphql?query=%7B__typename%7D",
        headers: { host: "127.0.0.1" },
        socket: { remoteAddress: "127.0.0.1" },
      });
      await new Promise<void>((resolve) => {
        const res = { once: () => res, writeHead: (_status: number, headers: object) => written.push(headers), end: () => resolve() };
        expect(handle(req as never, res as never)).toBe(true);
      });
    }
    expect(written).toHaveLength(WARM);
    expect(haveSameMap(...lastTwo(written))).toBe(true);
  });

  it("keeps one map for what Apollo builds per request", async () => {
    const schema = buildSchema("type Query { hello: String }");
    const apollo = new ApolloServer({ schema, rootValue: { hello: () => "world" } });
    await apollo.start();
    try {
      const http: object[] = [];
      const results: object[] = [];
      for (let i = 0; i < WARM; i++) {
        const headers = new HeaderMap([["content-type", "application/json"]]);
        http.push(await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: { method: "POST", headers, search: "", body: { query: "{ hello }" } }, context: async () => ({}) }));
        const { body } = await apollo.executeOperation({ query: "{ hello }" });
        results.push((body as { singleResult: object }).singleResult);
      }
      expect(haveSameMap(...lastTwo(http)), "runHttpQuery.js: the HTTP response").toBe(true);
      expect(haveSameMap(...lastTwo(results)), "requestPipeline.js: the single result").toBe(true);
    } finally {
      await apollo.stop();
    }
  });
});

describe("bin/patch-dependencies.cjs", () => {
  const edits: [string, string][] = [
    ["return { ...a, b };", "return Object.assign({}, a, { b });"],
    ["x = { ...c, d };", "x = Object.assign({}, c, { d });"],
  ];

  it("applies every edit of a file, once", () => {
    const patched = patchText("function f() { return { ...a, b }; }\nx = { ...c, d };\n", edits);
    expect(patched.state).toBe("patched");
    expect(patched.text).toBe("function f() { return Object.assign({}, a, { b }); }\nx = Object.assign({}, c, { d });\n");
    expect(patchText(patched.text, edits)).toEqual({ text: patched.text, state: "already" });
  });

  it("leaves a file alone unless every edit's text is there exactly once", () => {
    for (const text of ["function f() { return { ...a, b }; }\n", "return { ...a, b };return { ...a, b };x = { ...c, d };"]) {
      expect(patchText(text, edits)).toEqual({ text, state: "unrecognised" });
    }
  });

  it("patches a package hoisted to a parent's node_modules, and reports, not throws, what it cannot read", () => {
    const top = mkdtempSync(join(tmpdir(), "patch-"));
    try {
      const app = join(top, "apps", "api");
      mkdirSync(join(top, "node_modules", "pkg"), { recursive: true });
      mkdirSync(join(app, "node_modules", "other", "file.js"), { recursive: true }); // a directory, not a file
      writeFileSync(join(top, "node_modules", "pkg", "file.js"), "x = { ...c, d };\n");
      const patches: Patch[] = [
        { file: "pkg/file.js", edits: [edits[1]!] },
        { file: "other/file.js", edits: [edits[1]!] },
        { file: "absent/file.js", edits: [edits[1]!] },
      ];
      const states = patchDependencies(app, patches);
      expect(states.map((s) => s.state)).toEqual(["patched", "failed", "missing"]);
      expect(states[1]!.reason).toMatch(/EISDIR/);
      expect(readFileSync(join(top, "node_modules", "pkg", "file.js"), "utf8")).toBe("x = Object.assign({}, c, { d });\n");
      expect(readdirSync(join(top, "node_modules", "pkg"))).toEqual(["file.js"]); // no temporary file left
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });

  it("has patched the installed @apollo/server (npm install runs it)", () => {
    const nodeModules = join(import.meta.dirname, "../../node_modules");
    for (const { file, edits: fileEdits } of PATCHES) {
      const text = readFileSync(join(nodeModules, file), "utf8");
      expect(patchText(text, fileEdits).state, `${file} is not patched: npm install runs the patch; after an upgrade, update its edits`).toBe("already");
    }
  });
});
