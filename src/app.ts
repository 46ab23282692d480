import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { fastifyApolloDrainPlugin } from "@as-integrations/fastify";
import type { MikroORM } from "@mikro-orm/core";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import { AccountDeletion } from "./accounts/account-deletion.js";
import { AccountService } from "./accounts/accounts.js";
import { EmailFlows } from "./accounts/email-flows.js";
import { LinkTokenService } from "./accounts/link-tokens.js";
import { BackgroundTasks } from "./lib/background.js";
import { ARGON2_OPTIONS, createPasswordHasher, type Argon2Parameters } from "./accounts/passwords.js";
import { refreshTokenSuccessor } from "./auth/refresh-tokens.js";
import { SessionService } from "./auth/sessions.js";
import { SessionPruner, type PruneResult } from "./auth/session-pruner.js";
import { createThrottle, memoryLimiters, noThrottle, redisLimiters, type ThrottlePolicy } from "./auth/throttle.js";
import { createKeySet, deriveKey } from "./auth/keys.js";
import { TokenService } from "./auth/tokens.js";
import { ProfileService } from "./accounts/profile.js";
import { UserAdminService } from "./accounts/user-admin.js";
import { systemClock, type Clock } from "./lib/clock.js";
import type { Config } from "./config/config.js";
import { createContextFunction, type RequestContext, type Services } from "./server/context.js";
import { createFormatError } from "./server/format-error.js";
import { createHttpServer, mountGraphQL } from "./server/http.js";
import { graphqlResponder } from "./server/graphql-endpoint.js";
import { createMetrics } from "./server/metrics.js";
import { mountMetrics } from "./server/metrics-route.js";
import { noCounters } from "./auth/auth-counters.js";
import { mountWebApp } from "./server/web-app.js";
import { defaultWebAppDir } from "./server/web-files.js";
import { cookieTransportProblem, publicUrlOf, trustedOrigins } from "./server/origins.js";
import { bearerOnPublicDocuments } from "./server/public-documents.js";
import { requestIdOnErrors } from "./server/request-context.js";
import { createFastSql } from "./db/fast-sql.js";
import { Catalogue } from "./shop/catalogue.js";
import { createLogger } from "./lib/logger.js";
import { pseudonymizer } from "./lib/pseudonym.js";
import { createOrm, dialectOf } from "./db/orm.js";
import { knownOperationTypes } from "./server/operation-types.js";
import { queryLimits } from "./server/query-limits.js";
import { createSchema } from "./server/schema.js";
import { createRedis } from "./db/redis.js";
import { MailWorker, type RetryPolicy } from "./mail/mail-worker.js";
import { Outbox } from "./mail/outbox.js";
import { emlFileTransport, smtpTransport } from "./mail/transport.js";
import type { Redis } from "ioredis";

