import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The dependencies a server holds only once it needs them (BENCHMARKS.md, Memory). Each check
// runs in a process of its own (through tsx, on src/), where nothing else has loaded them.
const root = join(import.meta.dirname, "../..");
/** A child that hangs fails its test instead of blocking the worker (execFileSync is synchronous). */
const CHILD_TIMEOUT_MS = 45_000;

/**
 * A module resolve hook that notes each URL it resolves in the file LAZY_TEST_LOG: ES modules
 * (nodemailer is one) leave no trace a script can read, unlike require's cache.
 */
const RESOLVE_LOG_HOOK = `data:text/javascript,import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.LAZY_TEST_LOG, resolved.url + "\\n");
  return resolved;
}`;

/**
 * Runs an ES module script in a fresh node with tsx. In it, `loaded(name)` says whether a
 * package has been loaded so far, as an ES module or through require.
 */
function runInChild(script: string): string {
  const prelude = `import { createRequire, register } from "node:module";
import { readFileSync } from "node:fs";
register(${JSON.stringify(RESOLVE_LOG_HOOK)});
const loaded = (name) => {
  const path = "/node_modules/" + name + "/";
  return readFileSync(process.env.LAZY_TEST_LOG, "utf8").includes(path) || Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(path));
};
`;
  const dir = mkdtempSync(join(tmpdir(), "lazy-log-"));
  try {
    // Without NODE_OPTIONS and Apollo's keys (with APOLLO_KEY set, Apollo loads its usage reporting).
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "NODE_OPTIONS" && !name.startsWith("APOLLO_")));
    const env = { ...inherited, LAZY_TEST_LOG: join(dir, "resolved.txt") };
    writeFileSync(env.LAZY_TEST_LOG, "");
    const args = ["--import", "tsx", "--input-type=module", "-e", prelude + script];
    return execFileSync(process.execPath, args, { cwd: root, env, timeout: CHILD_TIMEOUT_MS }).toString().trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("dependencies loaded when first used", () => {
  it("a started server (e-mail on) holds none of them, nor Apollo's inline-trace plugin", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "lazy-app-"));
    try {
      const out = runInChild(`
await import("reflect-metadata");
const { loadConfig } = await import("./src/config/config.ts");
const { createApp } = await import("./src/app.ts");
const env = { NODE_ENV: "development", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: "sqlite::memory:", LOG_LEVEL: "silent", WEB_APP: "off", MAIL: "on" };
const config = loadConfig({ ...env, JWT_SECRET: "lazy-test-secret-long-enough-for-hs256-0123456789" }, { warn() {}, dataDir: ${JSON.stringify(dataDir)} });
const app = await createApp({ config });
const held = ["nodemailer", "@zxcvbn-ts/language-common", "@apollo/usage-reporting-protobuf"].filter(loaded);
await app.stop();
console.log(JSON.stringify(held));`);
      expect(JSON.parse(out.split("\n").pop()!)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it("nodemailer: not by making a transport, only by the first mail", () => {
    const dir = mkdtempSync(join(tmpdir(), "lazy-mail-"));
    try {
      const out = runInChild(`
const { emlFileTransport, smtpTransport } = await import("./src/mail/transport.ts");
const logger = { info() {} };
smtpTransport("smtp://127.0.0.1:2525").close();
const transport = emlFileTransport(${JSON.stringify(dir)}, logger);
const before = loaded("nodemailer");
await transport.send({ id: "m1", from: "App <app@example.test>", to: "a@example.test", subject: "s", text: "t", html: null });
transport.close();
console.log(JSON.stringify({ before, after: loaded("nodemailer") }));`);
      expect(JSON.parse(out)).toEqual({ before: false, after: true });
      expect(readdirSync(dir)).toEqual(["m1.eml"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("the common-password dictionary: read on the first check, then let go of (only the 1,000 are kept)", () => {
    const out = runInChild(`
const { isCommonPassword } = await import("./src/accounts/common-passwords.ts");
const before = loaded("@zxcvbn-ts/language-common");
const answers = [isCommonPassword("Password"), isCommonPassword("qwerty123"), isCommonPassword("a rarely used pass phrase 7")];
const after = loaded("@zxcvbn-ts/language-common");
// Then loaded as anyone would: loaded() sees it, and the list's 1,500th is not refused.
const { dictionary } = createRequire(import.meta.url)("@zxcvbn-ts/language-common");
const rank1500 = dictionary["passwords-common"][1499];
console.log(JSON.stringify({ before, answers, after, control: loaded("@zxcvbn-ts/language-common"), rank1500: isCommonPassword(rank1500) }));`);
    expect(JSON.parse(out)).toEqual({ before: false, answers: [true, true, false], after: false, control: true, rank1500: false });
  }, 60_000);
});
