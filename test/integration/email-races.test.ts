import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { LinkToken, OutboxMail, OutboxStatus, User } from "../../src/entities/index.js";
import { PASSWORD, registerUser } from "../helpers/factories.js";
import { sharedDatabase } from "../helpers/database.js";
import { REQUEST_RESET, REQUEST_VERIFICATION, VERIFY, deliver, linkIn, verifiedUser } from "../helpers/email-flows.js";
import { gql } from "../helpers/gql.js";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtp-server.js";
import { TestClock, stoppedAfterEach, type TestApp } from "../helpers/test-app.js";
import { startTimedClient } from "../helpers/timed-client.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The e-mail flows under pressure: two verifications of one address at once, what the
 * answer's timing tells, and a restart between the commit that queued a message and its send.
 */

const PUBLIC_URL = "http://shop.test";
let smtp: TestSmtpServer;
const dir = mkdtempSync(join(tmpdir(), "email-races-"));
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});
const startApp = stoppedAfterEach();
afterEach(() => {
  smtp.received.length = 0;
});
function start(env: Record<string, string> = {}, options: Parameters<typeof startApp>[1] = {}): Promise<TestApp> {
  return startApp({ SMTP_URL: smtp.url, PUBLIC_URL, ...env }, options);
}

describe("two accounts verifying one address at once", () => {
  it("lets exactly one win; the other is BAD_USER_INPUT EMAIL_TAKEN and its link stays unused", async () => {
    const app = await start();
    const email = "shared@example.com";
    const accounts = [await registerUser(app, { email }), await registerUser(app, { email })];
    const tokens: string[] = [];
    for (const account of accounts) {
      await gql(app.url, REQUEST_VERIFICATION, {}, { token: account.accessToken });
      const [mail] = await deliver(app, smtp);
      tokens.push(linkIn(mail!, "verify-email", PUBLIC_URL).token);
    }
    const answers = await Promise.all(tokens.map((token) => gql(app.url, VERIFY, { token })));
    const won = answers.filter((a) => a.body.data?.verifyEmail === true);
    const lost = answers.filter((a) => a.body.errors);
    expect(won, JSON.stringify(answers.map((a) => a.body))).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "EMAIL_TAKEN" });
    const em = app.orm.em.fork();
    expect(await em.count(User, { email, emailVerified: true })).toBe(1);
    // The loser's change rolled back whole: its link was not used up.
    expect(await em.count(LinkToken, { usedAt: null })).toBe(1);
  });
});

/** The median of `values`, in ms. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

describe("requestPasswordReset's timing", () => {
  it("answers a verified address's request as fast as an unknown one's (medians within 1.5 ms)", async () => {
    const app = await start();
    const known = await verifiedUser(app, smtp, "timing@example.com");
    const client = startTimedClient();
    onTestFinished(() => client.close());
    let unknown = 0;
    const time = async (which: "known" | "unknown") => {
      const { ms, body } = await client.post(app.url, REQUEST_RESET, { e: which === "known" ? known.email : `nobody-${++unknown}@example.com` });
      expect(body).toEqual({ data: { requestPasswordReset: true } });
      // The work left after the answer ends before the next request, so that it never lands on another's clock.
      await app.mail.settled();
      return ms;
    };
    for (let i = 0; i < 6; i++) await time(i % 2 ? "known" : "unknown"); // warm-up
    // Interleaved, alternating which goes first, so that a slow spell of a loaded machine hits both.
    // A round that a loaded machine spoils is measured again: a real difference shows in every round.
    const rounds: string[] = [];
    let difference = Infinity;
    for (let round = 0; round < 3 && difference >= 1; round++) {
      const times = { known: [] as number[], unknown: [] as number[] };
      for (let i = 0; i < 30; i++) {
        for (const which of i % 2 ? (["known", "unknown"] as const) : (["unknown", "known"] as const)) times[which].push(await time(which));
      }
      const [k, u] = [median(times.known), median(times.unknown)];
      rounds.push(`known ${k.toFixed(2)} ms, unknown ${u.toFixed(2)} ms`);
      difference = Math.abs(k - u);
    }
    expect(difference, `medians of 30 requests each, by round: ${rounds.join("; ")}`).toBeLessThan(1.5);
    // The known address did get its links (the rule is not met by doing nothing).
    expect(await app.orm.em.fork().count(OutboxMail, { recipient: known.email, status: OutboxStatus.PENDING })).toBeGreaterThanOrEqual(33);
  });
});


describe("a restart between the commit and the send", () => {
  it("loses no message: queued by a flow, the app stopped before its worker ran, a new app sends each once", async () => {
    const database = await sharedDatabase(dir, "restart");
    const clock = new TestClock();
    try {
      const first = await start({ DATABASE_URL: database.url }, { clock });
      const ann = await registerUser(first, { email: "ann@example.com" });
      const ben = await verifiedUser(first, smtp, "ben@example.com");
      expect((await gql(first.url, REQUEST_VERIFICATION, {}, { token: ann.accessToken })).body.data).toEqual({ requestEmailVerification: true });
      // Answered, and stopped at once: whether the queueing left running after the answer was done or not, the stop waits for it.
      expect((await gql(first.url, REQUEST_RESET, { e: ben.email })).body.data).toEqual({ requestPasswordReset: true });
      await first.stop();
      expect(smtp.received).toHaveLength(1); // ben's verification, sent before

      const second = await start({ DATABASE_URL: database.url }, { clock });
      const arrived = await deliver(second, smtp);
      expect(arrived.map((mail) => mail.to[0]).sort()).toEqual(["ann@example.com", "ben@example.com"]);
      expect(await deliver(second, smtp)).toEqual([]);
      const verify = linkIn(arrived.find((mail) => mail.to[0] === "ann@example.com")!, "verify-email", PUBLIC_URL);
      expect((await gql(second.url, VERIFY, { token: verify.token })).body.data).toEqual({ verifyEmail: true });
      const reset = linkIn(arrived.find((mail) => mail.to[0] === "ben@example.com")!, "reset-password", PUBLIC_URL);
      const done = await gql(second.url, "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }", {
        t: reset.token,
        p: `${PASSWORD} again`,
      });
      expect(done.body.data).toEqual({ resetPassword: true });
    } finally {
      await startApp.stopAll();
      await database.drop();
    }
  });
});
