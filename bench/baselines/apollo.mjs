// Baselines for the HTTP layer: Apollo Server (no plugins, no auth, no database) answering
// the same `me` query as baseline (b) from a fixed object, on one of three servers:
//   node-http  Apollo's executeHTTPGraphQLRequest on bare node:http (the integration's floor)
//   fastify    @as-integrations/fastify on Fastify 5 (what the project uses)
//   express5   @as-integrations/express5 on Express 5 (the alternative the issue names)
// Usage: node bench/baselines/apollo.mjs <server>; prints the port when listening.
import { createServer } from "node:http";
import { Buffer } from "node:buffer";
import process from "node:process";
import { URL } from "node:url";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { schema } from "./graphql-server.mjs";

const me = { id: "00000000-0000-4000-8000-000000000000", username: "benchuser", name: "Bench User" };
const kind = process.argv[2];
const apollo = new ApolloServer({ schema, rootValue: { me: () => me }, csrfPrevention: false });
await apollo.start();
const context = async () => ({});
const ready = (port) => process.stdout.write(`${port}\n`);

let close;
if (kind === "node-http") {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", async () => {
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString() || "null");
      } catch {
        res.writeHead(400).end();
        return;
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? "POST", headers, search: "", body },
        context,
      });
      const outHeaders = Object.fromEntries(result.headers);
      if (result.body.kind !== "complete") throw new Error("incremental delivery is not used here");
      res.writeHead(result.status ?? 200, outHeaders);
      res.end(result.body.string);
    });
  });
  server.listen(0, "127.0.0.1", () => ready(server.address().port));
  close = () => new Promise((resolve) => server.close(resolve));
} else if (kind === "fastify") {
  const { default: Fastify } = await import("fastify");
  const { fastifyApolloHandler } = await import("@as-integrations/fastify");
  const app = Fastify();
  app.route({ method: ["GET", "POST"], url: "/graphql", handler: fastifyApolloHandler(apollo, { context }) });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  ready(new URL(address).port);
  close = () => app.close();
} else if (kind === "express5") {
  const { default: express } = await import("express");
  const { expressMiddleware } = await import("@as-integrations/express5");
  const app = express();
  app.post("/graphql", express.json(), expressMiddleware(apollo, { context }));
  const server = app.listen(0, "127.0.0.1", () => ready(server.address().port));
  close = () => new Promise((resolve) => server.close(resolve));
} else {
  throw new Error("usage: apollo.mjs node-http|fastify|express5");
}
process.on("SIGTERM", () => close().then(() => process.exit(0)));
