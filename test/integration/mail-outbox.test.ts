import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dialectOf } from "../../src/db/orm.js";
import { OutboxMail, OutboxStatus } from "../../src/entities/index.js";
import { claimDue } from "../../src/mail/outbox-store.js";
import { MailDisabledError, type MailMessage } from "../../src/mail/outbox.js";
import { onPostgres, sharedDatabase } from "../helpers/database.js";
import { parseMessage, partsOf, startSmtpServer, type TestSmtpServer } from "../helpers/smtp-server.js";
import { TestClock, createTestApp, stoppedAfterEach, type TestApp } from "../helpers/test-app.js";

let smtp: TestSmtpServer;
const dir = mkdtempSync(join(tmpdir(), "mail-outbox-"));
beforeAll(async () => {
  smtp = await startSmtpServer({ credentials: { user: "mailer", pass: "s3cret-pass" } });
});
afterAll(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  smtp.down = false;
  smtp.received.length = 0;
});

const start = stoppedAfterEach();
const withSmtp = (env: Record<string, string> = {}, options: Parameters<typeof createTestApp>[1] = {}) =>
  start({ SMTP_URL: smtp.url, MAIL_FROM: "Shop <no-reply@shop.example>", ...env }, options);

let seq = 0;
const message = (overrides: Partial<MailMessage> = {}): MailMessage => {
  seq += 1;
  return {
    to: `someone.${seq}@recipient.example`,
    subject: `Confirm your address ${seq}`,
    text: `Follow https://app.example/verify-email?token=secret-token-${seq}`,
    html: `<p><a href="https://app.example/verify-email?token=secret-token-${seq}">Confirm</a></p>`,
    ...overrides,
  };
};

/** Queues in a transaction of its own, as a flow does. */
async function enqueue(app: TestApp, mail: MailMessage = message()): Promise<OutboxMail> {
  return app.orm.em.fork().transactional(async (tx) => app.mail.outbox.enqueue(tx, mail));
}
const row = (app: TestApp, id: string) => app.orm.em.fork().findOneOrFail(OutboxMail, { id });
const tick = (app: TestApp) => app.mail.worker!.tick();
const eventsOf = (app: TestApp, event: string) => app.logs.filter((line) => line.event === event);


