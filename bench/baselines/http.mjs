// Baseline (a): node:http answering every request with one fixed JSON body.
import { createServer } from "node:http";
import { Buffer } from "node:buffer";
import process from "node:process";

const body = JSON.stringify({ data: { me: { id: "00000000-0000-4000-8000-000000000000", username: "benchuser", name: "Bench User" } } });

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
