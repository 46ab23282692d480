// The shared part of baselines (b) and (c): graphql-js over node:http, with documents
// parsed and validated once per distinct query string.
import { createServer } from "node:http";
import { Buffer } from "node:buffer";
import process from "node:process";
import { buildSchema, execute, parse, validate } from "graphql";

export const schema = buildSchema(`
  type User { id: ID! username: String! name: String }
  type Query { me: User }
`);

const documents = new Map();

function documentFor(query) {
  let entry = documents.get(query);
  if (!entry) {
    try {
      const document = parse(query);
      entry = { document, errors: validate(schema, document) };
    } catch (error) {
      entry = { errors: [error] };
    }
    documents.set(query, entry);
  }
  return entry;
}

/** Serves POST JSON GraphQL; `contextFor(req)` returns the context or throws to answer 401. */
export function serve({ rootValue, contextFor = () => ({}) }) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", async () => {
      let status = 200;
      let payload;
      try {
        const { query, variables } = JSON.parse(Buffer.concat(chunks).toString());
        const { document, errors } = documentFor(query);
        if (errors.length > 0) {
          status = 400;
          payload = { errors: errors.map((error) => ({ message: error.message })) };
        } else {
          const contextValue = contextFor(req);
          const result = await execute({ schema, document, rootValue, contextValue, variableValues: variables });
          payload = { data: result.data, ...(result.errors ? { errors: result.errors.map((e) => ({ message: e.message })) } : {}) };
        }
      } catch (error) {
        status = error.status ?? 400;
        payload = { errors: [{ message: error.message }] };
      }
      const body = JSON.stringify(payload);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
  return server;
}
