import { performance } from "node:perf_hooks";
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from "@apollo/server";
import type { MikroORM } from "@mikro-orm/core";
import type { GraphQLSchema } from "graphql";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { PasswordHasher } from "../accounts/passwords.js";
import type { AuthCounters } from "../auth/auth-counters.js";
import { REVOKE_REASONS } from "../auth/session-types.js";
import { OutboxMail, OutboxStatus } from "../entities/index.js";
import { INVALID, operationLabeler, operationLabels } from "./metrics-operation.js";

/**
 * What GET /metrics shows (METRICS=on), in a registry of this app's own: tests run many apps
 * in one process, and each counts only its own. The services count through `counters`; the
 * gauges are read when Prometheus scrapes. Under METRICS=off none of this is built.
 */
export interface Metrics {
  registry: Registry;
  counters: AuthCounters;
  /** Counts and times every GraphQL request by its root field (metrics-operation.ts). */
  graphqlPlugin(schema: GraphQLSchema): ApolloServerPlugin;
}

export interface MetricsSources {
  orm: MikroORM;
  passwords: PasswordHasher;
}

/** A scrape waits this long for the outbox count, then answers without it. */
const OUTBOX_COUNT_TIMEOUT_MS = 1000;

/** From half a millisecond (`me`) to seconds (a sign-in waiting in argon2's queue). */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics({ orm, passwords }: MetricsSources): Metrics {
  const registry = new Registry();
  const registers = [registry];
  // process_* and nodejs_*: CPU, memory, heap, handles, GC, and the event loop's lag
  // (nodejs_eventloop_lag_seconds, and its p50/p90/p99 over a 10 ms monitor since the last scrape).
  collectDefaultMetrics({ register: registry });

  const signIns = new Counter({
    name: "auth_sign_ins_total",
    help: "login requests answered, by outcome: succeeded, failed (INVALID_CREDENTIALS) or throttled (TOO_MANY_REQUESTS).",
    labelNames: ["outcome"] as const,
    registers,
  });
  const refreshes = new Counter({
    name: "auth_refreshes_total",
    help: "refreshToken requests answered, by outcome: succeeded, refused (a refresh-token refusal) or throttled.",
    labelNames: ["outcome"] as const,
    registers,
  });
  const reuse = new Counter({
    name: "auth_refresh_token_reuse_detected_total",
    help: "Retired refresh tokens presented again (refreshToken or logout): each ended its session.",
    registers,
  });
  const opened = new Counter({
    name: "auth_sessions_opened_total",
    help: "Sessions opened: sign-ins, registrations, and the session a password change moves to.",
    registers,
  });
  const revoked = new Counter({
    name: "auth_sessions_revoked_total",
    help: "Sessions ended before their time, by reason (sessions.revoked_reason).",
    labelNames: ["reason"] as const,
    registers,
  });
  // Every series there from the start, at 0, so that rate() and alerts see the first event.
  for (const outcome of ["succeeded", "failed", "throttled"]) signIns.labels(outcome).inc(0);
  for (const outcome of ["succeeded", "refused", "throttled"]) refreshes.labels(outcome).inc(0);
  for (const reason of REVOKE_REASONS) revoked.labels(reason).inc(0);

  new Gauge({
    name: "argon2_queue_depth",
    help: "Password hashes waiting for a core (at most one runs per core; past 1000 waiting, sign-ins are refused).",
    registers,
    collect() {
      this.set(passwords.queued());
    },
  });
  new Gauge({
    name: "mail_outbox_pending",
    help: "E-mails in the outbox not yet sent or given up on (NaN when the database does not answer within a second).",
    registers,
    async collect() {
      // An indexed count (status, next_attempt_at); a database away makes it NaN, and the scrape goes on.
      const count = await withTimeout(async () => orm.em.fork().count(OutboxMail, { status: OutboxStatus.PENDING }), OUTBOX_COUNT_TIMEOUT_MS);
      this.set(count ?? Number.NaN);
    },
  });

  const counters: AuthCounters = {
    signIn: (outcome) => signIns.labels(outcome).inc(),
    refresh: (outcome) => refreshes.labels(outcome).inc(),
    reuseDetected: () => reuse.inc(),
    sessionsOpened: (count) => opened.inc(count),
    sessionsRevoked: (reason, count) => {
      if (count > 0) revoked.labels(reason).inc(count);
    },
  };

  const requests = new Counter({
    name: "graphql_requests_total",
    help: "GraphQL requests by operation (the root field asked for, or multiple, invalid) and result (ok, or error: the response has errors).",
    labelNames: ["operation", "result"] as const,
    registers,
  });
  const durations = new Histogram({
    name: "graphql_request_duration_seconds",
    help: "Time from Apollo receiving a GraphQL request to its response, by operation.",
    labelNames: ["operation"] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });

  return {
    registry,
    counters,
    graphqlPlugin(schema) {
      const label = operationLabeler(schema);
      // The children of each label value, made once: a request does a lookup and two increments.
      const series = new Map(
        operationLabels(schema).map((operation) => [
          operation,
          { ok: requests.labels(operation, "ok"), error: requests.labels(operation, "error"), duration: durations.labels(operation) },
        ]),
      );
      return {
        async requestDidStart() {
          const start = performance.now();
          let operation = INVALID;
          const listener: GraphQLRequestListener<BaseContext> = {
            async didResolveOperation({ document, operation: definition }) {
              if (definition) operation = label(document, definition);
            },
            async willSendResponse({ response }) {
              const of = series.get(operation)!;
              const failed = response.body.kind === "single" ? response.body.singleResult.errors !== undefined : false;
              (failed ? of.error : of.ok).inc();
              of.duration.observe((performance.now() - start) / 1000);
            },
          };
          return listener;
        },
      };
    },
  };
}

/** What `work` resolves to, or null when it fails (even before its promise) or takes longer than `ms`. */
async function withTimeout<T>(work: () => Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([work().catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}
