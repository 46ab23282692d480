import { Writable } from "node:stream";
import { UniqueConstraintViolationException } from "@mikro-orm/core";
import { describe, expect, it } from "vitest";
import { createLogger, serializeError } from "../../src/logger.js";

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
