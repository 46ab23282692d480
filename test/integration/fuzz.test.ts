import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCommonPassword } from "../../src/accounts/common-passwords.js";
import { PUBLIC_OPERATIONS } from "../../src/auth/public-operations.js";
import { User } from "../../src/entities/index.js";
import { BODY_LIMIT_BYTES } from "../../src/server/http.js";
import { usernameSkeleton } from "../../src/lib/lookalikes.js";
import { hasForbiddenCharacters } from "../../src/lib/text.js";
import {
  createAdmin,
  createProduct,
  LOGOUT,
  login,
  ME,
  PASSWORD,
  REFRESH,
  registerUser,
  type Registered,
} from "../helpers/factories.js";
import { gql } from "../helpers/gql.js";
import { createTestApp, TEST_SECRET, type TestApp } from "../helpers/test-app.js";

/**
 * Property-based fuzzing over real HTTP against a production app: random and hostile values
 * for every operation, Authorization header and raw body. Whatever comes in, the answer is a
 * well-formed GraphQL response with a known code, no 500, and nothing the client must not see.
 */

// The operations, read from the committed SDL (schema.test.ts keeps it equal to the app's).
const SDL = buildSchema(readFileSync(join(import.meta.dirname, "../../schema.graphql"), "utf8"));
type Field = GraphQLField<unknown, unknown>;
type Kind = "query" | "mutation";
const OPERATIONS: [Kind, Field][] = [
  ...Object.values(SDL.getQueryType()!.getFields()).map((f) => ["query", f] as [Kind, Field]),
  ...Object.values(SDL.getMutationType()!.getFields()).map((f) => ["mutation", f] as [Kind, Field]),
];
const ADMIN_ONLY = new Set(["users", "createProduct", "updateProduct", "deleteProduct", "setUserActive", "setUserRole"]);
const ADMIN_MUTATIONS = ["createProduct", "updateProduct", "deleteProduct", "setUserActive", "setUserRole"];

const KNOWN_CODES = new Set([
  "BAD_USER_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "TOO_MANY_REQUESTS",
  "GRAPHQL_VALIDATION_FAILED",
  "GRAPHQL_PARSE_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  // MAIL=off: the e-mail flows are not available.
  "SERVICE_UNAVAILABLE",
  // Apollo's own code for an operationName the document does not define (HTTP 400).
  "OPERATION_RESOLUTION_FAILURE",
]);
/** What the HTTP layer (src/server/http.ts) answers before GraphQL sees the request. */
const HTTP_LAYER_CODES: Record<number, string> = { 413: "PAYLOAD_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE" };
const LEAKS = ["    at ", "stacktrace", "select ", "insert into", "sqlite", "constraint"];
const TOKEN_REASONS = ["TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_REVOKED"];
/** Room for fast-check to shrink a failure to its smallest counterexample. */
const PROPERTY_TIMEOUT = 60_000;

// ---------------------------------------------------------------------------------------------
// The app and its cast, prepared once; properties that change state put it back.

interface Caller {
  name: "anonymous" | "USER" | "ADMIN";
  username?: string;
  auth?: Registered;
}

let app: TestApp;
const anonymous: Caller = { name: "anonymous" };
const user: Caller = { name: "USER" };
const admin: Caller = { name: "ADMIN" };
let bystander: Registered;
/** Products the fuzz may name by id; one costs the most an Int can hold. */
const products: { id: string; priceCents: number }[] = [];

beforeAll(async () => {
  // Mail on, so that the e-mail flows run to the end; the worker never polls here, so nothing
  // is ever sent (and the port is closed: nothing could be).
  app = await createTestApp({ NODE_ENV: "production", SMTP_URL: "smtp://127.0.0.1:9" });
  user.auth = remember(await registerUser(app));
  user.username = user.auth.user.username;
  admin.auth = remember(await createAdmin(app));
  admin.username = admin.auth.user.username;
  bystander = remember(await registerUser(app));
  for (const priceCents of [0, 199, 2500, 2_147_483_647]) {
    const product = await createProduct(app, { priceCents });
    products.push({ id: product.id, priceCents });
  }
});
afterAll(() => app?.stop());

/** Every token and password the server must never echo back. */
const issued = new Set<string>();
const secrets = () => [...issued, PASSWORD];
const remember = (pair: Registered): Registered => {
  issued.add(pair.accessToken).add(pair.refreshToken);
  return pair;
};

// ---------------------------------------------------------------------------------------------
// HTTP and the checks every answer must pass.

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

