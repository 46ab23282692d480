// The query plans of every statement a measured request runs, on the full-size database:
// EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL (after ANALYZE), with real values
// from the data. A full-table scan ("SCAN <table>" without an index, "Seq Scan") is flagged.
// The hand-written statements are copies of src/auth/session-lookup.ts (not exported
// there): keep them in step. listLive and the products page are the SQL MikroORM builds
// for SessionService.listLive (src/auth/sessions.ts) and keysetPage (src/db/keyset-page.ts).
import Database from "better-sqlite3";
import pg from "pg";

const USER_COLUMNS = "u.id, u.username, u.username_key, u.name, u.email, u.email_verified, u.role, u.is_active, u.created_at, u.updated_at";
const SESSION_STATE = `select s.id as session_id, s.refresh_token_hash as session_token_hash,
  s.previous_token_hash as session_previous_hash, s.rotated_at as session_rotated_at,
  s.refresh_token_transport as session_transport, s.created_at as session_created_at,
  s.authenticated_at as session_authenticated_at, s.expires_at as session_expires_at,
  s.revoked_at as session_revoked_at, s.revoked_reason as session_revoked_reason, ${USER_COLUMNS}
  from sessions s join users u on u.id = s.user_id`;

/** [name, where it runs, SQL with `?`, (sample, pg) => params] */
const statements = (pgDialect) => {
  const uuid = pgDialect ? "?::uuid" : "?";
  const time = pgDialect ? "?::timestamptz" : "?";
  return [
    ["SESSION_WITH_USER", "me, sessions: the access token's session check", `select s.last_used_at as session_last_used_at, s.expires_at as session_expires_at,
  s.revoked_at as session_revoked_at, ${USER_COLUMNS} from sessions s join users u on u.id = s.user_id where s.id = ?`, (x) => [x.sessionId]],
    ["touchSession", "me, sessions: last_used_at, at most once a minute", "update sessions set last_used_at = ? where id = ?", (x) => [x.now, x.sessionId]],
    ["USER_BY_KEY", "login: the user of a username key", `select ${USER_COLUMNS}, u.password_hash from users u where u.username_key = ?`, (x) => [x.usernameKey]],
    ["insertSessionIfUnchanged", "login: the new session, if the user is unchanged", `insert into sessions (id, user_id, refresh_token_hash, refresh_token_transport, created_at, last_used_at,
      authenticated_at, expires_at, user_agent, ip)
    select ${uuid}, u.id, ?, ?, ${time}, ${time}, ${time}, ${time}, ?, ?
    from users u where u.id = ${uuid} and u.password_hash = ? and u.is_active${pgDialect ? " for share" : ""}`,
      (x) => [x.newId, "plan-only-hash", "BODY", x.now, x.now, x.now, x.now, null, null, x.userId, x.passwordHash]],
    ["endSessionsOverLimit", "login: the session cap (MAX_SESSIONS_PER_USER)", `update sessions set revoked_at = ?, revoked_reason = 'session_limit' where id in (
    select id from (
      select id, row_number() over (order by last_used_at desc, created_at desc, id desc) as position
      from sessions where user_id = ${uuid} and revoked_at is null and expires_at > ?
    ) ranked where position > ?)`, (x) => [x.now, x.userId, x.now, 100]],
    ["ROTATE", "refreshToken: the conditional rotation", `update sessions set refresh_token_hash = ?, previous_token_hash = ?, rotated_at = ?, last_used_at = ?
  where refresh_token_hash = ? and revoked_at is null and expires_at > ?`, (x) => ["plan-only-hash", x.tokenHash, x.now, x.now, x.tokenHash, x.now]],
    ["STATE_BY_TOKEN", "refreshToken: the session of the new (or a current) token", `${SESSION_STATE} where s.refresh_token_hash = ?`, (x) => [x.tokenHash]],
    ["STATE_BY_RETIRED_TOKEN", "refreshToken: the session that retired a token", `${SESSION_STATE} where s.id = (select session_id from retired_refresh_tokens where token_hash = ?)`, (x) => [x.retiredHash]],
    ["retire", "refreshToken: the retired token's record", "insert into retired_refresh_tokens (token_hash, session_id, retired_at) values (?, ?, ?)", (x) => ["plan-only-hash", x.sessionId, x.now]],
    ["listLive", "sessions: the user's live sessions (ORM)", `select s0.* from sessions as s0 where s0.user_id = ? and s0.revoked_at is null and s0.expires_at > ?
  order by s0.last_used_at desc, s0.created_at desc`, (x) => [x.userId, x.now]],
    ["products page", "products: the first page (ORM, keysetPage)", "select p0.* from products as p0 order by p0.created_at desc, p0.id desc limit 21", () => []],
    ["products next page", "products(after:): a later page (ORM, keysetPage)", `select p0.* from products as p0 where (p0.created_at, p0.id) < (?, ?)
  order by p0.created_at desc, p0.id desc limit 21`, (x) => [x.productAt, x.productId]],
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
