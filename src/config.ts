import { createPrivateKey, createPublicKey } from "node:crypto";
import { resolve } from "node:path";
import { z } from "zod";
import { algorithmOf } from "./auth/keys.js";
import { parseDuration } from "./duration.js";
import {
  GeneratedSecretError,
  MIN_SECRET_BYTES,
  readOrCreatePrivateKey,
  readOrCreateSecret,
} from "./generated-secrets.js";

/** The only reader of process.env: every variable of the contract, validated once. */

export type Algorithm = "HS256" | "ES256" | "RS256";

export interface Config {
  readonly env: "development" | "production" | "test";
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly dataDir: string;
  readonly jwt: {
    readonly algorithm: Algorithm;
    readonly secret: string;
    readonly privateKey: string | null;
    readonly retiredPublicKeys: readonly string[];
    readonly issuer: string;
    readonly audience: string;
  };
  /** Seconds. */
  readonly accessTokenTtl: number;
  /** Seconds. */
  readonly refreshTokenTtl: number;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  readonly redisUrl: string | null;
  readonly corsOrigins: readonly string[];
  readonly trustProxy: boolean;
  readonly webConcurrency: number;
  /** Brute-force throttling; off only for load tests. */
  readonly rateLimits: boolean;
  readonly queryLimits: QueryLimits;
}

