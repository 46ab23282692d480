import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { isIP } from "node:net";
import { z } from "zod";
import { parseDuration } from "./duration.js";

/** The contract's environment variables: how each is parsed, and its default. */

/** The signing algorithms this server speaks (JWT_ALGORITHM). */
export type Algorithm = "HS256" | "ES256" | "RS256";

/** ES256 for EC P-256, RS256 for RSA of at least 2048 bits; anything else is unusable. */
export function algorithmOf(key: KeyObject): Algorithm | undefined {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "ec" && details?.namedCurve === "prime256v1") return "ES256";
  if (key.asymmetricKeyType === "rsa" && (details?.modulusLength ?? 0) >= 2048) return "RS256";
  return undefined;
}


const MAX_TTL_SECONDS = 365 * 86_400;

const duration = (name: string) =>
  z.string().transform((value, ctx) => {
    const seconds = parseDuration(value);
    if (seconds === null) {
      ctx.addIssue({ code: "custom", message: `${name} must be seconds (900) or a duration like 30s, 15m, 12h, 30d` });
      return z.NEVER;
    }
    if (seconds > MAX_TTL_SECONDS) {
      ctx.addIssue({ code: "custom", message: `${name} must be at most 365d` });
      return z.NEVER;
    }
    return seconds;
  });

/** The reuse interval may be 0 (strict: every reuse is theft), and stays short. */
const MAX_REUSE_INTERVAL_SECONDS = 600;

const reuseInterval = z.string().transform((value, ctx) => {
  const seconds = /^\s*0+[smhd]?\s*$/.test(value) ? 0 : parseDuration(value);
  if (seconds === null || seconds > MAX_REUSE_INTERVAL_SECONDS) {
    ctx.addIssue({
      code: "custom",
      message: "REFRESH_TOKEN_REUSE_INTERVAL must be 0 or a duration of at most 10m (seconds like 30, or 30s, 2m)",
    });
    return z.NEVER;
  }
  return seconds;
});

/** PUBLIC_URL: where users reach the server (http or https, no query or fragment); kept without a trailing slash. */
const publicUrl = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return undefined;
    const url = URL.canParse(value) ? new URL(value) : null;
    if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
      ctx.addIssue({ code: "custom", message: "PUBLIC_URL must be an http:// or https:// URL without query, fragment or credentials" });
      return z.NEVER;
    }
    return url.href.replace(/\/+$/, "");
  });

/** SMTP_URL: smtp:// or smtps://, with a host. The message never repeats the value: it may hold a password. */
const smtpUrl = z
  .string()
  .optional()
  .refine((value) => {
    if (value === undefined) return true;
    const url = URL.canParse(value) ? new URL(value) : null;
    return !!url && /^smtps?:$/.test(url.protocol) && url.hostname !== "";
  }, "SMTP_URL must be an smtp:// or smtps:// URL with a host, like smtp://user:pass@smtp.example.com:587");

