import { Writable } from "node:stream";
import { UniqueConstraintViolationException } from "@mikro-orm/core";
import { describe, expect, it } from "vitest";
import { accessLogger, createLogger, serializeError } from "../../src/lib/logger.js";

const HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

function failedInsert() {
  const cause = Object.assign(new Error(`insert into users (password_hash) values ('${HASH}') - UNIQUE constraint failed`), {
    code: "SQLITE_CONSTRAINT_UNIQUE",
  });
  return new UniqueConstraintViolationException(cause);
}

describe("error logging", () => {
  it("logs a database error by kind and code, never its SQL with the parameters in it", () => {
    const error = failedInsert();
    expect(error.message).toContain(HASH); // what MikroORM hands over
    const serialized = serializeError(error);
    expect(JSON.stringify(serialized)).not.toContain(HASH);
    expect(serialized).toMatchObject({ type: "UniqueConstraintViolationException", code: "SQLITE_CONSTRAINT_UNIQUE" });
  });

  it("keeps the message and stack of any other error", () => {
    expect(serializeError(new TypeError("boom"))).toMatchObject({ type: "TypeError", message: "boom" });
  });

  it("applies to every `err` the logger writes", () => {
    let out = "";
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        out += chunk.toString();
        done();
      },
    });
    createLogger("info", sink).error({ err: failedInsert() }, "graphql.unexpected_error");
    expect(out).toContain("UniqueConstraintViolationException");
    expect(out).not.toContain(HASH);
  });
});

describe("the access logger", () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    return { lines, logger: createLogger("info", sink) };
  };

  it("writes the request line as given, and leaves its parent's redaction in place", () => {
    const { lines, logger } = capture();
    accessLogger(logger).info({ event: "http.request", method: "POST", path: "/graphql", status: 200, ms: 3 }, "http.request");
    logger.info({ event: "auth.test", password: "hunter2-hunter2", input: { refreshToken: "secret-token" } }, "auth.test");
    expect(lines[0]).toMatchObject({ event: "http.request", method: "POST", path: "/graphql", status: 200, ms: 3 });
    expect(JSON.stringify(lines[1])).not.toContain("hunter2");
    expect(JSON.stringify(lines[1])).not.toContain("secret-token");
  });
});
