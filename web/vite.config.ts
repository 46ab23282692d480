import react from "@vitejs/plugin-react";
import { join } from "node:path";
import { defineConfig } from "vite";
import { graphqlDocuments } from "./vite-plugin-graphql-documents.ts";

/**
 * The web app. `npm run build` writes it to dist/web/, which `npm start` serves at `/`;
 * `npm run dev` serves it here with hot reload and proxies /graphql to the API on :4000,
 * so the browser sees one origin and the refresh cookie stays same-origin.
 */
const api = process.env.API_URL ?? "http://127.0.0.1:4000";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [graphqlDocuments(join(import.meta.dirname, "src")), react()],
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    // Hashed names under assets/: served with a year-long immutable cache.
    assetsDir: "assets",
    // The page's CSP has no 'unsafe-inline': nothing may be inlined into index.html.
    assetsInlineLimit: 0,
    // No source maps: the server keeps the whole app in memory, and the sources are public anyway.
    sourcemap: false,
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
    proxy: { "/graphql": { target: api, changeOrigin: false } },
  },
});
