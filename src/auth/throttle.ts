import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Logger } from "pino";
import type { BackoffPolicy, RatePolicy, ThrottlePolicy } from "../config/config.js";
import { TooManyRequestsError } from "../lib/errors.js";

/**
 * Brute-force throttling. Failed sign-ins back off exponentially per account and client IP
 * (so an attacker elsewhere cannot lock a user out), per account from any IP (a distributed
 * guess), and per IP; registrations and refreshes are limited per IP. Every limit relaxes
 * with time, and a successful sign-in clears the account's counters. A refused attempt is
 * refused before any password hashing.
 */

export type { BackoffPolicy, RatePolicy, ThrottlePolicy };

/** Where counters live: in memory by default, in Redis (shared by every instance) with REDIS_URL. */
export type LimiterFactory = (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

export const memoryLimiters: LimiterFactory = (options) => new RateLimiterMemory(options);

export const redisLimiters =
  (client: Redis): LimiterFactory =>
  (options) =>
    new RateLimiterRedis(
      Object.assign({}, options, {
        keyPrefix: `gql-auth:${options.keyPrefix}`,
        storeClient: client,
        // Fail fast when Redis is away; failOpen below lets the request through.
        rejectIfRedisNotReady: true,
      }),
    );

/**
 * A store that fails must not stop sign-ins: its errors are logged and the attempt is
 * let through as if uncounted. Refusals (RateLimiterRes) pass as they are.
 */
function failOpen(limiter: RateLimiterAbstract, logger: Logger): RateLimiterAbstract {
  const allowed = new RateLimiterRes(0, 0, 0, false);
  const guard =
    <A extends unknown[], T>(name: string, call: (...args: A) => Promise<T>, fallback: T) =>
    async (...args: A): Promise<T> => {
      try {
        return await call(...args);
      } catch (error) {
        if (error instanceof RateLimiterRes) throw error;
        logger.error({ event: "throttle.store_failed", err: error, op: name }, "throttle.store_failed");
        return fallback;
      }
    };
  return Object.assign(Object.create(limiter) as RateLimiterAbstract, {
    get: guard("get", limiter.get.bind(limiter), null),
    penalty: guard("penalty", limiter.penalty.bind(limiter), allowed),
    reward: guard("reward", limiter.reward.bind(limiter), allowed),
    consume: guard("consume", limiter.consume.bind(limiter), allowed),
    block: guard("block", limiter.block.bind(limiter), allowed),
    delete: guard("delete", limiter.delete.bind(limiter), false),
  });
}

interface Backoff {
  policy: BackoffPolicy;
  failures: RateLimiterAbstract;
  lock: RateLimiterAbstract;
}

export interface Throttle {
  /**
   * Before a password is checked: throws TOO_MANY_REQUESTS while this account or IP is
   * backing off; otherwise counts the attempt as a failure up front (so simultaneous
   * attempts cannot slip past the count) and starts the back-off if it is over the limit.
   */
  beginLogin(account: string, ip: string): Promise<void>;
  /** The password was right: clears the account's counters and takes back the IP's count. */
  loginSucceeded(account: string, ip: string): Promise<void>;
  /** Counts one attempt; throws TOO_MANY_REQUESTS past the limit. */
  register(ip: string): Promise<void>;
  refresh(ip: string): Promise<void>;
  /**
   * Before an e-mail is asked for (reset, verification, e-mail change): counts one for the
   * address (emailKey) and one for the IP; throws TOO_MANY_REQUESTS past either limit. The
   * address is never logged: it is named by its keyed hash.
   */
  emailRequest(address: string, ip: string): Promise<void>;
}

export interface ThrottleOptions {
  logger: Logger;
  /** The limits: from RATE_LIMIT_* (config), or a test's own. */
  policy: ThrottlePolicy;
  store?: LimiterFactory;
  /** The log's stand-in for a username key (a keyed hash): who was tried, never the name. */
  pseudonym: (account: string) => string;
}

export function createThrottle({ logger, policy, store = memoryLimiters, pseudonym }: ThrottleOptions): Throttle {
  const limiters: LimiterFactory = (options) => failOpen(store(options), logger);
  const backoff = (name: string, p: BackoffPolicy): Backoff => ({
    policy: p,
    failures: limiters({ keyPrefix: `fail_${name}`, points: Number.MAX_SAFE_INTEGER, duration: p.window }),
    lock: limiters({ keyPrefix: `lock_${name}`, points: 1, duration: p.maxDelay }),
  });
  const byAccountAndIp = backoff("login_account_ip", policy.loginByAccountAndIp);
  const byAccount = backoff("login_account", policy.loginByAccount);
  const byIp = backoff("login_ip", policy.loginByIp);
  const register = limiters({ keyPrefix: "register_ip", points: policy.registerByIp.points, duration: policy.registerByIp.window });
  const refresh = limiters({ keyPrefix: "refresh_ip", points: policy.refreshByIp.points, duration: policy.refreshByIp.window });

  const emailByAddress = limiters({ keyPrefix: "email_address", points: policy.emailByAddress.points, duration: policy.emailByAddress.window });
  const emailByIp = limiters({ keyPrefix: "email_ip", points: policy.emailByIp.points, duration: policy.emailByIp.window });

  const keys = (account: string, ip: string) =>
    [
      [byAccountAndIp, `${account}|${ip}`],
      [byAccount, account],
      [byIp, ip],
    ] as const;

  const refuse = (event: string, msBeforeNext: number, detail: Record<string, unknown>): never => {
    logger.warn({ event, retryAfter: Math.ceil(msBeforeNext / 1000), ...detail }, event);
    throw new TooManyRequestsError(msBeforeNext / 1000);
  };

  const limit = async (limiter: RateLimiterAbstract, key: string, event: string, detail: Record<string, unknown> = { ip: key }) => {
    try {
      await limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) refuse(event, error.msBeforeNext, detail);
      throw error;
    }
  };

  return {
    async beginLogin(account, ip) {
      const locks = await Promise.all(keys(account, ip).map(([b, key]) => b.lock.get(key)));
      const wait = Math.max(0, ...locks.map((res) => (res && res.consumedPoints > 1 ? res.msBeforeNext : 0)));
      const who = { ip, usernameHash: pseudonym(account) };
      if (wait > 0) refuse("auth.login.throttled", wait, who);
      const refusals = await Promise.all(
        keys(account, ip).map(async ([b, key]) => {
          const res = await b.failures.penalty(key, 1);
          const over = res.consumedPoints - b.policy.free;
          if (over <= 0) return 0;
          // Over the limit: this attempt may go ahead only if it is the one that takes the
          // lock; attempts racing it are refused, whatever they had seen before.
          try {
            await b.lock.consume(key);
          } catch (error) {
            if (error instanceof RateLimiterRes) return Math.max(error.msBeforeNext, 1000);
            throw error;
          }
          await b.lock.block(key, Math.min(2 ** (over - 1), b.policy.maxDelay));
          return 0;
        }),
      );
      const raced = Math.max(...refusals);
      if (raced > 0) refuse("auth.login.throttled", raced, who);
    },

    async loginSucceeded(account, ip) {
      const [accountAndIp, accountOnly, ipOnly] = keys(account, ip);
      await Promise.all([
        ...[accountAndIp, accountOnly].flatMap(([b, key]) => [b.failures.delete(key), b.lock.delete(key)]),
        ipOnly[0].failures.reward(ipOnly[1], 1),
      ]);
    },

    register: (ip) => limit(register, ip, "auth.register.throttled"),
    refresh: (ip) => limit(refresh, ip, "auth.refresh.throttled"),
    async emailRequest(address, ip) {
      // The IP first: an address flooded from one place does not use up its owner's allowance.
      await limit(emailByIp, ip, "account.email.throttled", { ip, by: "ip" });
      await limit(emailByAddress, address, "account.email.throttled", { ip, by: "address", addressHash: pseudonym(address) });
    },
  };
}

/** Throttling switched off (RATE_LIMITS=off): for load tests, never for production. */
export const noThrottle: Throttle = {
  beginLogin: async () => {},
  loginSucceeded: async () => {},
  register: async () => {},
  refresh: async () => {},
  emailRequest: async () => {},
};
