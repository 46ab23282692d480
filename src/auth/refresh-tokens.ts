import { createHash, createHmac, randomBytes } from "node:crypto";

/** An opaque refresh token: 256 random bits, base64url. Only its hash is stored. */
export function generateRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * SHA-256, base64url. A plain hash suffices: the token has 256 bits of entropy, so there is
 * nothing to brute-force, and equality is then checked by the database's index lookup.
 */
export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** Cheap shape check before any database work: 43 base64url characters. */
export function isWellFormedRefreshToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * Each rotation's new token is derived from the one it retires: HMAC-SHA256 under a server
 * key (HKDF from the signing key). So a refresh that presents the token just retired can be
 * answered with the same successor again (the reuse interval) although only hashes are
 * stored, and nobody without the key can compute a successor.
 */
export function refreshTokenSuccessor(key: Buffer): (token: string) => string {
  return (token) => createHmac("sha256", key).update(token).digest("base64url");
}
