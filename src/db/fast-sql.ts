import type { EntityManager, MikroORM } from "@mikro-orm/core";
import type { Dialect } from "./orm.js";

/**
 * SQL for the hot paths (the per-request session check, sign-in), written by hand and run
 * without the ORM's query building, hydration and unit of work, which cost ~0.5 ms of CPU
 * a query here. On SQLite each statement is prepared once and runs synchronously on the
 * pool's one connection; on PostgreSQL it is one raw query on the pool. Placeholders are `?`
 * for both. Neither forks an EntityManager, and neither runs inside a request's transaction:
 * inside an `em.transactional` callback use `inTransaction(tx)` instead (on SQLite, a FastSql
 * call there would wait for the very transaction that holds the connection).
 */
export interface FastSql {
  readonly dialect: Dialect;
  /** The first row, if any. */
  get(sql: string, params: readonly unknown[]): Promise<Row | undefined>;
  /** How many rows the statement changed. */
  run(sql: string, params: readonly unknown[]): Promise<number>;
  /** A date as this dialect's driver takes it as a parameter. */
  date(value: Date): unknown;
}

export type Row = Record<string, unknown>;

interface SqliteConnection {
  inTransaction: boolean;
  prepare(sql: string): { get(...params: unknown[]): Row | undefined; run(...params: unknown[]): { changes: number } };
}

interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): void;
}

export async function createFastSql(orm: MikroORM, dialect: Dialect): Promise<FastSql> {
  // The ORM's connection (its pool), not an EntityManager's: no identity map is involved.
  const connection = orm.em.getConnection();
  const pooled = throughExecute(connection.execute.bind(connection));
  if (dialect === "postgres") return { dialect, ...pooled, date: (value) => value };
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
  // While another request holds the connection in a transaction, a statement run on it
  // directly would see (or join) that transaction: wait for the pool like any query then.
  return {
    dialect,
    get: async (sql, params) => (db.inTransaction ? pooled.get(sql, params) : statement(sql).get(...params)),
    run: async (sql, params) => (db.inTransaction ? pooled.run(sql, params) : statement(sql).run(...params).changes),
    // MikroORM keeps SQLite datetimes as milliseconds since the epoch.
    date: (value) => value.getTime(),
  };
}

type Execute = (sql: string, params: unknown[], method: "get" | "run") => Promise<unknown>;

/** `get` and `run` through MikroORM's `execute` (a connection's or an EntityManager's). */
function throughExecute(execute: Execute): Pick<FastSql, "get" | "run"> {
  return {
    get: async (sql, params) => (await execute(sql, [...params], "get")) as Row | undefined,
    run: async (sql, params) => affectedRows(await execute(sql, [...params], "run")),
  };
}

/** `sql`, with its statements run inside `tx`'s transaction (an `em.transactional` callback's EntityManager). */
export function inTransaction(sql: FastSql, tx: EntityManager): FastSql {
  const execute = (tx as unknown as { execute: Execute }).execute.bind(tx);
  return { ...sql, ...throughExecute(execute) };
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