/** An address as the contract's input rules take it (one @, a dotted domain). */
const ADDRESS = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** MAIL_FROM: `no-reply@example.com` or `Example <no-reply@example.com>`. */
const mailFrom = z
  .string()
  .optional()
  .refine((value) => {
    if (value === undefined) return true;
    const named = /^([^<>\r\n"]*)<([^<>\s]+)>$/.exec(value.trim());
    const address = named ? named[2]! : value.trim();
    return address.length <= 254 && ADDRESS.test(address);
  }, "MAIL_FROM must be an e-mail address, optionally with a name: no-reply@example.com or Example <no-reply@example.com>");

/**
 * METRICS_TOKEN: the bearer a scraper sends for GET /metrics; as long as a secret, in the
 * characters a bearer token may have. The message never repeats the value.
 */
export const MIN_METRICS_TOKEN_LENGTH = 32;
const metricsToken = z
  .string()
  .optional()
  .refine(
    (value) => value === undefined || (value.length >= MIN_METRICS_TOKEN_LENGTH && /^[A-Za-z0-9\-._~+/]+=*$/.test(value)),
    `METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters of A-Z a-z 0-9 - . _ ~ + / (openssl rand -hex 32 makes one)`,
  );

const int = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be an integer from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be an integer from ${min} to ${max}`);

const PEM_BLOCK = /-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g;

/**
 * TRUST_PROXY, in the form Fastify's trustProxy takes: false; a number of proxy hops (`true`
 * is exactly one proxy, so the client is the rightmost X-Forwarded-For entry, never the
 * leftmost, which the client writes); or the proxies' addresses and CIDR ranges.
 */
export type TrustProxy = false | number | readonly string[];

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split("/");
  const version = isIP(address ?? "");
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

const trustProxy = z.string().transform((value, ctx): TrustProxy => {
  const v = value.trim().toLowerCase();
  if (["0", "false", "no", "off", ""].includes(v)) return false;
  if (["true", "yes", "on"].includes(v)) return 1;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const entries = v.split(",").map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (bad.length > 0 || entries.length === 0) {
    ctx.addIssue({
      code: "custom",
      message: `TRUST_PROXY must be false, true (one proxy), a number of proxy hops, or proxy addresses/CIDR ranges (not "${bad[0] ?? value}")`,
    });
    return z.NEVER;
  }
  return entries;
});

/**
 * The in-memory counters expire by timer, and Node fires a timer of more than 2^31 - 1 ms
 * (24.8 days) at once: a longer window would forget every attempt, so none is accepted.
 */
const MAX_LIMIT_SECONDS = 24 * 86_400;

/** A sign-in back-off: `<free failures>/<window>/<longest wait>`, e.g. `5/1h/15m`. */
const backoffLimit = (name: string) =>
  z.string().transform((value, ctx) => {
    const [free, window, maxDelay, ...rest] = value.split("/").map((part) => part.trim());
    const parsed = {
      free: /^\d{1,9}$/.test(free ?? "") ? Number(free) : null,
      window: parseDuration(window ?? ""),
      maxDelay: parseDuration(maxDelay ?? ""),
    };
    if (parsed.free === null || parsed.window === null || parsed.maxDelay === null || rest.length > 0) {
      ctx.addIssue({ code: "custom", message: `${name} must be <free failures>/<window>/<longest wait>, like 5/1h/15m` });
      return z.NEVER;
    }
    if (parsed.window > MAX_LIMIT_SECONDS || parsed.maxDelay > MAX_LIMIT_SECONDS) {
      ctx.addIssue({ code: "custom", message: `${name}: a window or a wait is at most 24d` });
      return z.NEVER;
    }
    return parsed as { free: number; window: number; maxDelay: number };
  });

/** A plain rate: `<attempts>/<window>`, e.g. `30/10m`. */
const rateLimit = (name: string) =>
  z.string().transform((value, ctx) => {
    const [points, window, ...rest] = value.split("/").map((part) => part.trim());
    const parsed = { points: /^\d{1,9}$/.test(points ?? "") ? Number(points) : 0, window: parseDuration(window ?? "") };
    if (parsed.points < 1 || parsed.window === null || rest.length > 0) {
      ctx.addIssue({ code: "custom", message: `${name} must be <attempts>/<window>, like 30/10m` });
      return z.NEVER;
    }
    if (parsed.window > MAX_LIMIT_SECONDS) {
      ctx.addIssue({ code: "custom", message: `${name}: a window is at most 24d` });
      return z.NEVER;
    }
    return parsed as { points: number; window: number };
  });

const publicKeyList = z.string().transform((value, ctx) => {
  const pems = (value.match(PEM_BLOCK) ?? []).map((pem) => pem.trim());
  if (value.trim() !== "" && pems.length === 0) {
    ctx.addIssue({ code: "custom", message: "JWT_RETIRED_PUBLIC_KEYS must be one or more PEM public keys" });
  }
  pems.forEach((pem, index) => {
    if (!parses(() => createPublicKey(pem))) {
      ctx.addIssue({ code: "custom", message: `JWT_RETIRED_PUBLIC_KEYS: key ${index + 1} is not a valid PEM public key` });
    }
  });
  return pems;
});

const privateKey = z
  .string()
  .refine((pem) => parses(() => createPrivateKey(pem)), "JWT_PRIVATE_KEY must be a PEM private key")
  .optional();

function parses(read: () => unknown): boolean {
  try {
    read();
    return true;
  } catch {
    return false;
  }
}

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"], {
    error: "NODE_ENV must be development, production or test",
  }),
  PORT: int("PORT", 0, 65535),
  HOST: z.string().min(1, "HOST must not be empty"),
  DATABASE_URL: z
    .string()
    .refine(
      (url) => /^sqlite:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url),
      "DATABASE_URL must be sqlite:PATH, sqlite::memory: or postgres://user:pass@host:5432/db",
    ),
  JWT_SECRET: z.string().optional(),
  JWT_ISSUER: z.string().min(1, "JWT_ISSUER must not be empty"),
  JWT_AUDIENCE: z.string().min(1, "JWT_AUDIENCE must not be empty"),
  ACCESS_TOKEN_TTL: duration("ACCESS_TOKEN_TTL"),
  REFRESH_TOKEN_TTL: duration("REFRESH_TOKEN_TTL"),
  REFRESH_TOKEN_REUSE_INTERVAL: reuseInterval,
  PUBLIC_URL: publicUrl,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
    error: "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
  }),
  JWT_ALGORITHM: z.enum(["HS256", "ES256", "RS256"], { error: "JWT_ALGORITHM must be HS256, ES256 or RS256" }),
  JWT_PRIVATE_KEY: privateKey,
  JWT_RETIRED_PUBLIC_KEYS: publicKeyList,
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, "REDIS_URL must be a redis:// or rediss:// URL")
    .optional(),
  CORS_ORIGINS: z.string().transform((value, ctx) => {
    const origins = value
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean);
    for (const origin of origins) {
      if (!/^https?:\/\/[^/\s]+$/.test(origin) || !URL.canParse(origin)) {
        ctx.addIssue({ code: "custom", message: `CORS_ORIGINS has an invalid origin "${origin}"` });
      }
    }
    // As browsers send Origin: the host lower-cased, a default port (:443, :80) dropped.
    return origins.map((origin) => (URL.canParse(origin) ? new URL(origin).origin : origin));
  }),
  TRUST_PROXY: trustProxy,
  WEB_CONCURRENCY: int("WEB_CONCURRENCY", 1, 256),
  MAX_SESSIONS_PER_USER: int("MAX_SESSIONS_PER_USER", 1, 10_000),
  RATE_LIMITS: z.enum(["on", "off"], { error: "RATE_LIMITS must be on or off" }),
  WEB_APP: z.enum(["on", "off"], { error: "WEB_APP must be on or off" }),
  SMTP_URL: smtpUrl,
  MAIL_FROM: mailFrom,
  MAIL: z.enum(["on", "off"], { error: "MAIL must be on or off" }),
  METRICS: z.enum(["on", "off"], { error: "METRICS must be on or off" }),
  METRICS_TOKEN: metricsToken,
  RATE_LIMIT_LOGIN_ACCOUNT_IP: backoffLimit("RATE_LIMIT_LOGIN_ACCOUNT_IP"),
  RATE_LIMIT_LOGIN_ACCOUNT: backoffLimit("RATE_LIMIT_LOGIN_ACCOUNT"),
  RATE_LIMIT_LOGIN_IP: backoffLimit("RATE_LIMIT_LOGIN_IP"),
  RATE_LIMIT_REGISTER_IP: rateLimit("RATE_LIMIT_REGISTER_IP"),
  RATE_LIMIT_REFRESH_IP: rateLimit("RATE_LIMIT_REFRESH_IP"),
  RATE_LIMIT_EMAIL_ADDRESS: rateLimit("RATE_LIMIT_EMAIL_ADDRESS"),
  RATE_LIMIT_EMAIL_IP: rateLimit("RATE_LIMIT_EMAIL_IP"),
  GRAPHQL_MAX_DEPTH: int("GRAPHQL_MAX_DEPTH", 1, 100),
  GRAPHQL_MAX_ALIASES: int("GRAPHQL_MAX_ALIASES", 0, 1000),
  GRAPHQL_MAX_DIRECTIVES: int("GRAPHQL_MAX_DIRECTIVES", 0, 1000),
  GRAPHQL_MAX_TOKENS: int("GRAPHQL_MAX_TOKENS", 10, 100_000),
  GRAPHQL_MAX_COST: int("GRAPHQL_MAX_COST", 1, 1_000_000),
  GRAPHQL_MAX_AUTH_OPERATIONS: int("GRAPHQL_MAX_AUTH_OPERATIONS", 1, 100),
});

export const envDefaults: Record<string, string> = {
  NODE_ENV: "development",
  PORT: "4000",
  HOST: "127.0.0.1",
  DATABASE_URL: "sqlite:./data/app.sqlite",
  JWT_ISSUER: "graphql-auth-api",
  JWT_AUDIENCE: "graphql-auth-api",
  ACCESS_TOKEN_TTL: "15m",
  REFRESH_TOKEN_TTL: "30d",
  REFRESH_TOKEN_REUSE_INTERVAL: "30s",
  LOG_LEVEL: "info",
  JWT_ALGORITHM: "HS256",
  JWT_RETIRED_PUBLIC_KEYS: "",
  CORS_ORIGINS: "",
  TRUST_PROXY: "false",
  WEB_CONCURRENCY: "1",
  MAX_SESSIONS_PER_USER: "100",
  RATE_LIMITS: "on",
  WEB_APP: "on",
  MAIL: "on",
  METRICS: "off",
  RATE_LIMIT_LOGIN_ACCOUNT_IP: "5/1h/15m",
  RATE_LIMIT_LOGIN_ACCOUNT: "50/1h/15m",
  RATE_LIMIT_LOGIN_IP: "100/1h/1h",
  RATE_LIMIT_REGISTER_IP: "30/10m",
  RATE_LIMIT_REFRESH_IP: "120/1m",
  RATE_LIMIT_EMAIL_ADDRESS: "5/1h",
  RATE_LIMIT_EMAIL_IP: "30/1h",
  GRAPHQL_MAX_DEPTH: "8",
  GRAPHQL_MAX_ALIASES: "15",
  GRAPHQL_MAX_DIRECTIVES: "10",
  GRAPHQL_MAX_TOKENS: "1000",
  GRAPHQL_MAX_COST: "10000",
  GRAPHQL_MAX_AUTH_OPERATIONS: "3",
};

