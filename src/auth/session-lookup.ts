import type { RefreshTokenTransport, User } from "../entities/index.js";
import { toDate, type FastSql, type Row } from "../db/fast-sql.js";
import type { SessionTokenState } from "./refresh-decision.js";

/**
 * The hand-written SQL of the hot paths, run through FastSql (see fast-sql.ts): the
 * per-request check of an access token's session, sign-in's user lookup and session
 * insert, and refreshToken's rotation. Users come back as detached snapshots (no
 * EntityManager involved): `me` returns one as it is; code that changes a user loads it
 * through the ORM.
 */

export interface SessionRecord {
  userId: string;
  lastUsedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  user: User;
}

export type SessionLookup = (sessionId: string) => Promise<SessionRecord | null>;

const USER_COLUMNS = "u.id, u.username, u.username_key, u.name, u.email, u.email_verified, u.role, u.is_active, u.created_at, u.updated_at";

const SESSION_STATE = `select s.id as session_id, s.refresh_token_hash as session_token_hash,
  s.previous_token_hash as session_previous_hash, s.rotated_at as session_rotated_at,
  s.refresh_token_transport as session_transport, s.created_at as session_created_at,
  s.authenticated_at as session_authenticated_at, s.expires_at as session_expires_at,
  s.revoked_at as session_revoked_at, s.revoked_reason as session_revoked_reason, ${USER_COLUMNS}
  from sessions s join users u on u.id = s.user_id`;

/** On PostgreSQL the ids and times of an `insert … select` need casts; SQLite takes them as they come. */
const insertSessionIfUnchangedSql = (pg: boolean) => {
  const uuid = pg ? "?::uuid" : "?";
  const time = pg ? "?::timestamptz" : "?";
  return `insert into sessions (id, user_id, refresh_token_hash, refresh_token_transport, created_at, last_used_at,
      authenticated_at, expires_at, user_agent, ip)
    select ${uuid}, u.id, ?, ?, ${time}, ${time}, ${time}, ${time}, ?, ?
    from users u where u.id = ${uuid} and u.password_hash = ? and u.is_active${pg ? " for share" : ""}`;
};

const endSessionsOverLimitSql = (pg: boolean) => `update sessions set revoked_at = ?, revoked_reason = 'session_limit' where id in (
    select id from (
      select id, row_number() over (order by last_used_at desc, created_at desc, id desc) as position
      from sessions where user_id = ${pg ? "?::uuid" : "?"} and revoked_at is null and expires_at > ?
    ) ranked where position > ?)`;

/**
 * Every statement of this module, built once (those that differ by dialect, once for each).
 * Exported so bench/scale-plans.mjs reads the plans of exactly these, not of copies.
 */
export const LOOKUP_SQL = {
  SESSION_WITH_USER: `select s.last_used_at as session_last_used_at, s.expires_at as session_expires_at,
  s.revoked_at as session_revoked_at, ${USER_COLUMNS}
  from sessions s join users u on u.id = s.user_id where s.id = ?`,
  TOUCH_SESSION: "update sessions set last_used_at = ? where id = ?",
  USER_BY_KEY: `select ${USER_COLUMNS}, u.password_hash from users u where u.username_key = ?`,
  INSERT_SESSION_IF_UNCHANGED: { sqlite: insertSessionIfUnchangedSql(false), postgres: insertSessionIfUnchangedSql(true) },
  END_SESSIONS_OVER_LIMIT: { sqlite: endSessionsOverLimitSql(false), postgres: endSessionsOverLimitSql(true) },
  ROTATE: `update sessions set refresh_token_hash = ?, previous_token_hash = ?, rotated_at = ?, last_used_at = ?
  where refresh_token_hash = ? and revoked_at is null and expires_at > ?`,
  STATE_BY_TOKEN: `${SESSION_STATE} where s.refresh_token_hash = ?`,
  STATE_BY_RETIRED_TOKEN: `${SESSION_STATE} where s.id = (select session_id from retired_refresh_tokens where token_hash = ?)`,
  END_BY_TOKEN: `update sessions set revoked_at = ?, revoked_reason = ?
      where refresh_token_hash = ? and revoked_at is null and expires_at > ?`,
  END_SESSION: "update sessions set revoked_at = ?, revoked_reason = ? where id = ? and revoked_at is null",
  RETIRE: "insert into retired_refresh_tokens (token_hash, session_id, retired_at) values (?, ?, ?)",
} as const;

/** One indexed lookup: the session joined with its user. */
export function createSessionLookup(sql: FastSql): SessionLookup {
  return async (sessionId) => {
    const row = await sql.get(LOOKUP_SQL.SESSION_WITH_USER, [sessionId]);
    if (!row) return null;
    return {
      userId: String(row.id),
      lastUsedAt: toDate(row.session_last_used_at)!,
      expiresAt: toDate(row.session_expires_at)!,
      revokedAt: toDate(row.session_revoked_at),
      user: toUser(row),
    };
  };
}

/** Records that a session was used (the check does so at most once a minute). */
export async function touchSession(sql: FastSql, sessionId: string, now: Date): Promise<void> {
  await sql.run(LOOKUP_SQL.TOUCH_SESSION, [sql.date(now), sessionId]);
}

/** Sign-in's lookup: the user of a username key, with its password hash. */
export async function findSignInUser(sql: FastSql, usernameKey: string): Promise<{ user: User; passwordHash: string } | null> {
  const row = await sql.get(LOOKUP_SQL.USER_BY_KEY, [usernameKey]);
  return row ? { user: toUser(row), passwordHash: String(row.password_hash) } : null;
}

