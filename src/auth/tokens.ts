import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import type { Clock } from "../lib/clock.js";
import { Role } from "../entities/role.js";
import type { TokenProblem as TokenReason } from "../lib/errors.js";
import type { KeySet } from "./keys.js";

/** RFC 9068 access tokens: `typ: at+jwt`, short-lived, checked against the session on use. */

export const ACCESS_TOKEN_TYPE = "at+jwt";
export const MAX_CLOCK_SKEW_SECONDS = 30;
const MAX_TOKEN_LENGTH = 4096;
/**
 * Tokens whose signature and claims have checked out, kept to be recognised by their exact
 * text (see TokenService.verify). A client sends its one access token with every request
 * for its whole life, so a few hundred cover the clients of a busy process; the least
 * recently seen goes first. ~600 bytes each.
 */
export const VERIFIED_TOKENS_KEPT = 512;

/** What the signature and claims alone can tell; TOKEN_REVOKED needs the database. */
export type TokenProblem = Exclude<TokenReason, "TOKEN_REVOKED">;

export class AccessTokenError extends Error {
  constructor(readonly reason: TokenProblem) {
    super(reason === "TOKEN_EXPIRED" ? "access token expired" : "access token invalid");
    this.name = "AccessTokenError";
  }
}

export interface AccessTokenClaims {
  /** User id. */
  sub: string;
  /** Session id. */
  sid: string;
  /** The role when the token was issued: a hint for clients, never trusted by the server. */
  role: Role;
  jti: string;
  iat: number;
  exp: number;
  /** When the user last proved a credential (seconds); tokens issued before it existed lack it. */
  auth_time?: number;
}

export interface TokenServiceOptions {
  keys: KeySet;
  issuer: string;
  audience: string;
  /** Seconds. */
  ttl: number;
  clock: Clock;
}

export interface IssuedAccessToken {
  token: string;
  /** Seconds until it expires. */
  expiresIn: number;
  expiresAt: Date;
}

export class TokenService {
  /** Exact token text -> its claims, least recently seen first. */
  private readonly verified = new Map<string, AccessTokenClaims>();

  // KeyObjects, never strings: jsonwebtoken re-imports a string key on every call (~50x slower).
  constructor(private readonly options: TokenServiceOptions) {}

  /** `authTime`: when the user last proved a credential, kept by every refresh (auth_time). */
  sign(subject: { userId: string; sessionId: string; role: Role; authTime: Date }): IssuedAccessToken {
    const iat = Math.floor(this.options.clock.now().getTime() / 1000);
    const { algorithm, signingKey, kid } = this.options.keys;
    const authTime = Math.floor(subject.authTime.getTime() / 1000);
    const token = jwt.sign(
      { sub: subject.userId, sid: subject.sessionId, role: subject.role, jti: randomUUID(), iat, auth_time: authTime },
      signingKey,
      {
        algorithm,
        header: { alg: algorithm, typ: ACCESS_TOKEN_TYPE, ...(kid ? { kid } : {}) },
        expiresIn: this.options.ttl,
        issuer: this.options.issuer,
        audience: this.options.audience,
      },
    );
    return { token, expiresIn: this.options.ttl, expiresAt: new Date((iat + this.options.ttl) * 1000) };
  }

