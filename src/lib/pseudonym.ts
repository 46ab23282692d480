import { createHmac } from "node:crypto";

/**
 * A keyed hash for logs: the same input always gives the same 128-bit pseudonym, so the
 * attempts on one username can be followed across log lines, while the name itself (and
 * any password typed into the username field) never reaches the log, and nobody without
 * the key can test a guess against it.
 */
export function pseudonymizer(key: Buffer): (value: string) => string {
  return (value) => createHmac("sha256", key).update(value).digest("base64url").slice(0, 22);
}
