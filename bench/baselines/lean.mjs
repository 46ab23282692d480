// Baseline (c), the "lean limit" for `me`: baseline (b) plus what `me` cannot skip: the
// access-token check and one prepared lookup of the session joined with its user.
// Env: BENCH_DB (the server's SQLite file), JWT_SECRET, BENCH_TOKEN (a token the server issued).
import { createSecretKey } from "node:crypto";
import { Buffer } from "node:buffer";
import process from "node:process";
import Database from "better-sqlite3";
import jwt from "jsonwebtoken";
import { serve } from "./graphql-server.mjs";

const key = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? ""));
const db = new Database(process.env.BENCH_DB, { readonly: true, fileMustExist: true });
const lookup = db.prepare(
  `select s.id, s.revoked_at, s.expires_at, u.id as user_id, u.username, u.name, u.is_active, u.role
   from sessions s join users u on u.id = s.user_id where s.id = ?`,
);

class Unauthenticated extends Error {
  status = 401;
}

function userFor(authorization) {
  const token = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
  if (!token) return null;
  let claims;
  try {
    claims = jwt.verify(token, key, { algorithms: ["HS256"], issuer: "graphql-auth-api", audience: "graphql-auth-api" });
  } catch {
    throw new Unauthenticated("access token invalid");
  }
  const row = lookup.get(claims.sid);
  // The same rules as the server: a live session of an active user.
  if (!row || row.revoked_at !== null || new Date(row.expires_at) <= new Date() || !row.is_active || row.user_id !== claims.sub) {
    throw new Unauthenticated("session ended");
  }
  return { id: row.user_id, username: row.username, name: row.name, role: row.role };
}

// The token the server issued must pass here too, or this baseline measures the wrong thing.
userFor(`Bearer ${process.env.BENCH_TOKEN}`);

serve({
  rootValue: { me: (_args, context) => context.user },
  contextFor: (req) => ({ user: userFor(req.headers.authorization) }),
});
