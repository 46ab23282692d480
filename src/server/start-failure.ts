import type { Config } from "../config/config.js";

/**
 * Why the server could not start, in one line that names what to change: the port in use,
 * the database unreachable, its credentials refused. Anything else: the error's first line.
 */
export function describeStartFailure(error: unknown, config: Pick<Config, "host" | "port" | "databaseUrl">): string {
  const causes = causesOf(error);
  const code = (wanted: string[]) => causes.find((cause) => wanted.includes(String(cause.code)));
  const database = databaseName(config.databaseUrl);
  if (code(["EADDRINUSE"])) return `port ${config.port} on ${config.host} is already in use (PORT, HOST)`;
  if (causes.some((cause) => cause.code === "EACCES" && cause.syscall === "listen")) {
    return `not allowed to listen on port ${config.port} (PORT: below 1024 needs privileges)`;
  }
  const sqlite = config.databaseUrl.startsWith("sqlite:");
  if (sqlite && code(["SQLITE_CANTOPEN", "EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "ENOENT"])) {
    return `cannot open or create the SQLite database ${database} (DATABASE_URL)`;
  }
  if (code(["EADDRNOTAVAIL"])) return `${config.host} is not an address of this machine (HOST)`;
  if (code(["ECONNREFUSED", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"])) return `the database at ${database} does not answer (DATABASE_URL)`;
  if (code(["ENOTFOUND", "EAI_AGAIN"])) return `the database host of ${database} is not found (DATABASE_URL)`;
  if (code(["28P01", "28000"])) return `the database at ${database} refused the user or password (DATABASE_URL)`;
  if (code(["3D000"])) return `the database named in ${database} does not exist (DATABASE_URL)`;
  const first = causes[0]?.message?.split("\n")[0]?.trim() || "unexpected error";
  return `${first} (LOG_LEVEL=debug logs the details)`;
}

interface Cause {
  code?: unknown;
  syscall?: unknown;
  message?: string;
}

/** The error, its causes and, for an AggregateError (several addresses tried), its errors. */
function causesOf(error: unknown, depth = 0): Cause[] {
  if (!error || typeof error !== "object" || depth > 5) return [];
  const cause = error as Cause & { cause?: unknown; errors?: unknown[] };
  return [cause, ...causesOf(cause.cause, depth + 1), ...(cause.errors ?? []).flatMap((e) => causesOf(e, depth + 1))];
}

/** The database as a URL without its password, or the SQLite path. */
function databaseName(url: string): string {
  if (url.startsWith("sqlite:")) return url.slice("sqlite:".length);
  try {
    const parsed = new URL(url);
    parsed.password = "";
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return "DATABASE_URL";
  }
}
