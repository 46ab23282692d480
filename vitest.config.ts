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
    hookTimeout: 30_000,
  },
});