async function post(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(app.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * What is wrong with an answer: not JSON, neither data nor errors, an unknown code, or a
 * leak. A needle the request itself contained may be echoed (a variable's value quoted in a
 * validation message) and is not held against the server.
 */
function problemsOf(reply: Reply, requestText: string, extraCodes: string[] = []): string[] {
  const problems: string[] = [];
  if (!/^application\/(graphql-response\+)?json/.test(reply.headers.get("content-type") ?? "")) {
    problems.push(`content-type ${reply.headers.get("content-type")}`);
  }
  const body = reply.json;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return [...problems, `not a JSON object: ${reply.text.slice(0, 300)}`];
  }
  if (!("data" in body) && !("errors" in body)) problems.push("neither data nor errors");
  const errors: unknown[] = body.errors ?? [];
  if (!Array.isArray(errors)) return [...problems, "errors is not a list"];
  for (const error of errors as { message?: unknown; extensions?: Record<string, unknown> }[]) {
    const code = error.extensions?.code;
    if (typeof error.message !== "string") problems.push(`error without a message: ${JSON.stringify(error)}`);
    if (typeof code !== "string" || !(KNOWN_CODES.has(code) || extraCodes.includes(code))) {
      problems.push(`code ${String(code)}: ${JSON.stringify(error).slice(0, 500)}`);
    }
    if (error.extensions && "stacktrace" in error.extensions) problems.push("extensions.stacktrace");
  }
  const said = JSON.stringify(errors).toLowerCase();
  const asked = requestText.toLowerCase();
  for (const needle of [...LEAKS, ...secrets()]) {
    const n = needle.toLowerCase();
    if (said.includes(n) && !asked.includes(n)) problems.push(`leaks ${JSON.stringify(needle.slice(0, 20))}`);
  }
  return problems;
}

function expectSound(reply: Reply, requestText: string, extraCodes: string[] = []): void {
  const problems = problemsOf(reply, requestText, extraCodes);
  expect(problems, `HTTP ${reply.status} ${reply.text.slice(0, 1000)}`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Arbitraries.

const char = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));
const controlChars = fc.oneof(char(0, 0x1f), char(0x7f, 0x9f), fc.constantFrom("\u2028", "\u2029", "\u202e", "\u2066"));

const NASTY = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '"; DROP TABLE users; --',
  "1; SELECT * FROM users",
  "admin'--",
  "') UNION SELECT password_hash FROM users --",
  "%' AND 1=0 UNION SELECT sql FROM sqlite_master --",
  "../",
  "../../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%00",
  "%2e%2e%2f",
  "\u0000",
  "${jndi:ldap://x/a}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
  "-0",
  "1e309",
  "\u202e",
  "\ufeff",
  "\u200b",
  "\ud800",
  "\udfff",
  "İ",
  "ﬀ",
  "ǅ",
  "\u212a",
  "𝒜𝒷𝒸",
  "😀",
  "a\u0301",
  "a\ufe0f",
  "\ufdfa",
  "\ufdfa".repeat(32),
  "\r\n",
  "\t",
  " ",
  "",
];

/** Kilobytes of one repeated grapheme: with several strings a body lands either side of the limit. */
const hugeString = fc
  .tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }), fc.integer({ min: 2_000, max: 60_000 }))
  .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n));

const hostileSmall = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: controlChars, maxLength: 10 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...NASTY), fc.string({ maxLength: 8 })).map((p) => p.join("")),
  },
);
const hostileString = fc.oneof({ weight: 12, arbitrary: hostileSmall }, { weight: 1, arbitrary: hugeString });

const int32Edges = [0, -1, 1, 99, 100, 101, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 1e21];
const hostileInt = fc.oneof(
  fc.integer({ min: -5, max: 120 }),
  fc.integer(),
  fc.constantFrom(...int32Edges),
  fc.maxSafeInteger(),
  fc.double(),
);

/** A value of the wrong kind: a number where a string goes, an object where a scalar goes. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 5 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.constantFrom({}, [], [null], { id: "x" }),
);

const b64url = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);

const realProductId = fc.nat().map((i) => products[i % products.length]!.id);

/** Ids: garbage, random UUIDs, and the real ones the fuzz is allowed to touch. */
function idArbitrary(realIds: () => string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: hostileString },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 4, arbitrary: fc.nat().map((i) => realIds()[i % realIds().length]!) },
  );
}

/** A cursor-looking value: base64url of "<ms>:<id>[:more]". */
const cursorish = fc
  .tuple(
    fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String), fc.string({ maxLength: 6 }), fc.constant("-1")),
    fc.oneof(fc.uuid(), fc.string({ maxLength: 8 }), realProductId),
    fc.boolean(),
  )
  .map(([ms, id, more]) => Buffer.from(`${ms}:${id}${more ? ":x" : ""}`).toString("base64url"));

