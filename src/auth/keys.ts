import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  hkdfSync,
  type JsonWebKey,
  type KeyObject,
} from "node:crypto";
import { algorithmOf, type Algorithm } from "../config/env-schema.js";

export { algorithmOf, type Algorithm };

/**
 * The keys tokens are signed and checked with. HS256: one shared secret, nothing to publish.
 * ES256/RS256: a private key signs; its public key and any retired public keys verify, each
 * found by its `kid` (the RFC 7638 thumbprint) and published as a JWKS.
 */

export interface VerificationKey {
  kid: string;
  algorithm: Algorithm;
  key: KeyObject;
}

export interface KeySet {
  algorithm: Algorithm;
  signingKey: KeyObject;
  /** Absent with HS256. */
  kid?: string;
  /** The key for a token's header: by `kid` for asymmetric keys, the secret for HS256. */
  verificationKey(kid: string | undefined): VerificationKey | undefined;
  /** The public keys, current first, as a JWK Set. */
  jwks(): { keys: PublicJwk[] };
}

export type PublicJwk = JsonWebKey & { kid: string; alg: Algorithm; use: "sig" };

export class KeyError extends Error {}

export function createKeySet(options: {
  algorithm: Algorithm;
  secret: string;
  privateKey: string | null;
  retiredPublicKeys: readonly string[];
}): KeySet {
  if (options.algorithm === "HS256") {
    const key = createSecretKey(Buffer.from(options.secret, "utf8"));
    const only: VerificationKey = { kid: "", algorithm: "HS256", key };
    return {
      algorithm: "HS256",
      signingKey: key,
      verificationKey: () => only,
      jwks: () => ({ keys: [] }),
    };
  }
  if (!options.privateKey) throw new KeyError(`JWT_PRIVATE_KEY is required with ${options.algorithm}`);
  const signingKey = createPrivateKey(options.privateKey);
  if (algorithmOf(signingKey) !== options.algorithm) {
    throw new KeyError(`JWT_PRIVATE_KEY is not a ${describe(options.algorithm)} key`);
  }
  const current = publicEntry(createPublicKey(signingKey));
  const retired = options.retiredPublicKeys.map((pem) => publicEntry(createPublicKey(pem)));
  const byKid = new Map([current, ...retired].map((entry) => [entry.kid, entry]));
  return {
    algorithm: options.algorithm,
    signingKey,
    kid: current.kid,
    verificationKey: (kid) => (kid === undefined ? undefined : byKid.get(kid)),
    jwks: () => ({
      keys: [...byKid.values()].map(({ key, kid, algorithm }) => Object.assign(key.export({ format: "jwk" }), { kid, alg: algorithm, use: "sig" as const })),
    }),
  };
}

function publicEntry(key: KeyObject): VerificationKey {
  const algorithm = algorithmOf(key);
  if (!algorithm) throw new KeyError("a public key is neither an EC P-256 nor an RSA key");
  return { kid: thumbprint(key), algorithm, key };
}

/** RFC 7638: SHA-256 of the required members in lexicographic order, base64url. */
export function thumbprint(key: KeyObject): string {
  const jwk = (key.type === "private" ? createPublicKey(key) : key).export({ format: "jwk" });
  const members =
    jwk.kty === "EC" ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash("sha256").update(JSON.stringify(members)).digest("base64url");
}

const describe = (algorithm: Algorithm) => (algorithm === "ES256" ? "EC P-256" : "RSA (2048 bits or more)");

/**
 * A key of its own for another purpose (`info` names it), derived from the signing key with
 * HKDF-SHA256: the same on every instance that shares JWT_SECRET or JWT_PRIVATE_KEY, and
 * nothing learnt from it helps against the signing key.
 */
export function deriveKey(keys: Pick<KeySet, "signingKey">, info: string): Buffer {
  const material = keys.signingKey.type === "secret" ? keys.signingKey.export() : keys.signingKey.export({ type: "pkcs8", format: "der" });
  return Buffer.from(hkdfSync("sha256", material, Buffer.alloc(0), info, 32));
}
