import { createPrivateKey } from "node:crypto";
import { join, resolve } from "node:path";
import { algorithmOf, envDefaults, envSchema, type Algorithm, type TrustProxy } from "./env-schema.js";
import { secretWeakness } from "./secret-strength.js";
import {
  GeneratedSecretError,
  MIN_SECRET_BYTES,
  readOrCreatePrivateKey,
  readOrCreateSecret,
} from "./generated-secrets.js";

/** The only reader of process.env: every variable of the contract, validated once. */

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
  /** Seconds a just-retired refresh token may be presented again for the same successor; 0: never. */
  readonly refreshTokenReuseInterval: number;
  /**
   * Where users reach the server (PUBLIC_URL), without a trailing slash; null: the address
   * it listens on (see publicOrigins in server/origins.ts).
   */
  readonly publicUrl: string | null;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  readonly redisUrl: string | null;
  readonly corsOrigins: readonly string[];
  /** Which X-Forwarded-For entries to believe: none, a number of proxy hops, or the proxies' addresses. */
  readonly trustProxy: TrustProxy;
  readonly webConcurrency: number;
  /** Live sessions a user may have; a sign-in past it ends the one used longest ago. */
  readonly maxSessionsPerUser: number;
  /** Brute-force throttling; off only for load tests. */
  readonly rateLimits: boolean;
  /** Whether `/` serves the built web app (dist/web); off: the API alone. */
  readonly webApp: boolean;
  /** Each limit of the throttle (RATE_LIMIT_*): windows and waits in seconds. */
  readonly throttlePolicy: ThrottlePolicy;
  readonly queryLimits: QueryLimits;
  readonly mail: MailConfig;
  readonly metrics: MetricsConfig;
}

/** GET /metrics (src/server/metrics.ts): METRICS, METRICS_TOKEN. */
export interface MetricsConfig {
  /** METRICS=on; off (the default): no route, nothing counted. */
  readonly enabled: boolean;
  /** When set, every scrape must send it as a bearer, loopback too; null: loopback peers only. */
  readonly token: string | null;
}

/** E-mail delivery (src/mail/): SMTP_URL, MAIL_FROM, MAIL. */
export interface MailConfig {
  /** MAIL=off: no worker runs and nothing can be queued (flows that send e-mail are refused). */
  readonly enabled: boolean;
  /** null: outside production, every e-mail is written to `outboxDir` as an .eml file. */
  readonly smtpUrl: string | null;
  /** MAIL_FROM; null: `no-reply@<host of the public URL>`, known once the server listens. */
  readonly from: string | null;
  /** `<dataDir>/outbox`: where e-mails go without SMTP_URL. */
  readonly outboxDir: string;
}

/** The limits of the throttle (src/auth/throttle.ts), from RATE_LIMIT_*. */
export interface BackoffPolicy {
  /** Failures allowed in the window before the back-off starts. */
  free: number;
  /** The window in seconds: failures older than this are forgotten. */
  window: number;
  /** The longest wait in seconds; the wait doubles from 1 s per further failure up to it. */
  maxDelay: number;
}

export interface RatePolicy {
  points: number;
  /** Seconds. */
  window: number;
}

