import type { EntityManager, MikroORM } from "@mikro-orm/core";
import { User } from "../entities/index.js";

/**
 * The per-request check of an access token's session: one indexed lookup of the session
 * joined with its user. It runs on every authenticated request, so it skips the ORM's
 * query building: on SQLite it is a statement prepared once and run synchronously on the
 * pool's one connection (unless a transaction holds it); on PostgreSQL one raw query.
 * The user comes back as a detached snapshot (no EntityManager involved), so `me` costs
 * no second query and a request that needs no ORM never forks one.
 */

export interface SessionRecord {
  userId: string;
  lastUsedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  user: User;
}

/** `em` is only asked for when the fast path cannot be taken (see below). */
export type SessionLookup = (em: () => EntityManager, sessionId: string) => Promise<SessionRecord | null>;

const SQL = `select s.last_used_at as session_last_used_at, s.expires_at as session_expires_at,
  s.revoked_at as session_revoked_at, u.id, u.username, u.username_key, u.name, u.email, u.role,
  u.is_active, u.created_at, u.updated_at
  from sessions s join users u on u.id = s.user_id where s.id = ?`;

type Row = Record<string, unknown>;

interface PreparedSqlite {
  inTransaction: boolean;
  prepare(sql: string): { get(...params: unknown[]): Row | undefined };
}

export async function createSessionLookup(orm: MikroORM, dialect: "sqlite" | "postgres"): Promise<SessionLookup> {
  if (dialect === "sqlite") {
    // better-sqlite3 behind knex: a pool of exactly one connection, kept for the ORM's life.
    const knex = (orm.em.getConnection() as unknown as { getKnex(): { client: KnexClient } }).getKnex();
    const db = (await knex.client.acquireConnection()) as PreparedSqlite;
    knex.client.releaseConnection(db);
    const statement = db.prepare(SQL);
    return async (em, sessionId) => {
      // Inside another request's open transaction the connection would show its
      // uncommitted writes: wait for the pool like every other query then.
      const row = db.inTransaction ? await raw(em(), sessionId) : statement.get(sessionId);
      return row ? toRecord(row) : null;
    };
  }
  return async (em, sessionId) => {
    const row = await raw(em(), sessionId);
    return row ? toRecord(row) : null;
  };
}

interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): void;
}

async function raw(em: EntityManager, sessionId: string): Promise<Row | undefined> {
  return (await em.getConnection().execute(SQL, [sessionId], "get")) as Row | undefined;
}

function toRecord(row: Row): SessionRecord {
  return {
    userId: String(row.id),
    lastUsedAt: toDate(row.session_last_used_at)!,
    expiresAt: toDate(row.session_expires_at)!,
    revokedAt: toDate(row.session_revoked_at),
    user: toUser(row),
  };
}

/**
 * A User as read, not managed by any EntityManager: `me` returns it as it is; code that
 * changes a user loads it through the ORM. (No constructor: its defaults would draw a UUID.)
 */
function toUser(row: Row): User {
  return Object.assign(Object.create(User.prototype) as User, {
    id: String(row.id),
    username: String(row.username),
    usernameKey: String(row.username_key),
    name: (row.name as string | null) ?? null,
    email: (row.email as string | null) ?? null,
    role: row.role as User["role"],
    isActive: row.is_active === true || row.is_active === 1,
    createdAt: toDate(row.created_at)!,
    updatedAt: toDate(row.updated_at)!,
  });
}

/** SQLite keeps dates as milliseconds; PostgreSQL's driver hands Dates over. */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(typeof value === "string" && !/^\d+$/.test(value) ? value : Number(value));
}
