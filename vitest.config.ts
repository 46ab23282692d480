import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // graphql ships ESM and CJS builds; loading both breaks type-graphql's instanceof checks.
    alias: { graphql: "graphql/index.js" },
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["reflect-metadata"],
    testTimeout: 20_000,
    // CI asks for a machine-readable report beside the usual output.
    ...(process.env.VITEST_JSON_REPORT
      ? { reporters: ["default", "json"], outputFile: { json: process.env.VITEST_JSON_REPORT } }
      : {}),
    hookTimeout: 30_000,
  },
});