export interface ThrottlePolicy {
  loginByAccountAndIp: BackoffPolicy;
  loginByAccount: BackoffPolicy;
  loginByIp: BackoffPolicy;
  registerByIp: RatePolicy;
  refreshByIp: RatePolicy;
  /** E-mails asked for (reset, verification, e-mail change) to one address, from anyone. */
  emailByAddress: RatePolicy;
  /** E-mails asked for from one IP, to any address. */
  emailByIp: RatePolicy;
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
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    input[key] = value === undefined || value === "" ? envDefaults[key] : value;
  }
  const problems: string[] = [];
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => issue.message));

  // Checked on the raw values too, so that one start reports every problem at once.
  const isProduction = input.NODE_ENV === "production";
  const givenSecret = input.JWT_SECRET ?? "";
  const hmac = (input.JWT_ALGORITHM ?? "HS256") === "HS256";
  const weakness = hmac && givenSecret ? secretWeakness(givenSecret) : null;
  if (hmac && isProduction && Buffer.byteLength(givenSecret) < MIN_SECRET_BYTES) {
    problems.push(
      givenSecret
        ? `JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes in production`
        : `JWT_SECRET is required in production (at least ${MIN_SECRET_BYTES} bytes)`,
    );
  } else if (isProduction && weakness) {
    problems.push(`JWT_SECRET does not look random (${weakness}): use ${SECRET_ADVICE}`);
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
    // Asked for by name (MAIL=on) in production, e-mail needs a server to send it through.
    if (isProduction && env.MAIL === "on" && !vars.SMTP_URL) {
      problems.push("SMTP_URL is required in production with MAIL=on (verification, password reset); MAIL=off runs without e-mail");
    }
    if (vars.ACCESS_TOKEN_TTL > vars.REFRESH_TOKEN_TTL) {
      problems.push("ACCESS_TOKEN_TTL must not be longer than REFRESH_TOKEN_TTL");
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const vars = parsed.data;
  // Production without SMTP_URL (and without MAIL set): e-mail is off, said once at start, and
  // the flows that send it refuse with a clear error; nothing is queued for nobody to send.
  const mailEnabled = vars.MAIL === "on" && !(isProduction && !vars.SMTP_URL);
  if (vars.MAIL === "on" && !mailEnabled) {
    warn("SMTP_URL is not set: e-mail is off (no verification or password-reset e-mails); set SMTP_URL to send them, or MAIL=off to say so");
  }
  if (vars.METRICS_TOKEN && vars.METRICS !== "on") warn("METRICS_TOKEN is set but METRICS is off: /metrics is not served");
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
    } else if (weakness) {
      warn(`JWT_SECRET does not look random (${weakness}): production refuses to start with it`);
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
    refreshTokenReuseInterval: vars.REFRESH_TOKEN_REUSE_INTERVAL,
    publicUrl: vars.PUBLIC_URL ?? null,
    logLevel: vars.LOG_LEVEL,
    redisUrl: vars.REDIS_URL ?? null,
    corsOrigins: vars.CORS_ORIGINS,
    trustProxy: vars.TRUST_PROXY,
    webConcurrency: vars.WEB_CONCURRENCY,
    maxSessionsPerUser: vars.MAX_SESSIONS_PER_USER,
    rateLimits: vars.RATE_LIMITS === "on",
    webApp: vars.WEB_APP === "on",
    throttlePolicy: {
      loginByAccountAndIp: vars.RATE_LIMIT_LOGIN_ACCOUNT_IP,
      loginByAccount: vars.RATE_LIMIT_LOGIN_ACCOUNT,
      loginByIp: vars.RATE_LIMIT_LOGIN_IP,
      registerByIp: vars.RATE_LIMIT_REGISTER_IP,
      refreshByIp: vars.RATE_LIMIT_REFRESH_IP,
      emailByAddress: vars.RATE_LIMIT_EMAIL_ADDRESS,
      emailByIp: vars.RATE_LIMIT_EMAIL_IP,
    },
    queryLimits: {
      depth: vars.GRAPHQL_MAX_DEPTH,
      aliases: vars.GRAPHQL_MAX_ALIASES,
      directives: vars.GRAPHQL_MAX_DIRECTIVES,
      tokens: vars.GRAPHQL_MAX_TOKENS,
      cost: vars.GRAPHQL_MAX_COST,
      authOperations: vars.GRAPHQL_MAX_AUTH_OPERATIONS,
    },
    mail: {
      enabled: mailEnabled,
      smtpUrl: vars.SMTP_URL ?? null,
      from: vars.MAIL_FROM?.trim() ?? null,
      outboxDir: join(dataDir, "outbox"),
    },
    metrics: { enabled: vars.METRICS === "on", token: vars.METRICS_TOKEN ?? null },
  });
}

const SECRET_ADVICE = "32 random bytes or more, e.g. the output of `openssl rand -base64 48`";

const keyKind = (algorithm: Algorithm) => (algorithm === "ES256" ? "an EC P-256 key" : "an RSA key of 2048 bits or more");

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
