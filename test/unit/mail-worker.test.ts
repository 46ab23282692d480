import { Writable } from "node:stream";
import type { MikroORM } from "@mikro-orm/core";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { MailWorker } from "../../src/mail/mail-worker.js";

/** A worker whose database is away: every query fails. */
function workerWithoutDatabase() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: "info" },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  const away = () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { name: "ConnectionException" }));
  const em = { find: away, findOne: away, nativeUpdate: away, nativeDelete: away, transactional: away, fork: () => em };
  const worker = new MailWorker({
    orm: { em } as unknown as MikroORM,
    dialect: "sqlite",
    transport: { send: () => Promise.resolve(), close: () => {} },
    from: "no-reply@example.com",
    clock: { now: () => new Date() },
    logger,
    pollInterval: null,
  });
  return { worker, lines };
}

describe("MailWorker while the database is away", () => {
  it("logs the failure once, not once a poll, without the error's message", async () => {
    const { worker, lines } = workerWithoutDatabase();
    for (let poll = 0; poll < 5; poll++) await worker.tick();
    const failed = lines.filter((line) => line.event === "mail.worker.failed");
    expect(failed).toEqual([expect.objectContaining({ error: "ConnectionException", failedPolls: 1 })]);
    expect(JSON.stringify(lines)).not.toContain("ECONNREFUSED");
  });
});
