// The bulk data of `npm run bench:scale`: users and sessions generated here and written
// with raw SQL in big transactions (not through the API), on a database the compiled
// server has just migrated. Every user shares one argon2 hash (the server's parameters) of
// SCALE_PASSWORD, so any of them can sign in; usernames, keys and skeletons come from the
// compiled validation and lookalike code, as registration makes them.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import argon2 from "argon2";
import Database from "better-sqlite3";
import pg from "pg";
import { ARGON2_OPTIONS } from "../dist/src/accounts/passwords.js";
import { usernameKey } from "../dist/src/accounts/validation.js";
import { usernameSkeleton } from "../dist/src/lib/lookalikes.js";

export const SCALE_PASSWORD = "scale-password-4e9a2c";
export const PRODUCTS = 50;

const DAY = 86_400_000;
const SESSION_TTL = 30 * DAY; // REFRESH_TOKEN_TTL's default
// Ended sessions end within the last 6 days: the pruner (7 days) leaves them, so every size keeps its rows.
const ENDED_WITHIN = 6 * DAY;

export const usernameOf = (i) => `u${String(i).padStart(6, "0")}`;
const tokenHash = () => createHash("sha256").update(randomBytes(32).toString("base64url")).digest("base64url");
const within = (from, to) => from + Math.floor(Math.random() * Math.max(0, to - from));

export const passwordHash = () => argon2.hash(SCALE_PASSWORD, ARGON2_OPTIONS);

function* users(count, hash, now) {
  const skeletons = new Set();
  for (let i = 0; i < count; i++) {
    const username = usernameOf(i);
    const skeleton = usernameSkeleton(username);
    if (skeletons.has(skeleton)) throw new Error(`two bulk users share the skeleton ${skeleton}`);
    skeletons.add(skeleton);
    const createdAt = within(now - 365 * DAY, now - 31 * DAY);
    yield { id: randomUUID(), username, key: usernameKey(username), skeleton, hash, createdAt };
  }
}

/**
 * Session j belongs to user j % users (so each has sessions/users of them): 70% live, 20%
 * revoked, 10% expired, the same for every user (of its ten, 7, 2 and 1), so that the user
 * a workload signs in as lists as many live sessions at every size; 30% were rotated once
 * and keep their retired token.
 */
function* sessions(count, userIds, now) {
  for (let j = 0; j < count; j++) {
    const kind = ((Math.floor(j / userIds.length) % 10) + 0.5) / 10;
    const expired = kind >= 0.9;
    const createdAt = expired ? now - SESSION_TTL - within(0, ENDED_WITHIN) : within(now - 29 * DAY, now - 60_000);
    const expiresAt = createdAt + SESSION_TTL;
    const revokedAt = kind >= 0.7 && !expired ? within(Math.max(createdAt, now - ENDED_WITHIN), now) : null;
    const lastUsedAt = within(createdAt, Math.min(revokedAt ?? now, expiresAt));
    const rotated = Math.random() < 0.3;
    yield {
      id: randomUUID(),
      userId: userIds[j % userIds.length],
      hash: tokenHash(),
      previousHash: rotated ? tokenHash() : null,
      rotatedAt: rotated ? lastUsedAt : null,
      createdAt,
      lastUsedAt,
      expiresAt,
      revokedAt,
      revokedReason: revokedAt ? "logout" : null,
      ip: `203.0.113.${j % 250}`,
    };
  }
}

const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) bench-scale";
const products = (now) =>
  Array.from({ length: PRODUCTS }, (_, i) => ({ id: randomUUID(), name: `Scale product ${i + 1}`, description: `Product number ${i + 1}`, price: 100 * (i + 1), at: now - (PRODUCTS - i) * 60_000 }));