/** Arguments whose name says more than their type, so that some values pass validation. */
function hintedString(name: string, realIds: () => string[]): fc.Arbitrary<unknown> {
  const mostly = (arb: fc.Arbitrary<unknown>) => fc.oneof({ weight: 3, arbitrary: arb }, { weight: 2, arbitrary: hostileString });
  switch (name) {
    case "username":
      return mostly(
        fc.oneof(
          fc.stringMatching(/^[A-Za-z0-9_.-]{3,32}$/),
          fc.constantFrom(user.username!, bystander.user.username, admin.username!.toUpperCase(), "\ufdfa".repeat(32)),
        ),
      );
    case "password":
    case "currentPassword":
    case "newPassword":
      return mostly(fc.string({ minLength: 8, maxLength: 64 }));
    case "email":
      return mostly(fc.emailAddress());
    case "refreshToken":
      return mostly(b64url);
    case "after":
      return mostly(cursorish);
    case "id":
      return idArbitrary(realIds);
    default:
      return hostileString;
  }
}

/** Mostly well-typed (so resolvers run), sometimes null, missing or of the wrong kind. */
function valueFor(type: GraphQLInputType, name: string, realIds: () => string[]): fc.Arbitrary<unknown> {
  const inner = isNonNullType(type) ? type.ofType : type;
  return fc.oneof(
    { weight: 16, arbitrary: typedValue(inner as GraphQLInputType, name, realIds) },
    { weight: 2, arbitrary: wrongValue },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  );
}

function typedValue(type: GraphQLInputType, name: string, realIds: () => string[]): fc.Arbitrary<unknown> {
  if (isListType(type)) return fc.array(valueFor(type.ofType as GraphQLInputType, name, realIds), { maxLength: 3 });
  if (isEnumType(type)) {
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: hostileString });
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const record = fc.record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, f.name, realIds)])));
    const extra = fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }), { freq: 8 });
    return fc.tuple(record, extra).map(([r, e]) => ({ ...(e ?? {}), ...r }));
  }
  switch (getNamedType(type).name) {
    case "Int":
      if (name === "quantity") return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 99 }) }, { weight: 1, arbitrary: hostileInt });
      if (name === "first") return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 100 }) }, { weight: 1, arbitrary: hostileInt });
      return hostileInt;
    case "Boolean":
      return fc.boolean();
    case "ID":
      if (name === "productId") return fc.oneof({ weight: 3, arbitrary: realProductId }, { weight: 2, arbitrary: idArbitrary(realIds) });
      return idArbitrary(realIds);
    case "DateTimeISO":
      return fc.oneof(fc.date().map((d) => (Number.isNaN(d.getTime()) ? "bad" : d.toISOString())), hostileString);
    default:
      return hintedString(name, realIds);
  }
}

function variablesFor(field: Field, realIds: () => string[]): fc.Arbitrary<unknown> {
  const variables = fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.type, a.name, realIds)])));
  // Now and then the variables themselves are not an object at all.
  return fc.oneof({ weight: 19, arbitrary: variables }, { weight: 1, arbitrary: wrongValue });
}

/** Every field of the result, so serialization of each is exercised too. */
function selectionFor(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (!isObjectType(named) || depth > 4) return "";
  const fields = Object.values(named.getFields()).map((f) => `${f.name}${selectionFor(f.type, depth + 1)}`);
  return ` { ${fields.join(" ")} }`;
}

function operationFor(kind: Kind, field: Field): string {
  const defs = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(", ");
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(", ");
  return `${kind}${defs ? `(${defs})` : ""} { ${field.name}${args ? `(${args})` : ""}${selectionFor(field.type)} }`;
}

// ---------------------------------------------------------------------------------------------
// Database snapshots.

async function rows(table: string): Promise<unknown[]> {
  return app.orm.em.fork().getConnection().execute(`select * from ${table} order by 1`);
}
const snapshot = async () => ({ products: await rows("products"), users: await rows("users"), sessions: await rows("sessions") });
const countUsers = () => app.orm.em.fork().count(User, {});

// ---------------------------------------------------------------------------------------------