/** Per GraphQL document. */
export interface QueryLimits {
  readonly depth: number;
  readonly aliases: number;
  readonly directives: number;
  readonly tokens: number;
  readonly cost: number;
  /** login, register, refreshToken, changePassword fields in one document. */
  readonly authOperations: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
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

const bool = (name: string) =>
  z.string().transform((value, ctx) => {
    const v = value.trim().toLowerCase();
    if (["1", "true", "yes", "on"].includes(v)) return true;
    if (["0", "false", "no", "off", ""].includes(v)) return false;
    ctx.addIssue({ code: "custom", message: `${name} must be true or false` });
    return z.NEVER;
  });

const int = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be an integer from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be an integer from ${min} to ${max}`);

const PEM_BLOCK = /-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g;

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

const schema = z.object({
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
      if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
        ctx.addIssue({ code: "custom", message: `CORS_ORIGINS has an invalid origin "${origin}"` });
      }
    }
    return origins;
  }),
  TRUST_PROXY: bool("TRUST_PROXY"),
  WEB_CONCURRENCY: int("WEB_CONCURRENCY", 1, 256),
  RATE_LIMITS: z.enum(["on", "off"], { error: "RATE_LIMITS must be on or off" }),
  GRAPHQL_MAX_DEPTH: int("GRAPHQL_MAX_DEPTH", 1, 100),
  GRAPHQL_MAX_ALIASES: int("GRAPHQL_MAX_ALIASES", 0, 1000),
  GRAPHQL_MAX_DIRECTIVES: int("GRAPHQL_MAX_DIRECTIVES", 0, 1000),
  GRAPHQL_MAX_TOKENS: int("GRAPHQL_MAX_TOKENS", 10, 100_000),
  GRAPHQL_MAX_COST: int("GRAPHQL_MAX_COST", 1, 1_000_000),
  GRAPHQL_MAX_AUTH_OPERATIONS: int("GRAPHQL_MAX_AUTH_OPERATIONS", 1, 100),
});

const defaults: Record<string, string> = {
  NODE_ENV: "development",
  PORT: "4000",
  HOST: "127.0.0.1",
  DATABASE_URL: "sqlite:./data/app.sqlite",
  JWT_ISSUER: "graphql-auth-api",
  JWT_AUDIENCE: "graphql-auth-api",
  ACCESS_TOKEN_TTL: "15m",
  REFRESH_TOKEN_TTL: "30d",
  LOG_LEVEL: "info",
  JWT_ALGORITHM: "HS256",
  JWT_RETIRED_PUBLIC_KEYS: "",
  CORS_ORIGINS: "",
  TRUST_PROXY: "false",
  WEB_CONCURRENCY: "1",
  RATE_LIMITS: "on",
  GRAPHQL_MAX_DEPTH: "8",
  GRAPHQL_MAX_ALIASES: "15",
  GRAPHQL_MAX_DIRECTIVES: "10",
  GRAPHQL_MAX_TOKENS: "1000",
  GRAPHQL_MAX_COST: "5000",
  GRAPHQL_MAX_AUTH_OPERATIONS: "3",
};

export interface LoadConfigOptions {
  /** Where generated secrets are kept outside production. Default `./data`. */
  dataDir?: string;
  /** Receives warnings (generated secret, weak secret). */
  warn?: (message: string) => void;
}

/**
 * Parses the environment into a frozen Config, or throws a ConfigError with one line per
 * bad variable. Outside production a missing JWT_SECRET is generated once and kept in
 * `<dataDir>/jwt-secret` (mode 0600).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  const warn = options.warn ?? ((message: string) => process.emitWarning(message));
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    input[key] = value === undefined || value === "" ? defaults[key] : value;
  }
  const problems: string[] = [];
  const parsed = schema.safeParse(input);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => issue.message));

  // Checked on the raw values too, so that one start reports every problem at once.
  const isProduction = input.NODE_ENV === "production";
  const givenSecret = input.JWT_SECRET ?? "";
  const hmac = (input.JWT_ALGORITHM ?? "HS256") === "HS256";
  if (hmac && isProduction && Buffer.byteLength(givenSecret) < MIN_SECRET_BYTES) {
    problems.push(
      givenSecret
        ? `JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes in production`
        : `JWT_SECRET is required in production (at least ${MIN_SECRET_BYTES} bytes)`,
    );
  }
  if (parsed.success) {
    const vars = parsed.data;
    if (vars.JWT_ALGORITHM !== "HS256") {
      if (vars.JWT_PRIVATE_KEY) {
        const kind = algorithmOf(createPrivateKey(vars.JWT_PRIVATE_KEY));
        if (kind !== vars.JWT_ALGORITHM) {
          problems.push(`JWT_PRIVATE_KEY does not fit JWT_ALGORITHM=${vars.JWT_ALGORITHM} (${keyKind(vars.JWT_ALGORITHM)})`);
        }
      } else if (isProduction) {
        problems.push(`JWT_PRIVATE_KEY is required in production with JWT_ALGORITHM=${vars.JWT_ALGORITHM}`);
      }
    }
    if (vars.ACCESS_TOKEN_TTL > vars.REFRESH_TOKEN_TTL) {
      problems.push("ACCESS_TOKEN_TTL must not be longer than REFRESH_TOKEN_TTL");
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const vars = parsed.data;
  const dataDir = resolve(options.dataDir ?? "data");
  let secret = givenSecret;
  let privateKey = vars.JWT_PRIVATE_KEY ?? null;
  try {
    if (vars.JWT_ALGORITHM === "HS256" && !secret) {
      const kept = readOrCreateSecret(dataDir);
      secret = kept.value;
      warn(`JWT_SECRET is not set: using a generated secret kept in ${kept.file}`);
    } else if (vars.JWT_ALGORITHM === "HS256" && Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
      warn(`JWT_SECRET is shorter than ${MIN_SECRET_BYTES} bytes: production refuses to start with it`);
    } else if (vars.JWT_ALGORITHM !== "HS256" && !privateKey) {
      const kept = readOrCreatePrivateKey(dataDir, vars.JWT_ALGORITHM);
      privateKey = kept.value;
      warn(`JWT_PRIVATE_KEY is not set: using a generated ${vars.JWT_ALGORITHM} key kept in ${kept.file}`);
    }
  } catch (error) {
    if (error instanceof GeneratedSecretError) throw new ConfigError([error.message]);
    throw error;
  }

  return deepFreeze({
    env: vars.NODE_ENV,
    isProduction,
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    dataDir,
    jwt: {
      algorithm: vars.JWT_ALGORITHM,
      secret,
      privateKey,
      retiredPublicKeys: vars.JWT_RETIRED_PUBLIC_KEYS,
      issuer: vars.JWT_ISSUER,
      audience: vars.JWT_AUDIENCE,
    },
    accessTokenTtl: vars.ACCESS_TOKEN_TTL,
    refreshTokenTtl: vars.REFRESH_TOKEN_TTL,
    logLevel: vars.LOG_LEVEL,
    redisUrl: vars.REDIS_URL ?? null,
    corsOrigins: vars.CORS_ORIGINS,
    trustProxy: vars.TRUST_PROXY,
    webConcurrency: vars.WEB_CONCURRENCY,
    rateLimits: vars.RATE_LIMITS === "on",
    queryLimits: {
      depth: vars.GRAPHQL_MAX_DEPTH,
      aliases: vars.GRAPHQL_MAX_ALIASES,
      directives: vars.GRAPHQL_MAX_DIRECTIVES,
      tokens: vars.GRAPHQL_MAX_TOKENS,
      cost: vars.GRAPHQL_MAX_COST,
      authOperations: vars.GRAPHQL_MAX_AUTH_OPERATIONS,
    },
  });
}

const keyKind = (algorithm: Algorithm) => (algorithm === "ES256" ? "an EC P-256 key" : "an RSA key of 2048 bits or more");

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
