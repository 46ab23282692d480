// The query plans of every statement a measured request runs, on the full-size database:
// EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL (after ANALYZE), with real values
// from the data. A full-table scan ("SCAN <table>" without an index, "Seq Scan") is flagged.
// The hand-written statements are src/auth/session-lookup.ts's own (LOOKUP_SQL, from the
// build: bench scripts run after `npm run build`), and the catalogue's pages are
// src/shop/catalogue.ts's (CATALOGUE_SQL). listLive is the SQL MikroORM builds for
// SessionService.listLive (src/auth/sessions.ts): keep that in step by hand.
import Database from "better-sqlite3";
import pg from "pg";
import { LOOKUP_SQL as SQL } from "../dist/src/auth/session-lookup.js";
import { CATALOGUE_SQL } from "../dist/src/shop/catalogue.js";

/** [name, where it runs, SQL with `?`, (sample, pg) => params] */
const statements = (pgDialect) => {
  const dialect = pgDialect ? "postgres" : "sqlite";
  return [
    ["SESSION_WITH_USER", "me, sessions: the access token's session check", SQL.SESSION_WITH_USER, (x) => [x.sessionId]],
    ["touchSession", "me, sessions: last_used_at, at most once a minute", SQL.TOUCH_SESSION, (x) => [x.now, x.sessionId]],
    ["USER_BY_KEY", "login: the user of a username key", SQL.USER_BY_KEY, (x) => [x.usernameKey]],
    ["insertSessionIfUnchanged", "login: the new session, if the user is unchanged", SQL.INSERT_SESSION_IF_UNCHANGED[dialect],
      (x) => [x.newId, "plan-only-hash", "BODY", x.now, x.now, x.now, x.now, null, null, x.userId, x.passwordHash]],
    ["endSessionsOverLimit", "login: the session cap (MAX_SESSIONS_PER_USER)", SQL.END_SESSIONS_OVER_LIMIT[dialect], (x) => [x.now, x.userId, x.now, 100]],
    ["ROTATE", "refreshToken: the conditional rotation", SQL.ROTATE, (x) => ["plan-only-hash", x.tokenHash, x.now, x.now, x.tokenHash, x.now]],
    ["STATE_BY_TOKEN", "refreshToken: the session of the new (or a current) token", SQL.STATE_BY_TOKEN, (x) => [x.tokenHash]],
    ["STATE_BY_RETIRED_TOKEN", "refreshToken: the session that retired a token", SQL.STATE_BY_RETIRED_TOKEN, (x) => [x.retiredHash]],
    ["retire", "refreshToken: the retired token's record", SQL.RETIRE, (x) => ["plan-only-hash", x.sessionId, x.now]],
    ["listLive", "sessions: the user's live sessions (ORM)", `select s0.* from sessions as s0 where s0.user_id = ? and s0.revoked_at is null and s0.expires_at > ?
  order by s0.last_used_at desc, s0.created_at desc`, (x) => [x.userId, x.now]],
    ["products page", "products: the first page (Catalogue)", CATALOGUE_SQL[dialect].first, () => [21]],
    ["products next page", "products(after:): a later page (Catalogue)", CATALOGUE_SQL[dialect].after, (x) => [x.productAt, x.productId, 21]],
  ];
};

const isSqliteScan = (line) => /\bSCAN (?!CONSTANT)\w+/.test(line) && !/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|SCAN ranked|subquery/i.test(line);
const isPgScan = (line) => /Seq Scan on/.test(line);

export function sqlitePlans(file) {
  const db = new Database(file, { readonly: true });
  try {
    const x = sample((sql) => db.prepare(sql).get());
    return statements(false).map(([name, where, sql, params]) => {
      const plan = db.prepare(`explain query plan ${sql}`).all(...params({ ...x, now: Date.now() })).map((row) => row.detail);
      return { name, where, plan, scans: plan.filter(isSqliteScan) };
    });
  } finally {
    db.close();
  }
}

export async function postgresPlans(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const x = await sampleAsync((sql) => client.query(sql).then((r) => r.rows[0]));
    const plans = [];
    for (const [name, where, sql, params] of statements(true)) {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      const explain = async () => (await client.query(`explain ${text}`, params({ ...x, now: new Date() }))).rows.map((row) => row["QUERY PLAN"]);
      const plan = await explain();
      const scans = plan.filter(isPgScan);
      const entry = { name, where, plan, scans };
      // A sequential scan of a one-page table (products: 50 rows) is the planner's choice, not a missing index: show the index it has.
      if (scans.length > 0) {
        await client.query("begin");
        await client.query("set local enable_seqscan = off");
        entry.withoutSeqScan = await explain();
        await client.query("rollback");
      }
      plans.push(entry);
    }
    return plans;
  } finally {
    await client.end();
  }
}

const SAMPLE = {
  session: "select id, user_id, refresh_token_hash from sessions where revoked_at is null order by id limit 1",
  retired: "select token_hash from retired_refresh_tokens order by token_hash limit 1",
  user: "select u.id, u.username_key, u.password_hash from users u join sessions s on s.user_id = u.id limit 1",
  product: "select id, created_at from products order by created_at limit 1 offset 25",
};

const toSample = (s, r, u, p) => ({
  sessionId: s.id,
  tokenHash: s.refresh_token_hash,
  retiredHash: r.token_hash,
  userId: u.id,
  usernameKey: u.username_key,
  passwordHash: u.password_hash,
  newId: "00000000-0000-4000-8000-000000000000",
  productId: p.id,
  productAt: p.created_at,
});

const sample = (get) => toSample(get(SAMPLE.session), get(SAMPLE.retired), get(SAMPLE.user), get(SAMPLE.product));
const sampleAsync = async (get) => toSample(await get(SAMPLE.session), await get(SAMPLE.retired), await get(SAMPLE.user), await get(SAMPLE.product));

/** The plans as text: each statement, where it runs, its plan, and the flagged scans. */
export function plansText(dialect, plans) {
  const lines = [`Query plans (${dialect}, full size):`];
  for (const p of plans) {
    lines.push(`  ${p.name} (${p.where})${p.scans.length ? "  <-- FULL SCAN" : ""}`);
    for (const line of p.plan) lines.push(`      ${line}`);
    if (p.withoutSeqScan) {
      lines.push("    with enable_seqscan = off:");
      for (const line of p.withoutSeqScan) lines.push(`      ${line}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
