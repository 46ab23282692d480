import type { EntityManager, MikroORM } from "@mikro-orm/core";
import type { Dialect } from "./orm.js";

/**
 * SQL for the hot paths (the per-request session check, sign-in, refreshToken's rotation),
 * written by hand and run without the ORM's query building, hydration and unit of work,
 * which cost ~0.5 ms of CPU a query here. On SQLite each statement is prepared once and runs
 * synchronously on the pool's one connection; on PostgreSQL it is one raw query on the pool.
 * Placeholders are `?` for both. Nothing here forks an EntityManager.
 */
export interface FastSql {
  readonly dialect: Dialect;
  /** The first row, if any. */
  get(sql: string, params: readonly unknown[]): Promise<Row | undefined>;
  /** Every row. */
  all(sql: string, params: readonly unknown[]): Promise<Row[]>;
  /** How many rows the statement changed. */
  run(sql: string, params: readonly unknown[]): Promise<number>;
  /** A date as this dialect's driver takes it as a parameter. */
  date(value: Date): unknown;
  /**
   * Runs `work` in one transaction (committed when it resolves, rolled back when it throws),
   * its statements through the FastSql it is given. On SQLite it holds the pool's one
   * connection, as any ORM transaction does, and runs BEGIN IMMEDIATE, the statements and
   * COMMIT on it directly: MikroORM's and knex's transaction machinery cost more than the
   * statements (~0.4 ms of CPU a refresh), and their per-query objects piled up in the old
   * generation (BENCHMARKS.md, Memory). On PostgreSQL it is `em.transactional`. Inside
   * `work`, `transaction` runs `work` in the same transaction (no savepoint). `em` is asked
   * for on PostgreSQL only (a request forks its EntityManager on first use). Inside `work`,
   * use only the FastSql it is given: on SQLite anything that needs the pool (the ORM, the
   * outer FastSql) waits for the very connection the transaction holds, until knex's
   * acquire timeout (60 s); on PostgreSQL it runs outside the transaction.
   */
  transaction<T>(em: () => EntityManager, work: (sql: FastSql) => Promise<T>): Promise<T>;
}

export type Row = Record<string, unknown>;

interface SqliteConnection {
  inTransaction: boolean;
  prepare(sql: string): { get(...params: unknown[]): Row | undefined; all(...params: unknown[]): Row[]; run(...params: unknown[]): { changes: number } };
}

interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): void;
}

export async function createFastSql(orm: MikroORM, dialect: Dialect): Promise<FastSql> {
  // The ORM's connection (its pool), not an EntityManager's: no identity map is involved.
  const connection = orm.em.getConnection();
  const pooled = throughExecute(connection.execute.bind(connection));
  if (dialect === "postgres") {
    const sql: FastSql = Object.assign({ dialect }, pooled, {
      date: (value: Date) => value,
      transaction: <T>(em: () => EntityManager, work: (tx: FastSql) => Promise<T>) => em().transactional((tx) => work(inTransaction(sql, tx))),
    });
    return sql;
  }
  // better-sqlite3 behind knex: a pool of exactly one connection, kept for the ORM's life.
  const knex = (connection as unknown as { getKnex(): { client: KnexClient } }).getKnex();
  const db = (await knex.client.acquireConnection()) as SqliteConnection;
  knex.client.releaseConnection(db);
  const prepared = new Map<string, ReturnType<SqliteConnection["prepare"]>>();
  const statement = (sql: string) => {
    let found = prepared.get(sql);
    if (!found) prepared.set(sql, (found = db.prepare(sql)));
    return found;
  };
  // MikroORM keeps SQLite datetimes as milliseconds since the epoch.
  const date = (value: Date) => value.getTime();
  const tryRollback = () => {
    try {
      statement("rollback").run();
    } catch {
      // SQLite refuses a ROLLBACK when no transaction is open (or while a statement of it
      // still runs, which better-sqlite3's run/get/all never leave): nothing left to undo.
    }
  };
  // The statements of a transaction this process holds: straight on the connection.
  const inside: FastSql = {
    dialect,
    get: async (sql, params) => statement(sql).get(...params),
    all: async (sql, params) => statement(sql).all(...params),
    run: async (sql, params) => statement(sql).run(...params).changes,
    date,
    transaction: (_em, work) => work(inside),
  };
  return {
    dialect,
    // While another request holds the connection in a transaction, a statement run on it
    // directly would see (or join) that transaction: wait for the pool like any query then.
    get: async (sql, params) => (db.inTransaction ? pooled.get(sql, params) : statement(sql).get(...params)),
    all: async (sql, params) => (db.inTransaction ? pooled.all(sql, params) : statement(sql).all(...params)),
    run: async (sql, params) => (db.inTransaction ? pooled.run(sql, params) : statement(sql).run(...params).changes),
    date,
    async transaction(_em, work) {
      const held = await knex.client.acquireConnection();
      try {
        // The statements are prepared on `db`: the pool must still be handing out that one.
        if (held !== db) throw new Error("the SQLite pool's connection is not the one FastSql prepared its statements on");
        // IMMEDIATE: the write lock at once (another process, the CLI, waits out busy_timeout).
        statement("begin immediate").run();
        try {
          const result = await work(inside);
          statement("commit").run();
          return result;
        } catch (error) {
          // The work's (or COMMIT's) error is the one to report, whatever ROLLBACK says.
          if (db.inTransaction) tryRollback();
          throw error;
        }
      } finally {
        // Never back to the pool inside a transaction: every later write would join it.
        if (db.inTransaction) tryRollback();
        knex.client.releaseConnection(held);
      }
    },
  };
}

type Execute = (sql: string, params: unknown[], method: "get" | "all" | "run") => Promise<unknown>;

/** `get`, `all` and `run` through MikroORM's `execute` (a connection's or an EntityManager's). */
function throughExecute(execute: Execute): Pick<FastSql, "get" | "all" | "run"> {
  return {
    get: async (sql, params) => (await execute(sql, [...params], "get")) as Row | undefined,
    all: async (sql, params) => (await execute(sql, [...params], "all")) as Row[],
    run: async (sql, params) => affectedRows(await execute(sql, [...params], "run")),
  };
}

/** `sql`, with its statements run inside `tx`'s transaction (an `em.transactional` callback's EntityManager). */
function inTransaction(sql: FastSql, tx: EntityManager): FastSql {
  const execute = (tx as unknown as { execute: Execute }).execute.bind(tx);
  const inside: FastSql = Object.assign({}, sql, throughExecute(execute), {
    transaction: <T>(_em: () => EntityManager, work: (sql: FastSql) => Promise<T>) => work(inside),
  });
  return inside;
}

function affectedRows(result: unknown): number {
  return (result as { affectedRows?: number }).affectedRows ?? 0;
}

/** A date column as read: SQLite gives milliseconds (a number, or digits), PostgreSQL a Date. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(typeof value === "string" && !/^\d+$/.test(value) ? value : Number(value));
}
