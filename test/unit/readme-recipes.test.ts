import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The README's "Using it from a front end" shows the client recipes of examples/clients,
 * each file whole in a ```ts block, so what front-end developers copy is what the tests run.
 */

const root = join(import.meta.dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const clients = join(root, "examples/clients");
const files = readdirSync(clients).filter((name) => name.endsWith(".ts"));

function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) return "";
  const end = readme.indexOf("\n## ", start + heading.length + 2);
  return readme.slice(start, end < 0 ? undefined : end);
}

const frontEnd = section("## Using it from a front end");
const tsBlocks = [...frontEnd.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

describe('README "Using it from a front end"', () => {
  it("exists, and there are recipes to show", () => {
    expect(frontEnd).not.toBe("");
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("shows examples/clients/%s verbatim, under its name", (name) => {
    const source = readFileSync(join(clients, name), "utf8");
    expect(tsBlocks).toContain(source);
    // Named just above its block, so a reader knows which file it is.
    const block = frontEnd.indexOf("```ts\n" + source);
    expect(frontEnd.slice(Math.max(0, block - 200), block)).toContain(`examples/clients/${name}`);
  });

  it("maps every custom scalar of schema.graphql in its codegen.ts (strictScalars fails on one missing)", () => {
    const codegen = tsBlocks.find((block) => block.includes('preset: "client"'));
    expect(codegen).toBeDefined();
    expect(codegen).toContain('schema: "schema.graphql"');
    expect(codegen).toContain("strictScalars: true");
    const scalars = [...readFileSync(join(root, "schema.graphql"), "utf8").matchAll(/^scalar (\w+)/gm)].map((m) => m[1]!);
    expect(scalars).toContain("DateTimeISO");
    for (const scalar of scalars) expect(codegen).toMatch(new RegExp(`\\b${scalar}: "`));
  });

  it("says what every refusal reason means for a client", () => {
    const reasons = [
      "TOKEN_EXPIRED",
      "TOKEN_INVALID",
      "TOKEN_REVOKED",
      "NO_TOKEN",
      "REFRESH_TOKEN_INVALID",
      "REFRESH_TOKEN_REUSED",
      "SESSION_EXPIRED",
      "SESSION_REVOKED",
      "CROSS_SITE_REQUEST",
    ];
    const rows = frontEnd.split("\n").filter((line) => line.startsWith("| `"));
    for (const reason of reasons) expect(rows.some((row) => row.startsWith(`| \`${reason}\``))).toBe(true);
  });
});
