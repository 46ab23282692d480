import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KeyError, algorithmOf, createKeySet, thumbprint } from "../../src/auth/keys.js";

const pem = (key: { export(o: object): string | Buffer }, type: "pkcs8" | "spki") =>
  key.export({ type, format: "pem" }).toString();
const ec = () => generateKeyPairSync("ec", { namedCurve: "P-256" });
const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 });

describe("thumbprint", () => {
  it("matches the RFC 7638 example", () => {
    // RFC 7638, section 3.1.
    const key = createPublicKey({
      format: "jwk",
      key: {
        kty: "RSA",
        n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        e: "AQAB",
      },
    });
    expect(thumbprint(key)).toBe("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  });

  it("is the same for a private key and its public key", () => {
    const { privateKey, publicKey } = ec();
    expect(thumbprint(privateKey)).toBe(thumbprint(publicKey));
  });
});

describe("algorithmOf", () => {
  it("names ES256 for P-256, RS256 for RSA 2048+, nothing for other curves or short RSA", () => {
    expect(algorithmOf(ec().publicKey)).toBe("ES256");
    expect(algorithmOf(rsa().publicKey)).toBe("RS256");
    expect(algorithmOf(generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey)).toBeUndefined();
    expect(algorithmOf(generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey)).toBeUndefined();
    expect(algorithmOf(generateKeyPairSync("ed25519").publicKey)).toBeUndefined();
  });
});

describe("createKeySet", () => {
  const base = { secret: "s".repeat(32), retiredPublicKeys: [] as string[] };

  it("publishes nothing with HS256", () => {
    const keys = createKeySet({ ...base, algorithm: "HS256", privateKey: null });
    expect(keys.jwks()).toEqual({ keys: [] });
    expect(keys.kid).toBeUndefined();
  });

  it("publishes the current and retired public keys with kid, alg and use, and no private parts", () => {
    const current = ec();
    const retired = rsa();
    const keys = createKeySet({
      ...base,
      algorithm: "ES256",
      privateKey: pem(current.privateKey, "pkcs8"),
      retiredPublicKeys: [pem(retired.publicKey, "spki")],
    });
    const { keys: published } = keys.jwks();
    expect(published.map((k) => [k.kid, k.alg, k.use])).toEqual([
      [thumbprint(current.publicKey), "ES256", "sig"],
      [thumbprint(retired.publicKey), "RS256", "sig"],
    ]);
    expect(keys.kid).toBe(thumbprint(current.publicKey));
    for (const jwk of published) expect(jwk).not.toHaveProperty("d");
    expect(keys.verificationKey(thumbprint(retired.publicKey))?.algorithm).toBe("RS256");
    expect(keys.verificationKey("unknown")).toBeUndefined();
    expect(keys.verificationKey(undefined)).toBeUndefined();
  });

  it("refuses a private key that does not fit the algorithm", () => {
    expect(() => createKeySet({ ...base, algorithm: "RS256", privateKey: pem(ec().privateKey, "pkcs8") })).toThrow(KeyError);
    expect(() => createKeySet({ ...base, algorithm: "ES256", privateKey: null })).toThrow(KeyError);
  });
});