/** Secondary indexes are dropped for the load and built again after it: faster than keeping them up to date row by row. */
export async function loadSqlite(file, { userCount, sessionCount, hash }) {
  const started = performance.now();
  const now = Date.now();
  const db = new Database(file);
  db.pragma("journal_mode = wal");
  db.pragma("synchronous = off");
  db.pragma("foreign_keys = off");
  db.pragma("cache_size = -262144"); // 256 MiB
  const tables = "('users', 'sessions', 'retired_refresh_tokens')";
  const indexes = db.prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in ${tables}`).all();
  const insertUser = db.prepare(`insert into users (id, username, username_key, username_skeleton, name, email, email_verified,
    verified_email_key, password_hash, role, is_active, created_at, updated_at) values (?, ?, ?, ?, null, null, 0, null, ?, 'USER', 1, ?, ?)`);
  const insertSession = db.prepare(`insert into sessions (id, user_id, refresh_token_hash, previous_token_hash, rotated_at,
    refresh_token_transport, authenticated_at, created_at, last_used_at, expires_at, revoked_at, revoked_reason, user_agent, ip)
    values (?, ?, ?, ?, ?, 'BODY', ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertRetired = db.prepare("insert into retired_refresh_tokens (token_hash, session_id, retired_at) values (?, ?, ?)");
  const insertProduct = db.prepare("insert into products (id, name, description, price_cents, created_at, updated_at) values (?, ?, ?, ?, ?, ?)");
  let retired = 0;
  db.transaction(() => {
    for (const index of indexes) db.exec(`drop index "${index.name}"`);
    const userIds = [];
    for (const u of users(userCount, hash, now)) {
      insertUser.run(u.id, u.username, u.key, u.skeleton, u.hash, u.createdAt, u.createdAt);
      userIds.push(u.id);
    }
    for (const s of sessions(sessionCount, userIds, now)) {
      insertSession.run(s.id, s.userId, s.hash, s.previousHash, s.rotatedAt, s.createdAt, s.createdAt, s.lastUsedAt, s.expiresAt, s.revokedAt, s.revokedReason, USER_AGENT, s.ip);
      if (s.previousHash) {
        insertRetired.run(s.previousHash, s.id, s.rotatedAt);
        retired++;
      }
    }
    for (const p of products(now)) insertProduct.run(p.id, p.name, p.description, p.price, p.at, p.at);
    for (const index of indexes) db.exec(index.sql);
  })();
  db.exec("analyze");
  db.pragma("wal_checkpoint(truncate)");
  db.close();
  return { users: userCount, sessions: sessionCount, retiredTokens: retired, products: PRODUCTS, loadSeconds: (performance.now() - started) / 1000 };
}

const BATCH = 20_000;

/**
 * COPY is not in `pg`: multi-row inserts from arrays (`insert ... select * from unnest(...)`),
 * 20 000 rows a statement, in one transaction with foreign-key triggers off
 * (session_replication_role = replica; the rows are consistent by construction) and the
 * secondary indexes that back no constraint dropped and built again after the load.
 */
export async function loadPostgres(url, { userCount, sessionCount, hash }) {
  const started = performance.now();
  const now = Date.now();
  const iso = (ms) => (ms === null ? null : new Date(ms).toISOString());
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let retired = 0;
  try {
    await client.query("begin");
    await client.query("set local session_replication_role = replica");
    await client.query("set local synchronous_commit = off");
    await client.query("set local maintenance_work_mem = '256MB'");
    const { rows: indexes } = await client.query(`select i.indexname, i.indexdef from pg_indexes i
      where i.schemaname = 'public' and i.tablename in ('users', 'sessions', 'retired_refresh_tokens')
      and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.indexname))::regclass)`);
    for (const index of indexes) await client.query(`drop index "${index.indexname}"`);
    const flush = async (statement, columns) => {
      if (columns[0].length === 0) return;
      await client.query(statement, columns);
      for (const column of columns) if (Array.isArray(column)) column.length = 0;
    };
    const userSql = `insert into users (id, username, username_key, username_skeleton, password_hash, created_at, updated_at)
      select id, n, k, sk, $5, c, c from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $6::timestamptz[]) as t(id, n, k, sk, c)`;
    const userCols = [[], [], [], [], []];
    const flushUsers = () => flush(userSql, [userCols[0], userCols[1], userCols[2], userCols[3], hash, userCols[4]]);
    const userIds = [];
    for (const u of users(userCount, hash, now)) {
      userIds.push(u.id);
      [u.id, u.username, u.key, u.skeleton, iso(u.createdAt)].forEach((value, i) => userCols[i].push(value));
      if (userCols[0].length === BATCH) await flushUsers();
    }
    await flushUsers();
    const sessionSql = `insert into sessions (id, user_id, refresh_token_hash, previous_token_hash, rotated_at, refresh_token_transport,
        authenticated_at, created_at, last_used_at, expires_at, revoked_at, revoked_reason, user_agent, ip)
      select id, u, h, ph, r, 'BODY', c, c, l, e, rv, rr, '${USER_AGENT}', ip from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[],
        $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::text[])
        as t(id, u, h, ph, r, c, l, e, rv, rr, ip)`;
    const retiredSql = "insert into retired_refresh_tokens (token_hash, session_id, retired_at) select * from unnest($1::text[], $2::uuid[], $3::timestamptz[])";
    const cols = Array.from({ length: 11 }, () => []);
    const retiredCols = [[], [], []];
    for (const s of sessions(sessionCount, userIds, now)) {
      const values = [s.id, s.userId, s.hash, s.previousHash, iso(s.rotatedAt), iso(s.createdAt), iso(s.lastUsedAt), iso(s.expiresAt), iso(s.revokedAt), s.revokedReason, s.ip];
      values.forEach((value, i) => cols[i].push(value));
      if (s.previousHash) {
        [s.previousHash, s.id, iso(s.rotatedAt)].forEach((value, i) => retiredCols[i].push(value));
        retired++;
      }
      if (cols[0].length === BATCH) await flush(sessionSql, cols);
      if (retiredCols[0].length === BATCH) await flush(retiredSql, retiredCols);
    }
    await flush(sessionSql, cols);
    await flush(retiredSql, retiredCols);
    for (const p of products(now)) {
      await client.query("insert into products (id, name, description, price_cents, created_at, updated_at) values ($1, $2, $3, $4, $5, $5)", [p.id, p.name, p.description, p.price, iso(p.at)]);
    }
    for (const index of indexes) await client.query(index.indexdef);
    await client.query("commit");
    await client.query("analyze");
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return { users: userCount, sessions: sessionCount, retiredTokens: retired, products: PRODUCTS, loadSeconds: (performance.now() - started) / 1000 };
}