describe("every operation, fed random and hostile variables by every kind of caller", () => {
  const realIds = () => [...products.map((p) => p.id), bystander.user.id];

  it.each(OPERATIONS.map(([kind, field]) => [field.name, kind, field] as const))(
    "%s answers a known code, no 500 and no leak, and nothing protected to the wrong caller",
    async (name, kind, field) => {
      const query = operationFor(kind, field);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(anonymous, user, admin), variablesFor(field, realIds), async (caller, variables) => {
          // Every run starts from empty carts, so that a counterexample stands on its own.
          await app.orm.em.fork().getConnection().execute("delete from cart_items");
          const text = JSON.stringify({ query, variables });
          const headers: Record<string, string> = caller.auth ? { authorization: `Bearer ${caller.auth.accessToken}` } : {};
          const reply = await post(text, headers);

          if (Buffer.byteLength(text) > BODY_LIMIT_BYTES) {
            expect(reply.status).toBe(413);
            expectSound(reply, text, ["PAYLOAD_TOO_LARGE"]);
            return;
          }
          expect([200, 400], `HTTP ${reply.status} ${reply.text.slice(0, 500)}`).toContain(reply.status);
          expectSound(reply, text);
          const result = reply.json.data?.[name];
          if (!PUBLIC_OPERATIONS.has(name) && caller === anonymous) expect(result ?? null).toBeNull();
          if (ADMIN_ONLY.has(name) && caller !== admin) expect(result ?? null).toBeNull();

          // Put back what the fuzz is allowed to take away.
          if (name === "logoutAll" && result === true) caller.auth = remember(await login(app, caller.username!));
          if (name === "deleteProduct" && result === true) {
            const gone = products.findIndex((p) => p.id === (variables as { id: string }).id);
            const replacement = await createProduct(app, { priceCents: products[gone]!.priceCents });
            products[gone] = { id: replacement.id, priceCents: replacement.priceCents };
          }
        }),
        { numRuns: 50 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe("the Authorization header", () => {
  type Expected = "none" | "valid" | "invalid" | "expired" | "revoked" | "any";
  interface Case {
    header: string;
    expected: Expected;
    /** 0: USER, 1: ADMIN, for a crafted token. */
    who: number;
    /** A crafted token's header and payload, readable in a counterexample. */
    jwt?: string;
  }

  const headerChar = fc.oneof(
    { weight: 1, arbitrary: fc.constant("\t") },
    { weight: 20, arbitrary: char(0x20, 0x7e) },
    { weight: 3, arbitrary: char(0x80, 0xff) },
  );
  const segment = fc.oneof(b64url, fc.stringMatching(/^[A-Za-z0-9_-]{0,60}$/));
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value) ?? "").toString("base64url");
  const sign = (header: unknown, payload: unknown, key: string | Uint8Array) => {
    const input = `${encode(header)}.${encode(payload)}`;
    return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
  };
  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { sub: string; sid: string };

  /** A token signed with the real secret: valid, or broken in one known way. */
  function craftedTokens(): fc.Arbitrary<Case> {
    const now = Math.floor(app.clock.now().getTime() / 1000);
    const real = [user, admin].map((c) => claimsOf(c.auth!.accessToken));
    const good = (who: number) => ({
      header: { alg: "HS256", typ: "at+jwt" } as Record<string, unknown>,
      payload: {
        ...real[who]!,
        role: "ADMIN",
        jti: "00000000-0000-4000-8000-000000000000",
        iat: now,
        exp: now + 600,
        iss: "graphql-auth-api",
        aud: "graphql-auth-api",
      } as Record<string, unknown>,
    });
    const bearer = (t: ReturnType<typeof good>) => `Bearer ${sign(t.header, t.payload, TEST_SECRET)}`;
    const readable = (t: ReturnType<typeof good>) => `${JSON.stringify(t.header)}.${JSON.stringify(t.payload)}`;
    const who = fc.constantFrom(0, 1);
    const anyJson = fc.jsonValue({ maxDepth: 2 });
    const realOrRandom = (pick: (c: { sub: string; sid: string }) => string) =>
      fc.oneof(fc.uuid(), fc.constantFrom(...real.map(pick), pick(real[0]!).toUpperCase()), fc.string({ minLength: 1, maxLength: 40 }));

    const valid = who.map((w): Case => ({ header: bearer(good(w)), expected: "valid", who: w }));
    const expired = fc.tuple(who, fc.integer({ min: 31, max: 10 ** 9 })).map(([w, ago]): Case => {
      const t = good(w);
      Object.assign(t.payload, { iat: now - ago - 900, exp: now - ago });
      return { header: bearer(t), expected: "expired", who: w, jwt: readable(t) };
    });
    const revoked = fc
      .tuple(who, realOrRandom((c) => c.sub), realOrRandom((c) => c.sid))
      .filter(([, sub, sid]) => !real.some((r) => r.sub === sub && r.sid === sid))
      .map(([w, sub, sid]): Case => {
        const t = good(w);
        Object.assign(t.payload, { sub, sid });
        return { header: bearer(t), expected: "revoked", who: w, jwt: readable(t) };
      });
    const broken = fc
      .tuple(
        who,
        fc.oneof(
          fc.tuple(fc.constant("alg"), fc.oneof(fc.constantFrom("none", "HS384", "HS512", "RS256", "hs256", ""), anyJson)),
          fc.tuple(fc.constant("typ"), fc.oneof(fc.constantFrom("JWT", "at+jwt ", "jwt", ""), anyJson)),
          fc.tuple(fc.constant("iss"), fc.oneof(fc.constantFrom("graphql-auth-api ", "GRAPHQL-AUTH-API", "evil"), anyJson)),
          fc.tuple(fc.constant("aud"), fc.oneof(fc.constantFrom("graphql-auth-api ", "other", []), anyJson)),
          fc.tuple(fc.constantFrom("sub", "sid", "iat", "exp"), fc.oneof(fc.constantFrom(undefined, ""), anyJson)),
          fc.tuple(fc.constantFrom("jti", "role"), fc.oneof(fc.constantFrom(undefined, "", "USER", "ADMIN", "ROOT"), anyJson)),
          fc.tuple(fc.constant("exp"), fc.oneof(fc.integer({ min: -60, max: 1200 }).map((d) => now + d), fc.constant(1e308))),
          fc.tuple(fc.constant("iat"), fc.integer({ min: 31, max: 10 ** 9 }).map((d) => now + d)),
        ),
      )
      .map(([w, [field, value]]): Case => {
        const t = good(w);
        const target = field === "alg" || field === "typ" ? t.header : t.payload;
        if (value === undefined) delete target[field];
        else target[field] = value;
        return { header: bearer(t), expected: expectedFor(field, value, now, real[w]!), who: w, jwt: readable(t) };
      });
    // A random JSON header (alg kept) over a valid payload: only a proper typ lets it in.
    const randomHeader = fc
      .tuple(who, fc.dictionary(fc.constantFrom("typ", "kid", "cty", "crit", "jku", "x5u", "b64", "zip"), anyJson, { maxKeys: 4 }))
      .map(([w, extra]): Case => {
        const t = good(w);
        t.header = { ...extra, alg: "HS256" };
        // A crit header names extensions this server does not understand: always refused (RFC 7515).
        const expected = "typ" in extra && !("crit" in extra) ? expectedFor("typ", extra.typ, now, real[w]!) : "invalid";
        return { header: bearer(t), expected, who: w, jwt: readable(t) };
      });
    return fc.oneof(valid, expired, revoked, { weight: 3, arbitrary: broken }, { weight: 3, arbitrary: randomHeader });
  }

  /** What one changed field makes of an otherwise valid token. */
  function expectedFor(field: string, value: unknown, now: number, own: { sub: string; sid: string }): Expected {
    const is = (v: unknown) => JSON.stringify(value) === JSON.stringify(v);
    switch (field) {
      case "typ":
        return typeof value === "string" && ["at+jwt", "application/at+jwt"].includes(value.toLowerCase()) ? "valid" : "invalid";
      case "alg":
        return is("HS256") ? "valid" : "invalid";
      case "iss":
        return is("graphql-auth-api") ? "valid" : "invalid";
      case "aud":
        return is("graphql-auth-api") || (Array.isArray(value) && value.includes("graphql-auth-api")) ? "valid" : "invalid";
      case "iat": // exp stays now + 600: the lifetime may not pass ACCESS_TOKEN_TTL (900 s)
        return typeof value === "number" && value <= now + 30 && now + 600 - value <= 900 ? "valid" : "invalid";
      case "exp": // iat stays now
        if (typeof value !== "number") return "invalid";
        if (value <= now - 30) return "expired";
        return value - now <= 900 ? "valid" : "invalid";
      case "jti":
        return typeof value === "string" && value !== "" ? "valid" : "invalid";
      case "role":
        return value === "USER" || value === "ADMIN" ? "valid" : "invalid";
      default: // sub, sid: any other non-empty string names no live session of that user
        if (typeof value !== "string" || value === "") return "invalid";
        return value === own[field as "sub" | "sid"] ? "valid" : "revoked";
    }
  }

  it("answers anything but a valid token with 401 and a reason, and a blank header as no header", async () => {
    const cases = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.string({ unit: headerChar, maxLength: 80 }).map((h): Case => ({ header: h, expected: "invalid", who: 0 })),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom("", " ", "\t", "  \t ", "\u00a0").map((h): Case => ({ header: h, expected: "none", who: 0 })),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(
            fc.constantFrom("Bearer ", "bearer ", "BEARER  ", "Bearer", "Basic ", "Token ", "Bearer\t", "Bearer  "),
            fc.array(segment, { minLength: 1, maxLength: 4 }),
          )
          .map(([scheme, parts]): Case => ({ header: `${scheme}${parts.join(".")}`, expected: "invalid", who: 0 })),
      },
      {
        // Random JSON header and payload signed with a random secret.
        weight: 2,
        arbitrary: fc
          .tuple(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }), fc.uint8Array({ maxLength: 64 }))
          .map(([h, p, key]): Case => ({ header: `Bearer ${sign(h, p, key)}`, expected: "invalid", who: 0 })),
      },
      {
        // Random JSON header and payload signed with the real secret: it gets in as nobody.
        weight: 1,
        arbitrary: fc
          .tuple(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }))
          .map(([h, p]): Case => ({ header: `Bearer ${sign(h, p, TEST_SECRET)}`, expected: "any", who: 0 })),
      },
      { weight: 6, arbitrary: craftedTokens() },
    );
    await fc.assert(fc.asyncProperty(cases, checkAuthorization), { numRuns: 100 });
  }, PROPERTY_TIMEOUT);

  async function checkAuthorization({ header, expected, who }: Case): Promise<void> {
    const reply = await post(JSON.stringify({ query: "{ me { id } }" }), { authorization: header });
    expectSound(reply, "");
    const error = reply.json.errors?.[0];
    const context = `${expected} -> HTTP ${reply.status} ${reply.text}`;
    if (header.trim() === "" || expected === "none") {
      expect(header.trim(), context).toBe("");
      expect(reply.status, context).toBe(200);
      expect(error?.extensions?.code, context).toBe("UNAUTHENTICATED");
      expect(error?.extensions?.reason, context).toBe("NO_TOKEN");
      return;
    }
    if (expected === "valid") {
      expect(reply.status, context).toBe(200);
      expect(reply.json.data.me.id, context).toBe([user, admin][who]!.auth!.user.id);
      return;
    }
    expect(reply.status, context).toBe(401);
    expect(reply.headers.get("www-authenticate"), context).toMatch(/^Bearer error="invalid_token"/);
    expect(reply.json.data ?? null, context).toBeNull();
    expect(error?.extensions?.code, context).toBe("UNAUTHENTICATED");
    expect(TOKEN_REASONS, context).toContain(error?.extensions?.reason);
    if (expected === "invalid") expect(error.extensions.reason, context).toBe("TOKEN_INVALID");
    if (expected === "expired") expect(error.extensions.reason, context).toBe("TOKEN_EXPIRED");
    if (expected === "revoked") expect(error.extensions.reason, context).toBe("TOKEN_REVOKED");
  }
});

