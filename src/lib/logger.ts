import { DriverException } from "@mikro-orm/core";
import { destination, pino, stdSerializers, type DestinationStream, type Logger } from "pino";

/**
 * Structured JSON logs. Events are named (`auth.login.succeeded`) and carry ids; the redact
 * list is a second line of defence should a token, password or hash ever reach a log call.
 * Without a destination: standard output, buffered (see bufferedStdout).
 */
export function createLogger(level: string, destination: DestinationStream = bufferedStdout()): Logger {
  return pino(
    {
      level,
      base: undefined,
      serializers: { err: serializeError },
      redact: {
        paths: [
          "password",
          "*.password",
          "*.currentPassword",
          "*.newPassword",
          "*.passwordHash",
          "*.accessToken",
          "*.refreshToken",
          "*.token",
          "req.headers.authorization",
          "req.headers.cookie",
          "headers.authorization",
          "variables",
          "*.variables",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

export type { Logger };

/**
 * Standard output, asynchronous as pino's default, with lines gathered into writes of 3 to 4
 * KiB and whatever waits written every 200 ms: one write(2) per line (per request, for the
 * access log) cost ~14% of a `me` request under load. A write is whole lines of at most 4 KiB
 * (PIPE_BUF), so the lines of several WEB_CONCURRENCY workers on one pipe never interleave;
 * a slow reader holds lines in memory, never the event loop. pino writes what waits at exit;
 * a process killed outright (SIGKILL, the OOM killer) loses at most the last 200 ms of lines.
 */
function bufferedStdout(): DestinationStream {
  return destination({ dest: 1, sync: false, minLength: 3072, maxWrite: 4096, periodicFlush: 200 });
}

/** Readable lines for a person at a terminal while developing; JSON for everything else. */
export function wantsPrettyLogs({ isProduction, isTTY }: { isProduction: boolean; isTTY: boolean }): boolean {
  return !isProduction && isTTY;
}

/**
 * pino-pretty as a synchronous stream in this process (no worker thread), or undefined when
 * it is not installed (a production install has no dev dependencies): then JSON it is.
 */
export async function prettyDestination(): Promise<DestinationStream | undefined> {
  try {
    const { default: pretty } = await import("pino-pretty");
    return pretty({ colorize: true, sync: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" });
  } catch {
    return undefined;
  }
}

/**
 * For the one line per HTTP request: fixed fields (method, path without its query, status,
 * timing, ids) that never hold a secret, so it skips redaction, which costs ~13 µs a line
 * (a deep copy of the object), more than the rest of the line. Everything else keeps it.
 */
export function accessLogger(logger: Logger): Logger {
  return logger.child({}, { redact: [] });
}

/**
 * MikroORM runs SQL with the parameters written into it, and a failed query's message
 * repeats that SQL: a password hash or a refresh-token hash could ride along. Database
 * errors are logged by kind and code only.
 */
export function serializeError(error: unknown): unknown {
  if (error instanceof DriverException) {
    return { type: error.name, code: error.code, sqlState: error.sqlState, errno: error.errno };
  }
  return error instanceof Error ? stdSerializers.err(error) : error;
}
