import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateWebTypes } from "../../../scripts/codegen.js";

const root = join(import.meta.dirname, "../../..");

describe("the web app's generated documents (web/src/gql/)", () => {
  it("match the committed schema and every graphql() document (run `npm run codegen` after changing either)", async () => {
    const outputs = await generateWebTypes();
    expect(outputs.map((output) => output.filename).sort()).toEqual(
      ["fragment-masking.ts", "gql.ts", "graphql.ts", "index.ts"].map((name) => `web/src/gql/${name}`),
    );
    for (const { filename, content } of outputs) {
      expect(readFileSync(join(root, filename), "utf8"), `${filename} is stale`).toBe(content);
    }
  }, 60_000);
});