describe("raw bodies", () => {
  const contentType = fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "application/json; charset=latin1",
    "application/json;",
  );
  const documents = fc.constantFrom(
    "{ products { totalCount } }",
    "{ me { id } }",
    "mutation { logoutAll }",
    "{ __schema { types { name } } }",
    "query { ...F }",
    "{ a: products { totalCount } b: products { totalCount } }",
  );
  const persistedQuery = fc.record({
    version: fc.oneof(fc.constant(1), fc.jsonValue({ maxDepth: 0 })),
    sha256Hash: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string()),
  });
  const graphqlish = fc
    .record(
      {
        query: fc.oneof(fc.string(), documents, fc.jsonValue({ maxDepth: 1 })),
        variables: fc.jsonValue({ maxDepth: 2 }),
        operationName: fc.oneof(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 })),
        extensions: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ persistedQuery })),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o));
  const body = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.json({ maxDepth: 3 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ""),
    graphqlish,
    graphqlish.map((b) => `[${b},${b}]`),
    fc.uint8Array({ maxLength: 300 }),
    fc.constantFrom(
      "",
      "{",
      "null",
      "[]",
      "{}",
      '{"__proto__":{"x":1},"query":"{ me { id } }"}',
      '{"constructor":{"prototype":{"x":1}}}',
      "\ufeff{}",
      '{"query":"{ me { id } }"}\u0000',
    ),
  );

  it("are answered 200, 400, 413 or 415 in JSON, never 500", async () => {
    await fc.assert(
      fc.asyncProperty(body, contentType, async (raw, type) => {
        const reply = await post(raw, { "content-type": type });
        expect([200, 400, 413, 415], `HTTP ${reply.status} ${reply.text.slice(0, 500)}`).toContain(reply.status);
        expectSound(reply, typeof raw === "string" ? raw : Buffer.from(raw).toString("latin1"), Object.values(HTTP_LAYER_CODES));
        if (HTTP_LAYER_CODES[reply.status]) expect(reply.json.errors[0].extensions.code).toBe(HTTP_LAYER_CODES[reply.status]);
      }),
      { numRuns: 100 },
    );
  }, PROPERTY_TIMEOUT);

  it("over 100 KB are refused with 413 PAYLOAD_TOO_LARGE, and the server keeps serving", async () => {
    const big = fc.oneof(
      hugeString.map((s) => JSON.stringify({ query: "{ products { totalCount } }", variables: { s, t: s } })),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString("hex").repeat(2000)),
    ).filter((b) => Buffer.byteLength(b) > BODY_LIMIT_BYTES);
    await fc.assert(
      fc.asyncProperty(big, async (raw) => {
        const reply = await post(raw);
        expect(reply.status).toBe(413);
        expect(reply.json.errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
        expectSound(reply, "", ["PAYLOAD_TOO_LARGE"]);
      }),
      { numRuns: 20 },
    );
    const after = await gql(app.url, "{ products(first: 1) { totalCount } }");
    expect(after.status).toBe(200);
  }, PROPERTY_TIMEOUT);
});

