import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.js";
import { parseDuration } from "../../src/config/duration.js";

// 32 bytes that look random (production refuses secrets that plainly are not).
const SECRET_32 = "Kq7vR2xNf9LmTz4wHc8bYp3sJd6gVa1E";

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "config-test-"));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** Production, with e-mail off: the production tests below are about other variables (the mail ones set it themselves). */
const PRODUCTION = { NODE_ENV: "production", MAIL: "off" } as const;

/** loadConfig with a private data directory and a silent warn. */
const load = (env: Record<string, string>, warn: (message: string) => void = () => {}) =>
  loadConfig(env, { dataDir, warn });

/** The ConfigError's problem lines; fails the test when loadConfig does not throw one. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  expect.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe("loadConfig defaults", () => {
  it("gives every variable of the contract its documented default when the environment is empty", () => {
    const config = load({});
    expect(config).toMatchObject({
      env: "development",
      isProduction: false,
      port: 4000,
      host: "127.0.0.1",
      databaseUrl: "sqlite:./data/app.sqlite",
      accessTokenTtl: 900,
      refreshTokenTtl: 30 * 86_400,
      logLevel: "info",
      redisUrl: null,
      corsOrigins: [],
      trustProxy: false,
      webConcurrency: 1,
      webApp: true,
    });
    expect(config.jwt).toMatchObject({
      algorithm: "HS256",
      privateKey: null,
      retiredPublicKeys: [],
      issuer: "graphql-auth-api",
      audience: "graphql-auth-api",
    });
    expect(Buffer.byteLength(config.jwt.secret)).toBeGreaterThanOrEqual(32);
    expect(config.dataDir).toBe(dataDir);
  });

  it("treats a variable set to the empty string as unset", () => {
    const config = load({ PORT: "", HOST: "", LOG_LEVEL: "", ACCESS_TOKEN_TTL: "", TRUST_PROXY: "" });
    expect(config).toMatchObject({ port: 4000, host: "127.0.0.1", logLevel: "info", accessTokenTtl: 900, trustProxy: false });
  });

  it("reads valid values of every variable", () => {
    const config = load({
      NODE_ENV: "test",
      PORT: "0",
      HOST: "0.0.0.0",
      DATABASE_URL: "sqlite::memory:",
      JWT_SECRET: SECRET_32,
      JWT_ISSUER: "issuer.example",
      JWT_AUDIENCE: "audience.example",
      ACCESS_TOKEN_TTL: "5m",
      REFRESH_TOKEN_TTL: "7d",
      LOG_LEVEL: "debug",
      REDIS_URL: "redis://localhost:6379",
      CORS_ORIGINS: "https://app.example.com, http://localhost:3000",
      TRUST_PROXY: "true",
      WEB_CONCURRENCY: "1",
      WEB_APP: "off",
    });
    expect(config).toMatchObject({
      env: "test",
      port: 0,
      host: "0.0.0.0",
      databaseUrl: "sqlite::memory:",
      accessTokenTtl: 300,
      refreshTokenTtl: 7 * 86_400,
      logLevel: "debug",
      redisUrl: "redis://localhost:6379",
      corsOrigins: ["https://app.example.com", "http://localhost:3000"],
      trustProxy: 1,
      webConcurrency: 1,
      webApp: false,
    });
    expect(config.jwt).toMatchObject({ secret: SECRET_32, issuer: "issuer.example", audience: "audience.example" });
  });
});

describe("loadConfig refuses invalid values", () => {
  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["NODE_ENV", "staging"],
    ["DATABASE_URL", "mysql://x"],
    ["ACCESS_TOKEN_TTL", "15x"],
    ["ACCESS_TOKEN_TTL", "0"],
    ["ACCESS_TOKEN_TTL", "-5"],
    ["REFRESH_TOKEN_TTL", "forever"],
    ["LOG_LEVEL", "loud"],
    ["JWT_ALGORITHM", "HS512"],
    ["TRUST_PROXY", "maybe"],
    ["RATE_LIMIT_LOGIN_ACCOUNT_IP", "5/1h"],
    ["RATE_LIMIT_LOGIN_ACCOUNT", "many/1h/15m"],
    ["RATE_LIMIT_LOGIN_IP", "5/0s/15m"],
    ["RATE_LIMIT_REGISTER_IP", "0/10m"],
    ["RATE_LIMIT_REFRESH_IP", "120/1m/1m"],
    ["RATE_LIMIT_LOGIN_ACCOUNT_IP", "5/30d/15m"],
    ["RATE_LIMIT_LOGIN_IP", "5/1h/25d"],
    ["RATE_LIMIT_REGISTER_IP", "30/25d"],
    ["TRUST_PROXY", "10.0.0.0/33"],
    ["TRUST_PROXY", "10.0.0.1, proxy.example.com"],
    ["TRUST_PROXY", "::1/129"],
    ["CORS_ORIGINS", "not-an-origin"],
    ["CORS_ORIGINS", "https://ok.example.com,https://bad.example.com/path"],
    ["REDIS_URL", "http://x"],
    ["WEB_CONCURRENCY", "0"],
    ["WEB_APP", "yes"],
  ])("throws a ConfigError naming %s when it is %j", (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems.some((line) => line.includes(name))).toBe(true);
  });

  it("says WEB_APP takes on or off, and nothing else (not even ON)", () => {
    expect(problemsOf({ WEB_APP: "ON" })).toEqual(["WEB_APP must be on or off"]);
    expect(load({ WEB_APP: "on" }).webApp).toBe(true);
  });

  it("reports each of several bad variables on its own line", () => {
    const problems = problemsOf({ PORT: "abc", LOG_LEVEL: "loud", TRUST_PROXY: "maybe", REDIS_URL: "http://x" });
    expect(problems).toHaveLength(4);
    for (const name of ["PORT", "LOG_LEVEL", "TRUST_PROXY", "REDIS_URL"]) {
      expect(problems.filter((line) => line.includes(name))).toHaveLength(1);
    }
    for (const line of problems) expect(line).not.toContain("\n");
  });

  it("puts one problem per line in the error message", () => {
    expect(() => load({ PORT: "abc", LOG_LEVEL: "loud" })).toThrow(/PORT.*\n.*LOG_LEVEL/);
  });

  it("refuses an ACCESS_TOKEN_TTL longer than REFRESH_TOKEN_TTL", () => {
    const problems = problemsOf({ ACCESS_TOKEN_TTL: "2h", REFRESH_TOKEN_TTL: "1h" });
    expect(problems.some((line) => line.includes("ACCESS_TOKEN_TTL"))).toBe(true);
  });

  it("accepts an ACCESS_TOKEN_TTL equal to REFRESH_TOKEN_TTL", () => {
    const config = load({ ACCESS_TOKEN_TTL: "1h", REFRESH_TOKEN_TTL: "3600" });
    expect([config.accessTokenTtl, config.refreshTokenTtl]).toEqual([3600, 3600]);
  });
});

describe("loadConfig RATE_LIMIT_*", () => {
  it("gives each limit its documented default", () => {
    expect(load({}).throttlePolicy).toEqual({
      loginByAccountAndIp: { free: 5, window: 3600, maxDelay: 900 },
      loginByAccount: { free: 50, window: 3600, maxDelay: 900 },
      loginByIp: { free: 100, window: 3600, maxDelay: 3600 },
      registerByIp: { points: 30, window: 600 },
      refreshByIp: { points: 120, window: 60 },
      emailByAddress: { points: 5, window: 3600 },
      emailByIp: { points: 30, window: 3600 },
    });
  });

  it("reads each one: free failures/window/longest wait, or attempts/window", () => {
    const policy = load({
      RATE_LIMIT_LOGIN_ACCOUNT_IP: "3/30m/5m",
      RATE_LIMIT_LOGIN_ACCOUNT: "20 / 2h / 1h",
      RATE_LIMIT_LOGIN_IP: "0/1d/30s",
      RATE_LIMIT_REGISTER_IP: "5/1h",
      RATE_LIMIT_REFRESH_IP: "600/60",
      RATE_LIMIT_EMAIL_ADDRESS: "2/1d",
      RATE_LIMIT_EMAIL_IP: "40/30m",
    }).throttlePolicy;
    expect(policy).toEqual({
      loginByAccountAndIp: { free: 3, window: 1800, maxDelay: 300 },
      loginByAccount: { free: 20, window: 7200, maxDelay: 3600 },
      loginByIp: { free: 0, window: 86_400, maxDelay: 30 },
      registerByIp: { points: 5, window: 3600 },
      refreshByIp: { points: 600, window: 60 },
      emailByAddress: { points: 2, window: 86_400 },
      emailByIp: { points: 40, window: 1800 },
    });
  });
});

describe("loadConfig TRUST_PROXY", () => {
  it.each([
    ["false", false],
    ["true", 1],
    ["1", 1],
    ["2", 2],
    ["10.0.0.1", ["10.0.0.1"]],
    ["10.0.0.0/8, 192.168.1.1 ,::1, fd00::/8, loopback", ["10.0.0.0/8", "192.168.1.1", "::1", "fd00::/8", "loopback"]],
  ])("reads TRUST_PROXY=%j as %j (true is one proxy: a hop count, never 'trust every entry')", (value, expected) => {
    expect(load({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });
});

describe("loadConfig CORS_ORIGINS", () => {
  it("keeps origins as browsers send them: host lower-cased, default ports dropped", () => {
    expect(load({ CORS_ORIGINS: "https://App.Example.com, https://admin.example.com:443,http://localhost:5173" }).corsOrigins).toEqual([
      "https://app.example.com",
      "https://admin.example.com",
      "http://localhost:5173",
    ]);
  });
});

describe("loadConfig REFRESH_TOKEN_REUSE_INTERVAL and PUBLIC_URL", () => {
  it("defaults to a 30 s reuse interval and no PUBLIC_URL (the listening address)", () => {
    const config = load({});
    expect(config.refreshTokenReuseInterval).toBe(30);
    expect(config.publicUrl).toBeNull();
  });

  it.each([
    ["0", 0],
    ["0s", 0],
    ["45", 45],
    ["10s", 10],
    ["2m", 120],
    ["10m", 600],
  ])("reads REFRESH_TOKEN_REUSE_INTERVAL=%s as %i seconds (0: strict)", (value, seconds) => {
    expect(load({ REFRESH_TOKEN_REUSE_INTERVAL: value }).refreshTokenReuseInterval).toBe(seconds);
  });

  it.each(["11m", "1h", "-1", "soon", "1.5s"])("refuses REFRESH_TOKEN_REUSE_INTERVAL=%s, naming it", (value) => {
    expect(problemsOf({ REFRESH_TOKEN_REUSE_INTERVAL: value }).join("\n")).toMatch(/^REFRESH_TOKEN_REUSE_INTERVAL /);
  });

  it.each([
    ["https://shop.example.com/", "https://shop.example.com"],
    ["http://localhost:5173", "http://localhost:5173"],
    ["https://example.com/app/", "https://example.com/app"],
  ])("keeps PUBLIC_URL=%s as %s", (value, expected) => {
    expect(load({ PUBLIC_URL: value }).publicUrl).toBe(expected);
  });

  it.each(["shop.example.com", "ftp://example.com", "https://example.com/?a=1", "https://u:p@example.com", "https://example.com/#x"])(
    "refuses PUBLIC_URL=%s, naming it",
    (value) => {
      expect(problemsOf({ PUBLIC_URL: value }).join("\n")).toMatch(/^PUBLIC_URL /);
    },
  );
});

describe("loadConfig durations", () => {
  it.each([
    ["900", 900],
    ["30s", 30],
    ["15m", 900],
    ["12h", 43_200],
  ])("reads ACCESS_TOKEN_TTL=%s as %i seconds", (value, seconds) => {
    expect(load({ ACCESS_TOKEN_TTL: value }).accessTokenTtl).toBe(seconds);
  });

  it.each([
    ["30d", 2_592_000],
    ["12h", 43_200],
    ["86400", 86_400],
  ])("reads REFRESH_TOKEN_TTL=%s as %i seconds", (value, seconds) => {
    expect(load({ ACCESS_TOKEN_TTL: "60", REFRESH_TOKEN_TTL: value }).refreshTokenTtl).toBe(seconds);
  });
});

describe("loadConfig JWT_SECRET in production", () => {
  it("refuses to start without JWT_SECRET, naming it", () => {
    const problems = problemsOf({ ...PRODUCTION });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("JWT_SECRET");
  });

  it("never generates a secret file in production", () => {
    problemsOf({ ...PRODUCTION });
    expect(existsSync(join(dataDir, "jwt-secret"))).toBe(false);
  });

  it("refuses a 31-byte JWT_SECRET, naming it", () => {
    const problems = problemsOf({ ...PRODUCTION, JWT_SECRET: SECRET_32.slice(1) });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("JWT_SECRET");
  });

  it("counts the secret's length in bytes, not characters", () => {
    const twoByte = "éàüöçñøåßæœ"; // 22 bytes
    expect(load({ ...PRODUCTION, JWT_SECRET: `${twoByte}q7R2xN9LmT` }).jwt.secret).toBe(`${twoByte}q7R2xN9LmT`);
    const problems = problemsOf({ ...PRODUCTION, JWT_SECRET: `${twoByte}q7R2xN9Lm` });
    expect(problems[0]).toContain("at least 32 bytes");
  });

  it.each([
    ["32 × a", "a".repeat(32)],
    ["a few distinct characters", "abcabcabcabcabcabcabcabcabcabcab"],
    ["a repeated block", "0123456789abcdef0123456789abcdef"],
    ["a run of consecutive characters", "abcdefghijklmnopqrstuvwxyz012345"],
    ["little spread", "aaaaaaaaaaaaaaaaaaaaaaaabcdefghi"],
  ])("refuses a JWT_SECRET that does not look random (%s) with a one-line reason", (_what, secret) => {
    const problems = problemsOf({ ...PRODUCTION, JWT_SECRET: secret });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^JWT_SECRET does not look random \(.+\): use 32 random bytes/);
    expect(problems[0]).not.toContain(secret);
  });

  it("accepts random secrets of the usual forms (openssl rand -hex 16, -hex 32, -base64 48)", () => {
    for (let i = 0; i < 200; i++) {
      for (const secret of [randomBytes(16).toString("hex"), randomBytes(32).toString("hex"), randomBytes(48).toString("base64")]) {
        expect(load({ ...PRODUCTION, JWT_SECRET: secret }).jwt.secret).toBe(secret);
      }
    }
  });

  it("only warns about a secret that does not look random outside production", () => {
    const warn = vi.fn();
    expect(load({ JWT_SECRET: "a".repeat(32) }, warn).jwt.secret).toBe("a".repeat(32));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/does not look random.*production refuses/));
  });

  it("starts with a 32-byte JWT_SECRET and uses it as given", () => {
    const warn = vi.fn();
    const config = load({ ...PRODUCTION, JWT_SECRET: SECRET_32 }, warn);
    expect(config.isProduction).toBe(true);
    expect(config.env).toBe("production");
    expect(config.jwt.secret).toBe(SECRET_32);
    expect(warn).not.toHaveBeenCalled();
    expect(existsSync(join(dataDir, "jwt-secret"))).toBe(false);
  });
});

describe("loadConfig JWT_SECRET outside production", () => {
  const secretFile = () => join(dataDir, "jwt-secret");

  it("generates a secret into <dataDir>/jwt-secret with mode 0600 and warns", () => {
    const warn = vi.fn();
    const config = load({}, warn);
    expect(readFileSync(secretFile(), "utf8").trim()).toBe(config.jwt.secret);
    expect(statSync(secretFile()).mode & 0o777).toBe(0o600);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain("JWT_SECRET");
  });

  it("returns the same generated secret on a second load", () => {
    const first = load({}).jwt.secret;
    const second = load({}).jwt.secret;
    expect(second).toBe(first);
  });

  it("gives each data directory its own random secret", () => {
    const first = load({}).jwt.secret;
    const otherDir = mkdtempSync(join(tmpdir(), "config-test-"));
    try {
      expect(loadConfig({}, { dataDir: otherDir, warn: () => {} }).jwt.secret).not.toBe(first);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it("creates the data directory when it does not exist", () => {
    const nested = join(dataDir, "nested", "data");
    const config = loadConfig({}, { dataDir: nested, warn: () => {} });
    expect(readFileSync(join(nested, "jwt-secret"), "utf8").trim()).toBe(config.jwt.secret);
  });

  it("refuses a kept secret file that holds too short a secret", () => {
    writeFileSync(secretFile(), "short\n", { mode: 0o600 });
    const problems = problemsOf({});
    expect(problems[0]).toContain("JWT_SECRET");
  });

  it("uses a given JWT_SECRET without writing a file or warning", () => {
    const warn = vi.fn();
    expect(load({ JWT_SECRET: SECRET_32 }, warn).jwt.secret).toBe(SECRET_32);
    expect(existsSync(secretFile())).toBe(false);
    expect(warn).not.toHaveBeenCalled();
  });

  it("accepts a short JWT_SECRET in development with a warning naming it", () => {
    const warn = vi.fn();
    expect(load({ JWT_SECRET: "short" }, warn).jwt.secret).toBe("short");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain("JWT_SECRET");
  });
});

describe("loadConfig result", () => {
  it("is frozen, including the nested jwt object and lists", () => {
    const config = load({ CORS_ORIGINS: "https://app.example.com" });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.jwt)).toBe(true);
    expect(Object.isFrozen(config.corsOrigins)).toBe(true);
    expect(Object.isFrozen(config.jwt.retiredPublicKeys)).toBe(true);
  });

  it("throws on an attempt to change a value", () => {
    const config = load({});
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.jwt as { secret: string }).secret = "changed";
    }).toThrow(TypeError);
    expect(config.port).toBe(4000);
  });
});

describe("parseDuration", () => {
  it.each([
    ["900", 900],
    ["1", 1],
    ["30s", 30],
    ["15m", 900],
    ["12h", 43_200],
    ["30d", 2_592_000],
    [" 15m ", 900],
  ])("reads %j as %i seconds", (value, seconds) => {
    expect(parseDuration(value)).toBe(seconds);
  });

  it.each(["", "15x", "0", "0s", "0d", "-5", "1.5h", "15 m", "m", "15M", "1w", "1e3", "1234567890", "15m30s"])(
    "returns null for %j",
    (value) => {
      expect(parseDuration(value)).toBeNull();
    },
  );
});

describe("loadConfig reports every problem at once", () => {
  it("names a bad PORT and the missing production secret in one start", () => {
    const problems = problemsOf({ ...PRODUCTION, PORT: "abc" });
    expect(problems.some((p) => p.includes("PORT"))).toBe(true);
    expect(problems.some((p) => p.includes("JWT_SECRET"))).toBe(true);
  });
});

describe("loadConfig keys and bounds", () => {
  it("refuses JWT_RETIRED_PUBLIC_KEYS that holds no PEM key, or a broken one", () => {
    expect(problemsOf({ JWT_RETIRED_PUBLIC_KEYS: "garbage" }).join()).toContain("JWT_RETIRED_PUBLIC_KEYS");
    const broken = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----";
    expect(problemsOf({ JWT_RETIRED_PUBLIC_KEYS: broken }).join()).toContain("JWT_RETIRED_PUBLIC_KEYS");
  });

  it("accepts valid PEM public keys in JWT_RETIRED_PUBLIC_KEYS", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const pem = () => generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const config = load({ JWT_SECRET: SECRET_32, JWT_RETIRED_PUBLIC_KEYS: `${pem()}\n${pem()}` });
    expect(config.jwt.retiredPublicKeys).toHaveLength(2);
  });

  it("refuses a JWT_PRIVATE_KEY that is not a PEM private key", () => {
    expect(problemsOf({ JWT_PRIVATE_KEY: "not a key" }).join()).toContain("JWT_PRIVATE_KEY");
  });

  it("refuses lifetimes over 365 days, which would overflow a date", () => {
    expect(problemsOf({ REFRESH_TOKEN_TTL: "999999999d", ACCESS_TOKEN_TTL: "999999999d" }).join()).toMatch(/ACCESS_TOKEN_TTL.*365d|REFRESH_TOKEN_TTL.*365d/);
    expect(problemsOf({ REFRESH_TOKEN_TTL: "366d" }).join()).toContain("REFRESH_TOKEN_TTL");
    expect(load({ JWT_SECRET: SECRET_32, REFRESH_TOKEN_TTL: "365d" }).refreshTokenTtl).toBe(365 * 86_400);
  });
});

describe("loadConfig with ES256 and RS256", () => {
  const pkcs8 = (type: "ec" | "rsa") =>
    (type === "ec"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : generateKeyPairSync("rsa", { modulusLength: 2048 })
    ).privateKey
      .export({ type: "pkcs8", format: "pem" })
      .toString();

  it("requires JWT_PRIVATE_KEY in production, but no JWT_SECRET", () => {
    const problems = problemsOf({ ...PRODUCTION, JWT_ALGORITHM: "ES256" });
    expect(problems).toEqual(["JWT_PRIVATE_KEY is required in production with JWT_ALGORITHM=ES256"]);
    expect(load({ ...PRODUCTION, JWT_ALGORITHM: "ES256", JWT_PRIVATE_KEY: pkcs8("ec") }).jwt.algorithm).toBe("ES256");
  });

  it("refuses a private key that does not fit the algorithm", () => {
    expect(problemsOf({ JWT_ALGORITHM: "RS256", JWT_PRIVATE_KEY: pkcs8("ec") }).join()).toContain("JWT_PRIVATE_KEY does not fit");
    expect(problemsOf({ JWT_ALGORITHM: "ES256", JWT_PRIVATE_KEY: pkcs8("rsa") }).join()).toContain("JWT_PRIVATE_KEY does not fit");
  });

  it("outside production generates the key once, 0600, with a warning, and reuses it", () => {
    const warnings: string[] = [];
    const first = load({ JWT_ALGORITHM: "ES256" }, (m) => warnings.push(m));
    const file = join(dataDir, "jwt-private-key-es256.pem");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.jwt.privateKey).toBe(readFileSync(file, "utf8"));
    expect(warnings.join()).toContain("JWT_PRIVATE_KEY is not set");
    expect(load({ JWT_ALGORITHM: "ES256" }).jwt.privateKey).toBe(first.jwt.privateKey);
    expect(load({ JWT_ALGORITHM: "RS256" }).jwt.privateKey).not.toBe(first.jwt.privateKey);
  });
});

describe("loadConfig SMTP_URL, MAIL_FROM and MAIL", () => {
  it("defaults to e-mail on, no SMTP server (the .eml files under <data>/outbox) and a sender derived later", () => {
    expect(load({}).mail).toEqual({ enabled: true, smtpUrl: null, from: null, outboxDir: join(dataDir, "outbox") });
  });

  it.each(["smtp://user:pass@smtp.example.com:587", "smtps://smtp.example.com", "smtp://127.0.0.1:2525"])("takes SMTP_URL=%s", (url) => {
    expect(load({ SMTP_URL: url }).mail.smtpUrl).toBe(url);
  });

  it.each(["http://mail.example.net", "mail.example.net:587", "smtp://", "mailto:a@example.com"])(
    "refuses SMTP_URL=%s, naming it",
    (url) => {
      const problems = problemsOf({ SMTP_URL: url });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^SMTP_URL must be/);
    },
  );

  it("never repeats a refused SMTP_URL, whose password would land in the log", () => {
    expect(problemsOf({ SMTP_URL: "ftp://user:s3cr3t-pw@host" }).join("\n")).not.toContain("s3cr3t-pw");
  });

  it.each(["no-reply@example.com", "Example Shop <no-reply@example.com>", "dev@localhost"])("takes MAIL_FROM=%s", (from) => {
    expect(load({ MAIL_FROM: from }).mail.from).toBe(from);
  });

  it.each(["nobody", "a@b@example.com", "Name <not an address>", "x@example.com\r\nBcc: y@example.com"])("refuses MAIL_FROM=%j, naming it", (from) => {
    expect(problemsOf({ MAIL_FROM: from })).toEqual([expect.stringMatching(/^MAIL_FROM must be/)]);
  });

  it("takes MAIL=off and refuses anything but on or off", () => {
    expect(load({ MAIL: "off" }).mail.enabled).toBe(false);
    expect(problemsOf({ MAIL: "no" })).toEqual(["MAIL must be on or off"]);
  });

  it("refuses to start in production with MAIL=on but no SMTP_URL, with a one-line reason naming it", () => {
    const problems = problemsOf({ NODE_ENV: "production", JWT_SECRET: SECRET_32, MAIL: "on" });
    expect(problems).toEqual([expect.stringMatching(/^SMTP_URL is required in production with MAIL=on/)]);
    expect(problems[0]).not.toContain("\n");
  });

  it("starts production without SMTP_URL (and without MAIL) with e-mail off, and says so once", () => {
    const warnings: string[] = [];
    const config = load({ NODE_ENV: "production", JWT_SECRET: SECRET_32 }, (message) => warnings.push(message));
    expect(config.mail.enabled).toBe(false);
    expect(warnings.filter((line) => line.startsWith("SMTP_URL is not set: e-mail is off"))).toHaveLength(1);
    // Outside production the .eml files stand in for a mail server: e-mail stays on, unwarned.
    const development: string[] = [];
    expect(load({}, (message) => development.push(message)).mail.enabled).toBe(true);
    expect(development.filter((line) => line.includes("SMTP_URL"))).toEqual([]);
  });

  it("starts in production with SMTP_URL, or without it when MAIL=off", () => {
    const smtp = load({ NODE_ENV: "production", JWT_SECRET: SECRET_32, SMTP_URL: "smtps://u:p@smtp.example.com" });
    expect(smtp.mail).toMatchObject({ enabled: true, smtpUrl: "smtps://u:p@smtp.example.com" });
    expect(load({ NODE_ENV: "production", JWT_SECRET: SECRET_32, MAIL: "off" }).mail).toMatchObject({ enabled: false, smtpUrl: null });
  });
});

describe("loadConfig METRICS and METRICS_TOKEN", () => {
  const TOKEN = "3f9c2a7e5b1d4c8f9a0e6b2d7c4f1a8e"; // openssl rand -hex 16: 32 characters

  it("defaults to metrics off, without a token", () => {
    expect(load({}).metrics).toEqual({ enabled: false, token: null });
  });

  it("takes METRICS=on, with or without a token", () => {
    expect(load({ METRICS: "on" }).metrics).toEqual({ enabled: true, token: null });
    expect(load({ METRICS: "on", METRICS_TOKEN: TOKEN }).metrics).toEqual({ enabled: true, token: TOKEN });
  });

  it("refuses anything but on or off", () => {
    expect(problemsOf({ METRICS: "yes" })).toEqual(["METRICS must be on or off"]);
  });

  it.each([
    ["31 characters", TOKEN.slice(1)],
    ["a space", `${TOKEN} x`],
    ["a character no bearer token has", `${TOKEN}!`],
  ])("refuses a METRICS_TOKEN of %s in one line naming it, without repeating it", (_case, token) => {
    const problems = problemsOf({ METRICS: "on", METRICS_TOKEN: token });
    expect(problems).toEqual([expect.stringMatching(/^METRICS_TOKEN must be at least 32 characters/)]);
    expect(problems[0]).not.toContain(TOKEN.slice(1));
  });

  it("accepts tokens of the usual forms (openssl rand -hex 32, -base64 32)", () => {
    for (const token of [randomBytes(32).toString("hex"), randomBytes(32).toString("base64")]) {
      expect(load({ METRICS: "on", METRICS_TOKEN: token }).metrics.token).toBe(token);
    }
  });

  it("warns that a METRICS_TOKEN without METRICS=on serves nothing", () => {
    const warnings: string[] = [];
    expect(load({ JWT_SECRET: SECRET_32, METRICS_TOKEN: TOKEN }, (message) => warnings.push(message)).metrics.enabled).toBe(false);
    expect(warnings).toEqual(["METRICS_TOKEN is set but METRICS is off: /metrics is not served"]);
    expect(warnings.join("\n")).not.toContain(TOKEN);
  });
});