  /**
   * Checks signature, algorithm, typ, iss, aud, exp (30 s skew), the required claims (sub,
   * sid, jti, role, iat, exp), no `crit` header and a lifetime of at most ACCESS_TOKEN_TTL.
   * A token seen before with the same text (and so the same signature, under the same keys,
   * which do not change while the process runs) skips what cannot have changed since: the
   * signature, the header and the claims' shapes (jsonwebtoken decodes a token twice and
   * checks an HMAC, ~8% of a `me` request). What depends on the time is checked again on
   * every use: exp (TOKEN_EXPIRED) and iat (nbf, which jsonwebtoken also reads, is in no
   * token of ours). The session behind it is checked by the caller, on every request, as
   * before. The texts stay in memory until pushed out, a revoked session's too (worthless
   * then), as any request's token does while it runs.
   */
  verify(token: string): AccessTokenClaims {
    if (token.length > MAX_TOKEN_LENGTH) throw new AccessTokenError("TOKEN_INVALID");
    const now = Math.floor(this.options.clock.now().getTime() / 1000);
    const known = this.verified.get(token);
    if (known) {
      this.verified.delete(token);
      // jsonwebtoken's rule, with the same tolerance: expired from exp + skew on.
      if (now >= known.exp + MAX_CLOCK_SKEW_SECONDS) throw new AccessTokenError("TOKEN_EXPIRED");
      if (known.iat > now + MAX_CLOCK_SKEW_SECONDS) throw new AccessTokenError("TOKEN_INVALID");
      this.verified.set(token, known);
      return known;
    }
    // Frozen: every request that presents this token gets this one object.
    const claims = Object.freeze(this.check(token, now));
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
    return claims;
  }

  private check(token: string, now: number): AccessTokenClaims {
    // The header only picks the key; the key fixes the one algorithm accepted with it. An
    // HS256 key set has one key and no kid: the header need not be read for it.
    const { keys } = this.options;
    const key = keys.verificationKey(keys.kid === undefined ? undefined : kidOf(token));
    if (!key) throw new AccessTokenError("TOKEN_INVALID");
    let decoded: jwt.Jwt;
    try {
      decoded = jwt.verify(token, key.key, {
        algorithms: [key.algorithm],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: MAX_CLOCK_SKEW_SECONDS,
        clockTimestamp: now,
        complete: true,
      });
    } catch (error) {
      throw new AccessTokenError(error instanceof jwt.TokenExpiredError ? "TOKEN_EXPIRED" : "TOKEN_INVALID");
    }
    // The header is attacker-shaped JSON: typ may be anything, not only a string.
    const rawTyp: unknown = decoded.header.typ;
    const typ = typeof rawTyp === "string" ? rawTyp.toLowerCase() : undefined;
    if (typ !== ACCESS_TOKEN_TYPE && typ !== `application/${ACCESS_TOKEN_TYPE}`) {
      throw new AccessTokenError("TOKEN_INVALID");
    }
    // RFC 7515: a header naming critical extensions the verifier does not understand is
    // refused; this one understands none (and an empty list is malformed).
    if ((decoded.header as { crit?: unknown }).crit !== undefined) throw new AccessTokenError("TOKEN_INVALID");
    const claims = decoded.payload;
    if (
      typeof claims !== "object" ||
      !nonEmptyString(claims.sub) ||
      !nonEmptyString(claims.sid) ||
      !nonEmptyString(claims.jti) ||
      !ROLES.has(claims.role) ||
      typeof claims.iat !== "number" ||
      typeof claims.exp !== "number" ||
      claims.iat > now + MAX_CLOCK_SKEW_SECONDS ||
      (claims.auth_time !== undefined && (typeof claims.auth_time !== "number" || claims.auth_time > claims.iat)) ||
      // No token of ours lives longer than ACCESS_TOKEN_TTL: an exp of 1e308 is a forgery or a bug.
      claims.exp - claims.iat > this.options.ttl
    ) {
      throw new AccessTokenError("TOKEN_INVALID");
    }
    return claims as unknown as AccessTokenClaims;
  }
}

const ROLES: ReadonlySet<unknown> = new Set<unknown>(Object.values(Role));

const nonEmptyString = (value: unknown): value is string => typeof value === "string" && value !== "";

/** The `kid` of a token's header, read without trusting it (it only selects a key). */
function kidOf(token: string): string | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString());
    const kid = (header as { kid?: unknown } | null)?.kid;
    return typeof kid === "string" ? kid : undefined;
  } catch {
    return undefined;
  }
}