describe("nothing changes that should not", () => {
  it("leaves products, users and sessions untouched when USER or nobody calls the ADMIN mutations", async () => {
    const everyId = () => [...products.map((p) => p.id), bystander.user.id, user.auth!.user.id, admin.auth!.user.id];
    const cases = fc.constantFrom(...ADMIN_MUTATIONS).chain((name) => {
      const field = SDL.getMutationType()!.getFields()[name]!;
      return fc.tuple(fc.constant(field), fc.constantFrom(anonymous, user), variablesFor(field, everyId));
    });
    await fc.assert(
      fc.asyncProperty(cases, async ([field, caller, variables]) => {
        const before = await snapshot();
        const text = JSON.stringify({ query: operationFor("mutation", field), variables });
        const reply = await post(text, caller.auth ? { authorization: `Bearer ${caller.auth.accessToken}` } : {});
        expectSound(reply, text, ["PAYLOAD_TOO_LARGE"]);
        expect(reply.json.data?.[field.name] ?? null).toBeNull();
        if (reply.status === 200) {
          expect(reply.json.errors[0].extensions.code).toBe(caller === user ? "FORBIDDEN" : "UNAUTHENTICATED");
        }
        expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 100 },
    );
  }, PROPERTY_TIMEOUT);

  it("creates no user from a registration that breaks the input rules", async () => {
    const validName = fc.stringMatching(/^[a-z0-9]{3,20}$/).map((s) => `fz_${s}`);
    const badUsername = fc.oneof(
      fc.stringMatching(/^[a-z0-9]{0,2}$/),
      fc.stringMatching(/^[a-z0-9]{33,60}$/),
      fc
        .tuple(validName, fc.constantFrom(..." '/%@!<;:+\u0000\u200b\ufe0f\u202e", "\ud800", "😀"), fc.nat())
        .map(([s, bad, at]) => s.slice(0, at % s.length) + bad + s.slice(at % s.length)),
    );
    const badPassword = fc.oneof(
      fc.string({ maxLength: 7 }).filter((p) => [...p].length < 8),
      fc.string({ minLength: 129, maxLength: 300 }).filter((p) => [...p].length > 128),
      fc.string({ minLength: 8, maxLength: 20 }).map((p) => `${p}\ud800`),
    );
    const goodPassword = fc.string({ minLength: 12, maxLength: 40 }).map((p) => `${p}-Fz9!`);
    const badEmail = fc.string({ minLength: 1, maxLength: 30 }).filter((e) => !e.includes("@") && e.trim() !== "");
    const badName = fc.oneof(
      fc.string({ minLength: 101, maxLength: 200 }).filter((n) => [...n.trim()].length > 100),
      fc.constant("a\u0007b"),
    );
    const invalid = fc.oneof(
      fc.record({
        username: badUsername,
        password: fc.oneof(goodPassword, hostileSmall),
        name: fc.option(hostileSmall),
        email: fc.option(hostileSmall),
      }),
      fc.record({ username: validName, password: badPassword }),
      fc.record({ username: validName, password: goodPassword, email: badEmail }),
      fc.record({ username: validName, password: goodPassword, name: badName }),
    );
    await fc.assert(
      fc.asyncProperty(invalid, async (input) => {
        const before = await countUsers();
        const query = `mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`;
        const text = JSON.stringify({ query, variables: { input } });
        const reply = await post(text);
        expectSound(reply, text);
        expect(reply.json.data?.register ?? null).toBeNull();
        expect(reply.json.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
        expect(await countUsers()).toBe(before);
      }),
      { numRuns: 100 },
    );
  }, PROPERTY_TIMEOUT);
});

describe("unusual but valid registrations", () => {
  it("refuse, with BAD_USER_INPUT and no row, a name whose NFKC key outgrows its column", async () => {
    const before = (await rows("users")).length;
    const res = await gql(app.url, `mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`, {
      input: { username: "\ufdfa".repeat(32), password: "a fine long password" },
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await rows("users")).length).toBe(before);
  });

  it("succeed for every username, password, name and email the input rules allow, stored as typed", async () => {
    // Letters of one script (or of a mix UTS #39 allows) each time, with digits, _ . - and
    // script-neutral letters (𝒜 is Common) between them.
    const alphabets = [
      ["a", "b", "c", "X", "Y", "Z", "é", "ß", "İ", "ǅ", "\u212a", "ﬀ", "ı"],
      ["Ω", "λ", "ά"],
      ["Я", "ж", "ё"],
      ["a", "Z", "中", "日", "カ", "の"],
      ["ㅎ", "한", "k"],
      ["\ufdfa", "ب"],
    ];
    const username = fc
      .constantFrom(...alphabets)
      .chain((letters) => fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...letters) }, { weight: 2, arbitrary: fc.constantFrom(..."019_.-𝒜") }), { minLength: 3, maxLength: 32 }))
      .map((parts) => parts.join(""))
      // NFKC turns U+FDFA into 18 characters: a key over 128 is refused (tested below).
      .filter((u) => [...u].length >= 3 && [...u].length <= 32 && u.normalize("NFKC").toLowerCase().length <= 128 && usernameSkeleton(u).length <= 128);
    const password = fc
      .string({ unit: "grapheme", minLength: 8, maxLength: 40 })
      .filter((p) => [...p].length >= 8 && [...p].length <= 128 && !isCommonPassword(p));
    const name = fc.option(fc.string({ unit: "grapheme", maxLength: 40 }).filter((n) => !hasForbiddenCharacters(n.trim()) && [...n.trim()].length <= 100));
    const email = fc.option(fc.emailAddress());
    const query = `mutation($input: RegisterInput!) { register(input: $input) { user { username name email } } }`;
    await fc.assert(
      fc.asyncProperty(fc.record({ username, password, name, email }), async (input) => {
        // Taken: the same sign-in key, or a lookalike's skeleton.
        const taken = (await rows("users")).flatMap((row) => [(row as { username_key: string }).username_key, (row as { username_skeleton: string }).username_skeleton]);
        const keys = new Set(taken);
        const before = await countUsers();
        const text = JSON.stringify({ query, variables: { input } });
        const reply = await post(text);
        expectSound(reply, text);
        if (keys.has(input.username.normalize("NFKC").toLowerCase()) || keys.has(usernameSkeleton(input.username))) {
          expect(reply.json.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
          expect(await countUsers()).toBe(before);
          return;
        }
        expect(reply.json.errors, reply.text).toBeUndefined();
        expect(reply.json.data.register.user).toEqual({
          username: input.username,
          name: input.name?.trim() || null,
          email: input.email ?? null,
        });
        expect(await countUsers()).toBe(before + 1);
      }),
      { numRuns: 30 },
    );
  }, PROPERTY_TIMEOUT);
});

