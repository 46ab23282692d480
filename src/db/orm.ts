import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { DefaultLogger, MikroORM, type LogContext, type LoggerNamespace, type Options } from "@mikro-orm/core";
import { Migrator } from "@mikro-orm/migrations";
import type { Logger } from "pino";
import { entities } from "../entities/index.js";
import { postgresMigrations, sqliteMigrations } from "./migrations/index.js";

export type Dialect = "sqlite" | "postgres";

export const dialectOf = (databaseUrl: string): Dialect => (databaseUrl.startsWith("sqlite:") ? "sqlite" : "postgres");

/** `sqlite:./data/app.sqlite` -> `./data/app.sqlite`; `sqlite::memory:` -> `:memory:`. */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^sqlite:/, "");
}

interface SqliteHandle {
  pragma(source: string): unknown;
}

/**
 * MikroORM's options for a DATABASE_URL: SQLite (better-sqlite3) or PostgreSQL. Only the
 * driver in use is loaded (the other, with its client library, is ~4-13 MiB of memory).
 */
export async function ormOptions(databaseUrl: string, logger?: Logger): Promise<Options> {
  const common = {
    entities,
    extensions: [Migrator],
    // A request must fork its own EntityManager; touching the global one is a bug.
    allowGlobalContext: false,
    colors: false,
    // SQL is logged (at trace, without parameters) only when asked for: tests count queries with it.
    debug: logger?.isLevelEnabled("trace") ? (["query", "info", "discovery"] as LoggerNamespace[]) : false,
    loggerFactory: (options: ConstructorParameters<typeof DefaultLogger>[0]) => new PinoOrmLogger(options, logger),
  };
  const migrations = { snapshot: false, transactional: true, allOrNothing: true };
  if (dialectOf(databaseUrl) === "postgres") {
    const { PostgreSqlDriver } = await import("@mikro-orm/postgresql");
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: databaseUrl,
      migrations: { ...migrations, migrationsList: postgresMigrations },
    };
  }
  const { BetterSqliteDriver } = await import("@mikro-orm/better-sqlite");
  createPrivately(sqlitePath(databaseUrl));
  return {
    ...common,
    driver: BetterSqliteDriver,
    dbName: sqlitePath(databaseUrl),
    migrations: { ...migrations, migrationsList: sqliteMigrations },
    pool: {
      // WAL lets readers run beside the writer (the CLI, a second process); a busy
      // timeout makes a writer wait for the lock instead of failing at once. The page cache
      // is bounded at SQLITE_CACHE_KIB.
      afterCreate(connection: SqliteHandle, done: (error: Error | null, connection: SqliteHandle) => void) {
        try {
          connection.pragma("journal_mode = WAL");
          connection.pragma("synchronous = NORMAL");
          connection.pragma("busy_timeout = 5000");
          connection.pragma("foreign_keys = ON");
          connection.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
          done(null, connection);
        } catch (error) {
          done(error as Error, connection);
        }
      },
    },
  } as Options;
}

/**
 * The SQLite page cache, in KiB. better-sqlite3 builds SQLite with 16 000 KiB, which a growing
 * database fills (every refresh adds a retired token's row): 16 MiB of malloc that no
 * collection returns. The hot statements are index lookups whose interior pages fit in a
 * few MiB even at a million sessions (bench:scale); the rest comes from the OS's cache.
 */
export const SQLITE_CACHE_KIB = 4096;

/**
 * A new database file is made 0600 in a folder made 0700 (like the generated secret):
 * SQLite gives its -wal and -shm files the database's own mode, so none is readable by
 * other users of the machine. Existing files and folders keep the mode they have.
 */
function createPrivately(path: string): void {
  if (path === ":memory:" || path === "") return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, "wx", 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

/** Connects and applies pending migrations. */
export async function createOrm(databaseUrl: string, logger: Logger): Promise<MikroORM> {
  const orm = await MikroORM.init(await ormOptions(databaseUrl, logger));
  try {
    const applied = await withMigrationLock(databaseUrl, () => orm.getMigrator().up());
    if (applied.length > 0) {
      logger.info({ event: "db.migrated", migrations: applied.map((m) => m.name) }, "db.migrated");
    }
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}

/** Any constant: instances of this service agree on it, nothing else uses it. */
const MIGRATION_LOCK_KEY = 7_324_110_481;

/**
 * Several instances starting at once on one PostgreSQL database take turns: the first
 * migrates, the others find nothing pending. (With SQLite, WEB_CONCURRENCY migrates in the
 * primary before any worker starts.)
 */
async function withMigrationLock<T>(databaseUrl: string, migrate: () => Promise<T>): Promise<T> {
  if (dialectOf(databaseUrl) !== "postgres") return migrate();
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    return await migrate();
  } finally {
    await client.end(); // ending the session releases the lock
  }
}

/**
 * MikroORM's log lines into pino. Query logging shows no parameters (they hold hashes);
 * failed queries are another matter, handled by the logger's error serializer.
 */
class PinoOrmLogger extends DefaultLogger {
  constructor(
    options: ConstructorParameters<typeof DefaultLogger>[0],
    private readonly pino: Logger | undefined,
  ) {
    super(options);
  }

  override log(namespace: LoggerNamespace, message: string, context?: LogContext): void {
    if (namespace === "query") return; // logQuery below
    if (context?.level === "error" || context?.level === "warning") {
      // A migration names its event in the label (db.username_lookalikes, say).
      this.pino?.warn({ event: context.label?.startsWith("db.") ? context.label : "db.log", namespace }, message);
    } else {
      this.pino?.debug({ event: "db.log", namespace }, message);
    }
  }

  override logQuery(context: { query: string } & LogContext): void {
    if (!this.isEnabled("query", context)) return;
    this.pino?.trace({ event: "db.query", sql: context.query, took: context.took }, "db.query");
  }
}
