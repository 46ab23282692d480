import { BetterSqliteDriver } from "@mikro-orm/better-sqlite";
import { DefaultLogger, MikroORM, type LogContext, type LoggerNamespace, type Options } from "@mikro-orm/core";
import type { Logger } from "pino";
import { Migrator } from "@mikro-orm/migrations";
import { entities } from "./entities/index.js";
import { sqliteMigrations } from "./migrations/index.js";

/** `sqlite:./data/app.sqlite` -> `./data/app.sqlite`; `sqlite::memory:` -> `:memory:`. */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^sqlite:/, "");
}

interface SqliteHandle {
  pragma(source: string): unknown;
}

export function ormOptions(databaseUrl: string, logger?: Logger): Options<BetterSqliteDriver> {
  return {
    driver: BetterSqliteDriver,
    dbName: sqlitePath(databaseUrl),
    entities,
    extensions: [Migrator],
    migrations: { migrationsList: sqliteMigrations, snapshot: false, transactional: true, allOrNothing: true },
    // A request must fork its own EntityManager; touching the global one is a bug.
    allowGlobalContext: false,
    colors: false,
    // SQL is logged (at trace, without parameters) only when asked for: tests count queries with it.
    debug: logger?.isLevelEnabled("trace") ? ["query", "info", "discovery"] : false,
    loggerFactory: (options) => new PinoOrmLogger(options, logger),
    pool: {
      // WAL lets readers run beside the writer (the CLI, a second process); a busy
      // timeout makes a writer wait for the lock instead of failing at once.
      afterCreate(connection: SqliteHandle, done: (error: Error | null, connection: SqliteHandle) => void) {
        try {
          connection.pragma("journal_mode = WAL");
          connection.pragma("synchronous = NORMAL");
          connection.pragma("busy_timeout = 5000");
          connection.pragma("foreign_keys = ON");
          done(null, connection);
        } catch (error) {
          done(error as Error, connection);
        }
      },
    },
  };
}

/** Connects and applies pending migrations. */
export async function createOrm(databaseUrl: string, logger: Logger): Promise<MikroORM<BetterSqliteDriver>> {
  const orm = await MikroORM.init(ormOptions(databaseUrl, logger));
  try {
    const applied = await orm.getMigrator().up();
    if (applied.length > 0) {
      logger.info({ event: "db.migrated", migrations: applied.map((m) => m.name) }, "db.migrated");
    }
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}

/** MikroORM's log lines into pino. Parameters are never logged: they hold hashes. */
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
      this.pino?.warn({ event: "db.log", namespace }, message);
    } else {
      this.pino?.debug({ event: "db.log", namespace }, message);
    }
  }

  override logQuery(context: { query: string } & LogContext): void {
    if (!this.isEnabled("query", context)) return;
    this.pino?.trace({ event: "db.query", sql: context.query, took: context.took }, "db.query");
  }
}
