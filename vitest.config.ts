import { defineConfig } from "vitest/config";

/**
 * Three runs: everything on SQLite; the browser tests (test/e2e) on the built app; and the
 * integration suite again on PostgreSQL when TEST_DATABASE_URL names a server (each test app
 * gets a database of its own there). Under CI=true the PostgreSQL run is required, and so is
 * Chromium for the browser tests.
 */
const postgres = process.env.TEST_DATABASE_URL;
if (!postgres && process.env.CI) {
  throw new Error("CI needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) for the PostgreSQL run");
}
if (!postgres) {
  console.warn(
    "PostgreSQL run skipped: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres to run the integration suite on PostgreSQL too",
  );
}

export default defineConfig({
  resolve: {
    // graphql ships ESM and CJS builds; loading both breaks type-graphql's instanceof checks.
    alias: { graphql: "graphql/index.js" },
  },
  test: {
    setupFiles: ["reflect-metadata"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // CI asks for a machine-readable report beside the usual output.
    ...(process.env.VITEST_JSON_REPORT
      ? { reporters: ["default", "json"], outputFile: { json: process.env.VITEST_JSON_REPORT } }
      : {}),
    projects: [
      {
        extends: true as const,
        // Two processes sharing one database: PostgreSQL's run only.
        test: {
          name: "sqlite",
          include: ["test/**/*.test.ts"],
          exclude: ["test/integration/multi-instance.test.ts", "test/e2e/**"],
        },
      },
      {
        extends: true as const,
        // The built app (npm run build, once) in headless Chromium against the built server.
        // One file at a time: each drives a browser and a server, on a machine of 2 cores.
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/support/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                include: ["test/integration/**/*.test.ts"],
                // SQLite files by design: the processes, the CLI and the SQLite pragmas.
                exclude: ["test/integration/process.test.ts", "test/integration/cli.test.ts", "test/integration/deployment.test.ts"],
                env: { TEST_DIALECT: "postgres" },
              },
            },
          ]
        : []),
    ],
  },
});
