import { generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify } from "jose";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { thumbprint } from "../../src/auth/keys.js";
import { ME, registerUser } from "../helpers/factories.js";
import { gql } from "../helpers/gql.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

/** ES256 and RS256: tokens carry a kid, the JWKS publishes the keys, retired keys still verify. */

const pem = (key: { export(o: object): string | Buffer }, type: "pkcs8" | "spki") =>
  key.export({ type, format: "pem" }).toString();
const ISSUER = "graphql-auth-api";

const retired = generateKeyPairSync("ec", { namedCurve: "P-256" });
const current = generateKeyPairSync("ec", { namedCurve: "P-256" });
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({
    JWT_ALGORITHM: "ES256",
    JWT_PRIVATE_KEY: pem(current.privateKey, "pkcs8"),
    JWT_RETIRED_PUBLIC_KEYS: pem(retired.publicKey, "spki"),
  });
});
afterAll(() => app.stop());

const jwksUrl = () => app.url.replace(/\/graphql$/, "/.well-known/jwks.json");
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString());
const sidOf = (token: string) => (jwt.decode(token) as { sid: string }).sid;

function forge(user: { id: string; role: string }, sid: string, key: KeyObject, header: object, algorithm: jwt.Algorithm) {
  const iat = Math.floor(app.clock.now().getTime() / 1000);
  return jwt.sign({ sub: user.id, sid, role: user.role, jti: randomUUID(), iat }, key, {
    algorithm,
    header: { alg: algorithm, typ: "at+jwt", ...header },
    expiresIn: 600,
    issuer: ISSUER,
    audience: ISSUER,
  });
}

describe("ES256", () => {
  it("signs access tokens with ES256 and the RFC 7638 thumbprint as kid", async () => {
    const reg = await registerUser(app);
    expect(headerOf(reg.accessToken)).toEqual({ alg: "ES256", typ: "at+jwt", kid: thumbprint(current.publicKey) });
    expect((await gql(app.url, ME, {}, { token: reg.accessToken })).body.data?.me.id).toBe(reg.user.id);
  });

  it("publishes the current and the retired public keys, cacheable", async () => {
    const res = await fetch(jwksUrl());
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/max-age=\d+/);
    const { keys } = (await res.json()) as { keys: Record<string, string>[] };
    expect(keys.map((k) => [k.kid, k.alg, k.use, k.kty, k.crv])).toEqual([
      [thumbprint(current.publicKey), "ES256", "sig", "EC", "P-256"],
      [thumbprint(retired.publicKey), "ES256", "sig", "EC", "P-256"],
    ]);
    for (const key of keys) expect(key).not.toHaveProperty("d");
  });

  it("lets another service verify its tokens with jose and the JWKS URL alone", async () => {
    const reg = await registerUser(app);
    const { payload, protectedHeader } = await jwtVerify(reg.accessToken, createRemoteJWKSet(new URL(jwksUrl())), {
      issuer: ISSUER,
      audience: ISSUER,
      typ: "at+jwt",
      currentDate: app.clock.now(),
    });
    expect(payload.sub).toBe(reg.user.id);
    expect(protectedHeader.alg).toBe("ES256");
  });

  it("still accepts a token signed with a retired key, so rotation logs nobody out", async () => {
    const reg = await registerUser(app);
    const token = forge(reg.user, sidOf(reg.accessToken), retired.privateKey, { kid: thumbprint(retired.publicKey) }, "ES256");
    expect((await gql(app.url, ME, {}, { token })).body.data?.me.id).toBe(reg.user.id);
  });

  it.each([
    ["an unknown key", () => generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey, (k: string) => ({ kid: k }), "ES256"],
    ["no kid", () => current.privateKey, () => ({}), "ES256"],
  ] as const)("refuses a token signed with %s", async (_label, key, header, algorithm) => {
    const reg = await registerUser(app);
    const token = forge(reg.user, sidOf(reg.accessToken), key(), header(thumbprint(current.publicKey)), algorithm);
    const res = await gql(app.url, ME, {}, { token });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.reason).toBe("TOKEN_INVALID");
  });

  it("refuses an HS256 token 'signed' with the public key (algorithm confusion)", async () => {
    const reg = await registerUser(app);
    const publicPem = pem(current.publicKey, "spki");
    const iat = Math.floor(app.clock.now().getTime() / 1000);
    const token = jwt.sign({ sub: reg.user.id, sid: sidOf(reg.accessToken), role: "ADMIN", jti: randomUUID(), iat }, Buffer.from(publicPem), {
      algorithm: "HS256",
      header: { alg: "HS256", typ: "at+jwt", kid: thumbprint(current.publicKey) },
      expiresIn: 600,
      issuer: ISSUER,
      audience: ISSUER,
    });
    const res = await gql(app.url, ME, {}, { token });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.reason).toBe("TOKEN_INVALID");
  });
});

describe("RS256", () => {
  it("signs with RS256 and verifies with the published key", async () => {
    const key = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const rs = await createTestApp({ JWT_ALGORITHM: "RS256", JWT_PRIVATE_KEY: pem(key.privateKey, "pkcs8") });
    try {
      const reg = await registerUser(rs);
      expect(headerOf(reg.accessToken)).toMatchObject({ alg: "RS256", kid: thumbprint(key.publicKey) });
      const jwks = await (await fetch(rs.url.replace(/\/graphql$/, "/.well-known/jwks.json"))).json();
      const { payload } = await jwtVerify(reg.accessToken, createLocalJWKSet(jwks as never), {
        issuer: ISSUER,
        currentDate: rs.clock.now(),
      });
      expect(payload.sub).toBe(reg.user.id);
      expect((await gql(rs.url, ME, {}, { token: reg.accessToken })).body.data?.me.id).toBe(reg.user.id);
    } finally {
      await rs.stop();
    }
  });
});
