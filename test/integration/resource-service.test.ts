import { spawn } from "node:child_process";
import { generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResourceService, type ResourceServiceOptions } from "../../examples/resource-service/server.mjs";
import { createApp, type App } from "../../src/app.js";
import { thumbprint } from "../../src/auth/keys.js";
import { systemClock } from "../../src/lib/clock.js";
import { loadConfig } from "../../src/config/config.js";
import { registerUser } from "../helpers/factories.js";
import { waitFor } from "../helpers/server-process.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * examples/resource-service: another team's service that verifies our access tokens with
 * the JWKS URL alone. Tokens come from the real API; the service runs in-process (its clock
 * follows the API's TestClock) and once as its own process against an API on real time.
 */

const ISSUER = "graphql-auth-api";
const INVALID_TOKEN = 'Bearer error="invalid_token"';
const pem = (key: KeyObject, type: "pkcs8" | "spki") => key.export({ type, format: "pem" }).toString();
const newEcKey = () => generateKeyPairSync("ec", { namedCurve: "P-256" });
const jwksUrlOf = (app: Pick<App, "url">) => app.url.replace(/\/graphql$/, "/.well-known/jwks.json");

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function startApi(env: Record<string, string>): Promise<TestApp> {
  const app = await createTestApp(env);
  cleanups.push(() => app.stop());
  return app;
}

/** Starts the example service on a free port; returns its base URL. */
async function startService(options: Partial<ResourceServiceOptions> & Pick<ResourceServiceOptions, "jwksUrl">) {
  const server = createResourceService({ issuer: ISSUER, audience: ISSUER, ...options });
  return listen(server);
}

async function listen(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port that was free a moment ago and now refuses connections. */
async function listenOnce(server: Server): Promise<AddressInfo> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return address;
}

async function hello(base: string, token?: string) {
  const response = await fetch(`${base}/hello`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, challenge: response.headers.get("www-authenticate"), body: (await response.json()) as any };
}

describe("a service that verifies access tokens with the JWKS URL alone", () => {
  const key = newEcKey();
  let api: TestApp;
  let service: string;

  beforeAll(async () => {
    api = await startApi({ JWT_ALGORITHM: "ES256", JWT_PRIVATE_KEY: pem(key.privateKey, "pkcs8") });
    service = await startService({ jwksUrl: jwksUrlOf(api), currentDate: () => api.clock.now() });
  });

  /** A token shaped like the API's, signed with whatever key, header and claims a case asks for. */
  function forge(
    user: { id: string; role: string },
    { signWith = key.privateKey as KeyObject | Buffer, algorithm = "ES256" as jwt.Algorithm, header = {}, claims = {}, audience = ISSUER } = {},
  ) {
    const iat = Math.floor(api.clock.now().getTime() / 1000);
    return jwt.sign({ sub: user.id, sid: randomUUID(), role: user.role, jti: randomUUID(), iat, ...claims }, signWith, {
      algorithm,
      header: { alg: algorithm, typ: "at+jwt", kid: thumbprint(key.publicKey), ...header },
      expiresIn: 600,
      issuer: ISSUER,
      audience,
    });
  }

  it("accepts an access token from register and answers with the user id and role", async () => {
    const reg = await registerUser(api);
    const res = await hello(service, reg.accessToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: "hello", user: reg.user.id, role: reg.user.role });
  });

  it("answers /healthz without a token", async () => {
    const res = await fetch(`${service}/healthz`);
    expect(res.status).toBe(200);
  });

  it("asks for a bearer token when none is sent, without an error code", async () => {
    const res = await hello(service);
    expect(res.status).toBe(401);
    expect(res.challenge).toBe("Bearer");
  });

  it("accepts a token forged with the API's own key, so the refusals below are about their one defect", async () => {
    const reg = await registerUser(api);
    expect((await hello(service, forge(reg.user))).status).toBe(200);
  });

  const tamper = (token: string) => {
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    return [header, Buffer.from(JSON.stringify({ ...claims, role: "ADMIN" })).toString("base64url"), signature].join(".");
  };
  const unsigned = (token: string) =>
    [Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url"), token.split(".")[1], ""].join(".");
  const otherKey = newEcKey();

  it.each<[string, (reg: Awaited<ReturnType<typeof registerUser>>) => string]>([
    ["a token whose claims were changed after signing", (reg) => tamper(reg.accessToken)],
    ["a token signed by another key under the API's kid", (reg) => forge(reg.user, { signWith: otherKey.privateKey })],
    [
      "a token signed by another key under its own kid",
      (reg) => forge(reg.user, { signWith: otherKey.privateKey, header: { kid: thumbprint(otherKey.publicKey) } }),
    ],
    [
      "an HS256 token keyed with the public key (algorithm confusion)",
      (reg) => forge(reg.user, { algorithm: "HS256", signWith: Buffer.from(pem(key.publicKey, "spki")) }),
    ],
    ["an unsigned token (alg none)", (reg) => unsigned(forge(reg.user))],
    ["a token for another audience", (reg) => forge(reg.user, { audience: "another-api" })],
    ["a token that is not an access token (typ JWT)", (reg) => forge(reg.user, { header: { typ: "JWT" } })],
    ["a token without a session id", (reg) => forge(reg.user, { claims: { sid: undefined } })],
    ["something that is not a JWT", () => "not-a-jwt"],
  ])("refuses %s with invalid_token", async (_label, make) => {
    const reg = await registerUser(api);
    const res = await hello(service, make(reg));
    expect(res.status).toBe(401);
    expect(res.challenge).toBe(INVALID_TOKEN);
    expect(res.body).toEqual({ error: "invalid_token" });
  });

  it("refuses an expired access token, allowing 30 s of clock skew", async () => {
    const reg = await registerUser(api);
    let now = api.clock.now();
    const later = await startService({ jwksUrl: jwksUrlOf(api), currentDate: () => now });
    const expiresAt = api.clock.now().getTime() + reg.expiresIn * 1000;

    now = new Date(expiresAt + 29_000);
    expect((await hello(later, reg.accessToken)).status).toBe(200);
    now = new Date(expiresAt + 31_000);
    const res = await hello(later, reg.accessToken);
    expect(res.status).toBe(401);
    expect(res.challenge).toBe(INVALID_TOKEN);
  });

  it("answers 503, not invalid_token, when the JWKS cannot be fetched", async () => {
    const closed = createServer();
    const port = (await listenOnce(closed)).port;
    const orphan = await startService({ jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`, currentDate: () => api.clock.now() });
    const reg = await registerUser(api);
    const res = await hello(orphan, reg.accessToken);
    expect(res.status).toBe(503);
    expect(res.challenge).toBeNull();
  });
});

describe("key rotation", () => {
  it("still accepts a token signed with the retired key from the rotated API's JWKS", async () => {
    const oldKey = newEcKey();
    const newKey = newEcKey();
    const before = await startApi({ JWT_ALGORITHM: "ES256", JWT_PRIVATE_KEY: pem(oldKey.privateKey, "pkcs8") });
    const oldToken = (await registerUser(before)).accessToken;

    const after = await startApi({
      JWT_ALGORITHM: "ES256",
      JWT_PRIVATE_KEY: pem(newKey.privateKey, "pkcs8"),
      JWT_RETIRED_PUBLIC_KEYS: pem(oldKey.publicKey, "spki"),
    });
    const service = await startService({ jwksUrl: jwksUrlOf(after), currentDate: () => after.clock.now() });
    const newReg = await registerUser(after);

    expect(JSON.parse(Buffer.from(oldToken.split(".")[0]!, "base64url").toString()).kid).toBe(thumbprint(oldKey.publicKey));
    expect((await hello(service, oldToken)).status).toBe(200);
    expect((await hello(service, newReg.accessToken)).body.user).toBe(newReg.user.id);
  });
});

describe("node examples/resource-service/server.mjs", () => {
  it("runs on its own, configured by the environment, and greets the holder of a fresh token", async () => {
    // The child process verifies with the real time, so this API signs with the real time too.
    const config = loadConfig(
      {
        NODE_ENV: "test",
        PORT: "0",
        DATABASE_URL: "sqlite::memory:",
        LOG_LEVEL: "silent",
        JWT_ALGORITHM: "ES256",
        JWT_PRIVATE_KEY: pem(newEcKey().privateKey, "pkcs8"),
      },
      { warn: () => {} },
    );
    const api = await createApp({ config, clock: systemClock });
    cleanups.push(() => api.stop());

    const entry = join(import.meta.dirname, "../../examples/resource-service/server.mjs");
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, JWKS_URL: jwksUrlOf(api), JWT_ISSUER: ISSUER, JWT_AUDIENCE: ISSUER, PORT: "0", HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
    await waitFor(() => LISTENING.test(output) || child.exitCode !== null, () => output);
    const base = LISTENING.exec(output)?.[1];
    expect(base, output).toBeDefined();

    const reg = await registerUser(api);
    const res = await hello(base!, reg.accessToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: "hello", user: reg.user.id, role: reg.user.role });
    expect((await hello(base!)).status).toBe(401);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