export interface NewSession {
  id: string;
  userId: string;
  refreshTokenHash: string;
  refreshTokenTransport: string;
  createdAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

/**
 * Inserts the session only if its user is still active and still has the password hash
 * the sign-in verified; false when not (the password changed or the account was
 * deactivated while the hash was being checked). One statement: on PostgreSQL it takes a
 * share lock on the user row, so a password change or deactivation either waits for the
 * insert (and then ends the new session with the others) or commits first (and the insert
 * finds no row); SQLite runs writes one at a time.
 */
export async function insertSessionIfUnchanged(sql: FastSql, session: NewSession, passwordHash: string): Promise<boolean> {
  const created = sql.date(session.createdAt);
  const changed = await sql.run(LOOKUP_SQL.INSERT_SESSION_IF_UNCHANGED[sql.dialect], [
    session.id,
    session.refreshTokenHash,
    session.refreshTokenTransport,
    created,
    created,
    created,
    sql.date(session.expiresAt),
    session.userAgent,
    session.ip,
    session.userId,
    passwordHash,
  ]);
  return changed === 1;
}

/**
 * Ends a user's live sessions past the `limit` most recently used (a window function, the
 * same on SQLite and PostgreSQL); returns how many ended.
 */
export async function endSessionsOverLimit(sql: FastSql, userId: string, limit: number, now: Date): Promise<number> {
  return sql.run(LOOKUP_SQL.END_SESSIONS_OVER_LIMIT[sql.dialect], [sql.date(now), userId, sql.date(now), limit]);
}

/** A session as a refresh token sees it: what the reuse rules decide on, and what a new pair needs. */
export interface SessionState extends SessionTokenState {
  sessionId: string;
  transport: RefreshTokenTransport;
  /** When the user last proved a credential (auth_time). */
  authenticatedAt: Date;
  user: User;
}

/**
 * refreshToken's and logout's statements, run inside their transaction: the conditional
 * update that gives a live session its new token hash (of several simultaneous ones,
 * exactly one matches), the session of a token (current or retired), the end of a
 * session, and the retired token's record.
 */
export const rotation = {
  async rotate(sql: FastSql, oldHash: string, newHash: string, now: Date): Promise<boolean> {
    const at = sql.date(now);
    return (await sql.run(LOOKUP_SQL.ROTATE, [newHash, oldHash, at, at, oldHash, at])) === 1;
  },
  /** The session whose current token has this hash. */
  async byToken(sql: FastSql, tokenHash: string): Promise<SessionState | null> {
    const row = await sql.get(LOOKUP_SQL.STATE_BY_TOKEN, [tokenHash]);
    return row ? toSessionState(row) : null;
  },
  /** The session whose current token has this hash, else the one that retired it. */
  async byTokenOrRetired(sql: FastSql, tokenHash: string): Promise<SessionState | null> {
    const row = (await sql.get(LOOKUP_SQL.STATE_BY_TOKEN, [tokenHash])) ?? (await sql.get(LOOKUP_SQL.STATE_BY_RETIRED_TOKEN, [tokenHash]));
    return row ? toSessionState(row) : null;
  },
  /** Ends the live, unexpired session whose current token has this hash; whether there was one. */
  async endByToken(sql: FastSql, tokenHash: string, reason: string, now: Date): Promise<boolean> {
    return (await sql.run(LOOKUP_SQL.END_BY_TOKEN, [sql.date(now), reason, tokenHash, sql.date(now)])) === 1;
  },
  /** Ends a session if it is still live; whether it did. */
  async endSession(sql: FastSql, sessionId: string, reason: string, now: Date): Promise<boolean> {
    return (await sql.run(LOOKUP_SQL.END_SESSION, [sql.date(now), reason, sessionId])) === 1;
  },
  async retire(sql: FastSql, tokenHash: string, sessionId: string, now: Date): Promise<void> {
    await sql.run(LOOKUP_SQL.RETIRE, [
      tokenHash,
      sessionId,
      sql.date(now),
    ]);
  },
};

function toSessionState(row: Row): SessionState {
  const user = toUser(row);
  return {
    sessionId: String(row.session_id),
    refreshTokenHash: String(row.session_token_hash),
    previousTokenHash: (row.session_previous_hash as string | null) ?? null,
    rotatedAt: toDate(row.session_rotated_at),
    transport: row.session_transport as RefreshTokenTransport,
    // Null only for sessions older than the column (the migration fills it in from created_at).
    authenticatedAt: toDate(row.session_authenticated_at) ?? toDate(row.session_created_at)!,
    expiresAt: toDate(row.session_expires_at)!,
    revokedAt: toDate(row.session_revoked_at),
    revokedReason: (row.session_revoked_reason as string | null) ?? null,
    userIsActive: user.isActive,
    user,
  };
}

/**
 * A User as read, not managed by any EntityManager, for reading only. A plain object, not
 * an instance: the ORM puts accessors on User's prototype, and assigning through them
 * costs ~2% of a `me` request. (User has no methods, so the shape is all there is.)
 */
function toUser(row: Row): User {
  // Neither the password hash, the lookalike key nor the verified-address key is ever read from a snapshot.
  const user: Omit<User, "passwordHash" | "usernameSkeleton" | "verifiedEmailKey"> = {
    id: String(row.id),
    username: String(row.username),
    usernameKey: String(row.username_key),
    name: (row.name as string | null) ?? null,
    email: (row.email as string | null) ?? null,
    emailVerified: row.email_verified === true || row.email_verified === 1,
    role: row.role as User["role"],
    isActive: row.is_active === true || row.is_active === 1,
    createdAt: toDate(row.created_at)!,
    updatedAt: toDate(row.updated_at)!,
  };
  return user as User;
}
