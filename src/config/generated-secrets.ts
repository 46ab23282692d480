import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Algorithm } from "./env-schema.js";

/**
 * Outside production, a missing JWT_SECRET or JWT_PRIVATE_KEY is generated once and kept
 * under the data folder (mode 0600), so tokens survive restarts. Of two processes starting
 * at once, one writes ("wx") and the other reads what it wrote.
 */

export const MIN_SECRET_BYTES = 32;

export class GeneratedSecretError extends Error {}

export function readOrCreateSecret(dataDir: string): { value: string; file: string } {
  const file = join(dataDir, "jwt-secret");
  const value = readOrCreate(file, () => `${randomBytes(48).toString("base64url")}\n`).trim();
  if (Buffer.byteLength(value) < MIN_SECRET_BYTES) {
    throw new GeneratedSecretError(`JWT_SECRET is not set and ${file} holds no usable secret: delete it or set JWT_SECRET`);
  }
  return { value, file };
}

export function readOrCreatePrivateKey(dataDir: string, algorithm: Exclude<Algorithm, "HS256">): { value: string; file: string } {
  const file = join(dataDir, `jwt-private-key-${algorithm.toLowerCase()}.pem`);
  const value = readOrCreate(file, () => {
    const { privateKey } =
      algorithm === "ES256"
        ? generateKeyPairSync("ec", { namedCurve: "P-256" })
        : generateKeyPairSync("rsa", { modulusLength: 2048 });
    return privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  });
  return { value, file };
}

function readOrCreate(file: string, make: () => string): string {
  mkdirSync(join(file, ".."), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, make(), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(file, "utf8");
}