describe("the outbox", () => {
  it("delivers a queued message once, with its subject, text and html, over SMTP_URL (signed in)", async () => {
    const app = await withSmtp();
    const mail = message();
    const queued = await enqueue(app, mail);
    await tick(app);
    await tick(app);
    expect(smtp.received).toHaveLength(1);
    const [got] = smtp.received;
    expect(got!.to).toEqual([mail.to]);
    expect(got!.from).toBe("no-reply@shop.example");
    expect(got!.user).toBe("mailer");
    expect(got!.headers.get("subject")).toBe(mail.subject);
    expect(got!.headers.get("message-id")).toBe(`<${queued.id}@shop.example>`);
    expect(partsOf(got!.raw)).toEqual(new Map([["text/plain", mail.text], ["text/html", mail.html]]));
    expect(await row(app, queued.id)).toMatchObject({ status: OutboxStatus.SENT, attempts: 1, claimedUntil: null, sentAt: app.clock.now() });
    expect(eventsOf(app, "mail.sent")).toEqual([expect.objectContaining({ id: queued.id, recipientDomain: "recipient.example" })]);
    // Sent, its body (and the link in it) is gone from the database: link tokens live only as hashes.
    expect(await row(app, queued.id)).toMatchObject({ text: "", html: null });
  });

  it("leases each message when it claims it, so that slow sends never let another instance take the next one", async () => {
    const database = await sharedDatabase(dir, "slow");
    const clock = new TestClock();
    try {
      const a = await start({ DATABASE_URL: database.url, SMTP_URL: smtp.url }, { clock });
      const b = await start({ DATABASE_URL: database.url, SMTP_URL: smtp.url }, { clock });
      for (const subject of ["First", "Second"]) await enqueue(a, message({ subject }));
      // Each send takes 72 s of the 120 s lease, and the other instance polls meanwhile.
      let nested = false;
      smtp.beforeAccept = async () => {
        if (nested) return;
        nested = true;
        clock.advance(72);
        await tick(b);
        nested = false;
      };
      await tick(a);
      await tick(b);
      const subjects = smtp.received.map((mail) => mail.headers.get("subject")).sort();
      expect(subjects).toEqual(["First", "Second"]);
    } finally {
      smtp.beforeAccept = null;
      await start.stopAll();
      await database.drop();
    }
  });

  it("counts a send that takes longer than sendTimeout as failed, to be retried, before its lease could run out", async () => {
    const app = await withSmtp({}, { mailRetryPolicy: { sendTimeout: 0.2 } });
    const queued = await enqueue(app);
    let release!: () => void;
    smtp.beforeAccept = () => new Promise<void>((resolve) => (release = resolve));
    try {
      await tick(app);
      expect(await row(app, queued.id)).toMatchObject({ status: OutboxStatus.PENDING, claimedUntil: null, lastError: "ESENDTIMEOUT" });
    } finally {
      release?.();
      smtp.beforeAccept = null;
    }
  });

  it("is sent by the worker createApp starts, polling by itself", async () => {
    const app = await withSmtp({}, { mailPollInterval: 5 });
    const arrived = smtp.next();
    const mail = message();
    await enqueue(app, mail);
    expect((await arrived).headers.get("subject")).toBe(mail.subject);
  });

  it("retries after a failure with a doubling back-off, and delivers once when the server is back", async () => {
    const app = await withSmtp();
    smtp.down = true;
    const queued = await enqueue(app);
    await tick(app);
    expect(await row(app, queued.id)).toMatchObject({
      status: OutboxStatus.PENDING,
      attempts: 1,
      claimedUntil: null,
      nextAttemptAt: new Date(app.clock.now().getTime() + 5000),
    });
    expect((await row(app, queued.id)).lastError).toMatch(/^[A-Z0-9_]+( \d{3})?$/);
    app.clock.advance(5);
    await tick(app);
    expect(await row(app, queued.id)).toMatchObject({ attempts: 2, nextAttemptAt: new Date(app.clock.now().getTime() + 10_000) });

    smtp.down = false;
    app.clock.advance(9);
    await tick(app); // not due yet
    expect(smtp.received).toHaveLength(0);
    app.clock.advance(1);
    await tick(app);
    await tick(app);
    expect(smtp.received).toHaveLength(1);
    expect(await row(app, queued.id)).toMatchObject({ status: OutboxStatus.SENT, attempts: 3, lastError: null });
    expect(eventsOf(app, "mail.failed")).toHaveLength(2);
  });

  it("abandons at once a message whose recipient the mail server refuses for good (550 to RCPT TO)", async () => {
    const app = await withSmtp();
    const queued = await enqueue(app, message({ to: "nobody@recipient.example" }));
    await tick(app);
    expect(await row(app, queued.id)).toMatchObject({ status: OutboxStatus.ABANDONED, attempts: 1, lastError: "EENVELOPE 550" });
    expect(eventsOf(app, "mail.abandoned")).toEqual([expect.objectContaining({ id: queued.id, recipientDomain: "recipient.example" })]);
    // A refusal that may pass (the server down: 421) is still retried.
    smtp.down = true;
    const retried = await enqueue(app);
    await tick(app);
    expect((await row(app, retried.id)).status).toBe(OutboxStatus.PENDING);
  });

  it("gives up after 24 hours of failures: abandoned, with mail.abandoned naming the id and the recipient's domain only", async () => {
    const app = await withSmtp();
    smtp.down = true;
    const mail = message();
    const queued = await enqueue(app, mail);
    await tick(app);
    app.clock.advance(24 * 3600 - 1);
    await tick(app); // the second attempt, just inside the 24 hours: the next is 10 s later
    expect((await row(app, queued.id)).status).toBe(OutboxStatus.PENDING);
    app.clock.advance(10);
    await tick(app);
    expect(await row(app, queued.id)).toMatchObject({ status: OutboxStatus.ABANDONED, attempts: 3, claimedUntil: null });
    smtp.down = false;
    app.clock.advance(3600);
    await tick(app);
    expect(smtp.received).toHaveLength(0);
    const [abandoned] = eventsOf(app, "mail.abandoned");
    expect(abandoned).toMatchObject({ id: queued.id, recipientDomain: "recipient.example", attempts: 3 });
    const text = app.logText();
    for (const secret of [mail.to, mail.subject, "secret-token", "s3cret-pass"]) expect(text).not.toContain(secret);
  });

  it("sends, after a restart, a message a crashed worker had claimed but not sent, once its lease runs out", async () => {
    const database = await sharedDatabase(dir, "crash");
    const clock = new TestClock();
    try {
      const first = await createTestApp({ DATABASE_URL: database.url, SMTP_URL: smtp.url }, { clock });
      const queued = await enqueue(first);
      // The worker claims the row, then the process dies before the send.
      const now = clock.now();
      const claimed = await claimDue(first.orm.em.fork(), dialectOf(database.url), now, new Date(now.getTime() + 120_000), 10);
      expect(claimed.map((mail) => mail.id)).toEqual([queued.id]);
      await first.stop();

      const second = await start({ DATABASE_URL: database.url, SMTP_URL: smtp.url }, { clock });
      await tick(second);
      expect(smtp.received).toHaveLength(0); // the lease still holds
      clock.advance(120);
      await tick(second);
      await tick(second);
      expect(smtp.received).toHaveLength(1);
      expect(await row(second, queued.id)).toMatchObject({ status: OutboxStatus.SENT, attempts: 2 });
    } finally {
      await start.stopAll();
      await database.drop();
    }
  });

  it("abandons, unsent, a message that is past its give-up time when it is claimed (a worker crashing on it, every instance down)", async () => {
    const app = await withSmtp();
    const queued = await enqueue(app);
    // Claimed by a worker that died on it, again and again, for a day.
    const now = app.clock.now();
    await claimDue(app.orm.em.fork(), onPostgres() ? "postgres" : "sqlite", now, new Date(now.getTime() + 120_000), 1);
    app.clock.advance(24 * 3600);
    await tick(app);
    expect(smtp.received).toHaveLength(0);
    expect(await row(app, queued.id)).toMatchObject({ status: OutboxStatus.ABANDONED, lastError: "EXPIRED", text: "" });
    expect(eventsOf(app, "mail.abandoned")).toEqual([expect.objectContaining({ id: queued.id, reason: "EXPIRED" })]);
  });

  it("has two instances on one database send each of many messages exactly once", async () => {
    const database = await sharedDatabase(dir, "instances");
    const clock = new TestClock();
    try {
      const a = await start({ DATABASE_URL: database.url, SMTP_URL: smtp.url }, { clock });
      const b = await start({ DATABASE_URL: database.url, SMTP_URL: smtp.url }, { clock });
      const subjects = Array.from({ length: 30 }, (_, i) => `Message ${i}`);
      // One after the other: in one process, a transaction held open on a SQLite file would block the other app.
      for (const [i, subject] of subjects.entries()) await enqueue(i % 2 ? a : b, message({ subject }));
      const pending = () => a.orm.em.fork().count(OutboxMail, { status: OutboxStatus.PENDING });
      for (let round = 0; round < 10 && (await pending()) > 0; round++) await Promise.all([tick(a), tick(b)]);
      expect(smtp.received.map((mail) => mail.headers.get("subject")).sort()).toEqual([...subjects].sort());
      expect(eventsOf(a, "mail.sent").length + eventsOf(b, "mail.sent").length).toBe(subjects.length);
      // On PostgreSQL the two polls run side by side (SKIP LOCKED hands each its own rows); SQLite takes one writer at a time.
      if (onPostgres()) for (const app of [a, b]) expect(eventsOf(app, "mail.sent").length).toBeGreaterThan(0);
    } finally {
      await start.stopAll();
      await database.drop();
    }
  });

  it("prunes sent and abandoned messages after 7 days, and keeps the younger and the pending ones", async () => {
    const app = await withSmtp();
    const old = await enqueue(app);
    smtp.down = true;
    const oldAbandoned = await enqueue(app);
    await tick(app);
    app.clock.advance(24 * 3600);
    await tick(app);
    expect((await row(app, oldAbandoned.id)).status).toBe(OutboxStatus.ABANDONED);
    smtp.down = false;
    app.clock.advance(6 * 86_400 - 3600);
    const young = await enqueue(app);
    await tick(app);
    smtp.down = true;
    const pending = await enqueue(app);
    await tick(app);
    app.clock.advance(3601);
    await tick(app);
    const ids = (await app.orm.em.fork().find(OutboxMail, {})).map((mail) => mail.id).sort();
    expect(ids).toEqual([young.id, pending.id].sort());
    expect(old.id).not.toBe(young.id);
    expect(eventsOf(app, "mail.pruned").at(-1)).toMatchObject({ count: 2 });
  });

  it("writes a queued message as an .eml file without SMTP_URL outside production, logging only its path", async () => {
    const dataDir = mkdtempSync(join(dir, "data-"));
    const app = await start({ PUBLIC_URL: "https://shop.example" }, { dataDir });
    const mail = message();
    const queued = await enqueue(app, mail);
    await tick(app);
    const path = join(dataDir, "outbox", `${queued.id}.eml`);
    expect(statSync(join(dataDir, "outbox")).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const raw = readFileSync(path, "utf8");
    const { headers, body } = parseMessage(raw);
    expect(raw).not.toMatch(/[^\r]\n/); // CRLF line ends, as RFC 5322 has them
    expect(headers.get("from")).toBe("no-reply@shop.example");
    expect(headers.get("to")).toBe(mail.to);
    expect(headers.get("subject")).toBe(mail.subject);
    expect(headers.get("mime-version")).toBe("1.0");
    expect(headers.get("date")).toBeTruthy();
    expect(headers.get("message-id")).toBe(`<${queued.id}@shop.example>`);
    expect(body).toBeTruthy();
    expect(partsOf(raw)).toEqual(new Map([["text/plain", mail.text], ["text/html", mail.html]]));
    expect(await row(app, queued.id)).toMatchObject({ status: OutboxStatus.SENT });
    expect(eventsOf(app, "mail.written")).toEqual([expect.objectContaining({ level: 30, id: queued.id, path })]);
    for (const secret of [mail.to, mail.subject, "secret-token"]) expect(app.logText()).not.toContain(secret);
  });

  it("commits a queued message with the caller's transaction, and drops it with a rollback", async () => {
    const app = await withSmtp();
    const em = app.orm.em.fork();
    await expect(
      em.transactional(async (tx) => {
        app.mail.outbox.enqueue(tx, message({ subject: "Rolled back" }));
        await tx.flush(); // written, inside the transaction
        expect(await tx.count(OutboxMail, {})).toBe(1);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await app.orm.em.fork().count(OutboxMail, {})).toBe(0);
    await enqueue(app, message({ subject: "Committed" }));
    await tick(app);
    expect(smtp.received.map((mail) => mail.headers.get("subject"))).toEqual(["Committed"]);
  });

  it("refuses a recipient that is not one address and a subject of more than one line", async () => {
    const app = await withSmtp();
    const em = app.orm.em.fork();
    expect(() => app.mail.outbox.enqueue(em, message({ to: "a@example.com, b@example.com" }))).toThrow(TypeError);
    // A group, to an address parser: the mail would also go to the second address.
    expect(() => app.mail.outbox.enqueue(em, message({ to: "victim@example.com:attacker@evil.example" }))).toThrow(TypeError);
    expect(() => app.mail.outbox.enqueue(em, message({ to: '"x"@example.com' }))).toThrow(TypeError);
    expect(() => app.mail.outbox.enqueue(em, message({ subject: "Hi\r\nBcc: b@example.com" }))).toThrow(TypeError);
  });

  it("under MAIL=off runs no worker and refuses to queue anything", async () => {
    const app = await start({ MAIL: "off" });
    expect(app.mail.worker).toBeNull();
    expect(() => app.mail.outbox.enqueue(app.orm.em.fork(), message())).toThrow(MailDisabledError);
  });
});
