import { describe, expect, it } from "vitest";
import { describeStartFailure } from "../../src/server/start-failure.js";

const config = { host: "127.0.0.1", port: 4000, databaseUrl: "postgres://app:s3cret@db.internal:5432/shop" };
const sqlite = { ...config, databaseUrl: "sqlite:./data/app.sqlite" };
const error = (fields: Record<string, unknown>, message = "boom") => Object.assign(new Error(message), fields);

describe("describeStartFailure", () => {
  it.each([
    ["the port in use", error({ code: "EADDRINUSE", syscall: "listen" }), config, "port 4000 on 127.0.0.1 is already in use (PORT, HOST)"],
    ["a privileged port", error({ code: "EACCES", syscall: "listen" }), config, "not allowed to listen on port 4000 (PORT: below 1024 needs privileges)"],
    ["a host not of this machine", error({ code: "EADDRNOTAVAIL" }), config, "127.0.0.1 is not an address of this machine (HOST)"],
    ["the database not answering", error({ code: "ECONNREFUSED" }), config, "the database at db.internal:5432/shop does not answer (DATABASE_URL)"],
    ["every address refused (AggregateError)", new AggregateError([error({ code: "ECONNREFUSED" })], "x"), config, "the database at db.internal:5432/shop does not answer (DATABASE_URL)"],
    ["an unknown database host", error({ code: "ENOTFOUND" }), config, "the database host of db.internal:5432/shop is not found (DATABASE_URL)"],
    ["a wrong password", error({ code: "28P01" }), config, "the database at db.internal:5432/shop refused the user or password (DATABASE_URL)"],
    ["an unknown role", error({ code: "28000" }), config, "the database at db.internal:5432/shop refused the user or password (DATABASE_URL)"],
    ["a SQLite file that cannot be made", error({ code: "EEXIST" }), sqlite, "cannot open or create the SQLite database ./data/app.sqlite (DATABASE_URL)"],
    ["anything else: its first line", error({}, "first line\n    at somewhere (file.ts:1:1)"), config, "first line (LOG_LEVEL=debug logs the details)"],
  ])("names %s in one line", (_what, failure, given, line) => {
    const text = describeStartFailure(failure, given);
    expect(text).toBe(line);
    expect(text).not.toContain("s3cret");
  });
});