export interface App {
  /** http://host:port/graphql */
  url: string;
  /** Where users reach the server: PUBLIC_URL, or the address it listens on. */
  publicUrl: string;
  schema: GraphQLSchema;
  orm: MikroORM;
  services: Services;
  /**
   * The outbox flows queue e-mail in; the worker that sends it (null under MAIL=off);
   * `settled()` waits for work requests left running after their answer (reset requests).
   */
  mail: { outbox: Outbox; worker: MailWorker | null; settled(): Promise<void> };
  /** Deletes sessions and links that ended a week ago; runs by itself hourly (see pruneInterval). */
  maintenance: { prune(): Promise<PruneResult> };
  /** Stops accepting, finishes requests in flight, stops the mail worker, closes the database. */
  stop(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  logger?: Logger;
  clock?: Clock;
  argon2Options?: Argon2Parameters;
  /** Tests shrink the limits to reach them quickly; default: config.throttlePolicy (RATE_LIMIT_*). */
  throttlePolicy?: ThrottlePolicy;
  /** Where the built web app is; default: <package root>/dist/web. */
  webAppDir?: string;
  /** Milliseconds between the mail worker's polls (default 1000); null: only by hand (app.mail.worker.tick()). */
  mailPollInterval?: number | null;
  /** Tests shorten the mail worker's back-off, lease or give-up time. */
  mailRetryPolicy?: Partial<RetryPolicy>;
  /** Milliseconds between prunes of ended sessions (default an hour); null: only by hand (app.maintenance.prune()). */
  pruneInterval?: number | null;
}

/** Builds everything from the config, migrates the database and listens. */
export async function createApp({
  config,
  logger = createLogger(config.logLevel),
  clock = systemClock,
  argon2Options = ARGON2_OPTIONS,
  throttlePolicy,
  webAppDir = defaultWebAppDir(),
  mailPollInterval = 1000,
  mailRetryPolicy,
  pruneInterval = 3_600_000,
}: AppOptions): Promise<App> {
  const orm = await createOrm(config.databaseUrl, logger);
  const dialect = dialectOf(config.databaseUrl);
  let redis: Redis | undefined;
  try {
    const keys = createKeySet(config.jwt);
    const tokens = new TokenService({
      keys,
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ttl: config.accessTokenTtl,
      clock,
    });
    redis = config.redisUrl ? await createRedis(config.redisUrl, logger) : undefined;
    const store = redis ? redisLimiters(redis) : memoryLimiters;
    // Log lines name a username by a keyed hash, never by the name (see lib/pseudonym.ts).
    const usernameHash = pseudonymizer(deriveKey(keys, "log pseudonyms of usernames"));
    const throttle = config.rateLimits
      ? createThrottle({ logger, policy: throttlePolicy ?? config.throttlePolicy, store, pseudonym: usernameHash })
      : noThrottle;
    if (!config.rateLimits) logger.warn({ event: "server.rate_limits_off" }, "RATE_LIMITS=off: sign-in is not throttled");
    const sql = await createFastSql(orm, dialect);
    const passwords = await createPasswordHasher(argon2Options);
    // METRICS=off: nothing is built, and the services count into empty functions.
    const metrics = config.metrics.enabled ? createMetrics({ orm, passwords }) : null;
    const counters = metrics?.counters ?? noCounters;
    const sessions = new SessionService({
      tokens,
      clock,
      refreshTokenTtl: config.refreshTokenTtl,
      reuseInterval: config.refreshTokenReuseInterval,
      successor: refreshTokenSuccessor(deriveKey(keys, "refresh token successors")),
      maxSessionsPerUser: config.maxSessionsPerUser,
      throttle,
      sql,
      logger,
      counters,
    });
    const accounts = new AccountService({ sql, passwords, sessions, throttle, logger, usernameHash, counters });
    const userAdmin = new UserAdminService({ sessions, logger });
    const profiles = new ProfileService({ logger });
    // Flows that send e-mail queue it in the transaction of their change; the worker sends it.
    const outbox = new Outbox({ enabled: config.mail.enabled, clock });
    const background = new BackgroundTasks({ logger });
    // Known once the server listens (PORT=0 picks the port): links in e-mails start with it.
    let publicUrl = config.publicUrl ?? "";
    const emailFlows = new EmailFlows({
      orm,
      accounts,
      links: new LinkTokenService({ clock, dialect }),
      outbox,
      passwords,
      sessions,
      throttle,
      background,
      logger,
      publicUrl: () => publicUrl,
    });
    const accountDeletion = new AccountDeletion({ accounts, outbox, logger, publicUrl: () => publicUrl });
    const catalogue = new Catalogue(sql);
    const services: Services = { accounts, accountDeletion, catalogue, emailFlows, profiles, sessions, tokens, userAdmin, logger };

    const schema = await createSchema();
    const http = createHttpServer({
      config,
      logger,
      jwks: () => keys.jwks(),
      checkDatabase: async () => (await orm.checkConnection()).ok,
    });
    if (config.webApp) mountWebApp(http, { dir: webAppDir, logger });
    if (metrics) mountMetrics(http, { registry: metrics.registry, token: config.metrics.token });
    const limits = queryLimits(config.queryLimits, config.maxSessionsPerUser);
    // Known once the server listens (PORT=0 picks the port).
    let origins: ReadonlySet<string> = new Set(config.corsOrigins);
    const apollo = new ApolloServer<RequestContext>({
      schema,
      logger,
      validationRules: [knownOperationTypes, ...limits.validationRules],
      parseOptions: limits.parseOptions,
      allowBatchedHttpRequests: false,
      introspection: !config.isProduction,
      includeStacktraceInErrorResponses: false,
      formatError: createFormatError(logger, { hideSuggestions: config.isProduction }),
      stopOnTerminationSignals: false,
      plugins: [
        ...(metrics ? [metrics.graphqlPlugin(schema)] : []),
        bearerOnPublicDocuments(),
        requestIdOnErrors(),
        ...limits.plugins,
        fastifyApolloDrainPlugin(http),
        ApolloServerPluginCacheControlDisabled(),
        // Inline traces are for federation subgraphs, which this is not: without this Apollo
        // loads the plugin (and its protobuf code, ~0.8 MiB of heap) only to find nothing to do.
        ApolloServerPluginInlineTraceDisabled(),
        config.isProduction
          ? ApolloServerPluginLandingPageDisabled()
          : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      ],
    });
    await apollo.start();
    mountGraphQL(http, graphqlResponder(apollo, createContextFunction({ orm, services, clock, trustedOrigins: () => origins })), logger, config);
    const address = await http.listen({ port: config.port, host: config.host });
    const url = `${address.replace("[::1]", "localhost")}/graphql`;
    origins = trustedOrigins(config.publicUrl, new URL(address), config.corsOrigins);
    publicUrl = publicUrlOf(config.publicUrl, new URL(address));
    const cookieProblem = cookieTransportProblem(publicUrl);
    if (cookieProblem) logger.warn({ event: "server.cookie_transport_unusable", publicUrl }, cookieProblem);
    const worker = config.mail.enabled
      ? new MailWorker({
          orm,
          dialect,
          transport: config.mail.smtpUrl ? smtpTransport(config.mail.smtpUrl) : emlFileTransport(config.mail.outboxDir, logger),
          from: config.mail.from ?? `no-reply@${new URL(publicUrl).hostname}`,
          clock,
          logger,
          pollInterval: mailPollInterval,
          policy: mailRetryPolicy,
        })
      : null;
    worker?.start();
    const pruner = new SessionPruner({ orm, clock, logger, interval: pruneInterval });
    pruner.start();

    let stopping: Promise<void> | undefined;
    return {
      url,
      publicUrl,
      schema,
      orm,
      services,
      mail: { outbox, worker, settled: () => background.settled() },
      maintenance: { prune: () => pruner.prune() },
      stop: () =>
        (stopping ??= (async () => {
          const pruned = pruner.stop(); // at once: a backlog's batches must not run on through the drain
          await apollo.stop(); // drains: closes the listener, waits for requests in flight
          await background.settled(); // reset requests answered but not yet queued
          await worker?.stop(); // waits for a mail being sent; one not yet sent stays pending
          await pruned;
          await orm.close();
          redis?.disconnect();
        })()),
    };
  } catch (error) {
    await orm.close(true);
    redis?.disconnect();
    throw error;
  }
}