describe("random refresh tokens", () => {
  it("are UNAUTHENTICATED for refreshToken and logout and never touch the real session", async () => {
    const victim = remember(await registerUser(app));
    const real = victim.refreshToken;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const nearMiss = fc.oneof(
      fc.tuple(fc.nat(42), fc.nat(63)).map(([i, c]) => real.slice(0, i) + alphabet[c] + real.slice(i + 1)),
      fc.constantFrom(real.toUpperCase(), real.toLowerCase(), `${real} `, ` ${real}`, `${real}=`, `${real}A`),
      fc.constantFrom(real.slice(1), real.slice(0, 42), encodeURIComponent(`${real}\n`), `Bearer ${real}`),
    );
    const token = fc.oneof(b64url, nearMiss, hostileString, fc.string({ unit: "binary", maxLength: 50 })).filter((t) => t !== real);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(REFRESH, LOGOUT), token, async (query, t) => {
        const text = JSON.stringify({ query, variables: { t } });
        const reply = await post(text);
        expectSound(reply, text, ["PAYLOAD_TOO_LARGE"]);
        if (reply.status === 413) return;
        expect(reply.status).toBe(200);
        expect(reply.json.data ?? null).toBeNull();
        expect(["UNAUTHENTICATED", "TOO_MANY_REQUESTS"]).toContain(reply.json.errors?.[0]?.extensions?.code);
        expect(reply.text).not.toContain(real);
      }),
      { numRuns: 100 },
    );
    const me = await gql(app.url, ME, {}, { token: victim.accessToken });
    expect(me.body.data?.me?.id).toBe(victim.user.id);
    const refreshed = await gql<{ refreshToken: Registered }>(app.url, REFRESH, { t: real });
    expect(refreshed.body.errors).toBeUndefined();
    expect(refreshed.body.data?.refreshToken.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  }, PROPERTY_TIMEOUT);
});
