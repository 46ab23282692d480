import type { EntityManager, MikroORM } from "@mikro-orm/core";
import { User } from "../entities/index.js";

/**
 * The per-request check of an access token's session: one indexed lookup of the session
 * joined with its user. It runs on every authenticated request, so it skips the ORM's
 * query building: on SQLite it is a statement prepared once and run synchronously on the
 * pool's one connection (unless a transaction holds it); on PostgreSQL one raw query.
 * The user row is merged into the request's EntityManager, so `me` costs no second query.
 */

export interface SessionRecord {
  userId: string;
  lastUsedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  user: User;
}

export type SessionLookup = (em: EntityManager, sessionId: string) => Promise<SessionRecord | null>;

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
      const row = db.inTransaction ? await raw(em, sessionId) : statement.get(sessionId);
      return row ? toRecord(em, row) : null;
    };
  }
  return async (em, sessionId) => {
    const row = await raw(em, sessionId);
    return row ? toRecord(em, row) : null;
  };
}

interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): void;
}

async function raw(em: EntityManager, sessionId: string): Promise<Row | undefined> {
  return (await em.getConnection().execute(SQL, [sessionId], "get")) as Row | undefined;
}

function toRecord(em: EntityManager, row: Row): SessionRecord {
  const { session_last_used_at, session_expires_at, session_revoked_at, ...userRow } = row;
  return {
    userId: String(userRow.id),
    lastUsedAt: toDate(session_last_used_at)!,
    expiresAt: toDate(session_expires_at)!,
    revokedAt: toDate(session_revoked_at),
    user: em.map(User, userRow),
  };
}

/** SQLite keeps dates as milliseconds; PostgreSQL's driver hands Dates over. */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(typeof value === "string" && !/^\d+$/.test(value) ? value : Number(value));
}
