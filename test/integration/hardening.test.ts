import { dictionary } from "@zxcvbn-ts/language-common";
import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Session, User } from "../../src/entities/index.js";
import { AUTH_FIELDS, ME, PASSWORD, registerUser, uniqueUsername } from "../helpers/factories.js";
import { codeOf, gql, type GqlResponse } from "../helpers/gql.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

/** Query limits, field suggestions, batching, request ids, CORS, headers and input hardening. */

let dev: TestApp;
let prod: TestApp;
beforeAll(async () => {
  [dev, prod] = await Promise.all([createTestApp({ NODE_ENV: "development" }), createTestApp({ NODE_ENV: "production", MAIL: "off" })]);
});
afterAll(async () => {
  await Promise.all([dev.stop(), prod.stop()]);
});

/** A throwaway app with its own environment, stopped whatever happens. */
async function withApp(env: Record<string, string>, work: (app: TestApp) => Promise<void>): Promise<void> {
  const app = await createTestApp(env);
  try {
    await work(app);
  } finally {
    await app.stop().catch(() => {});
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const countUsers = (app: TestApp) => app.orm.em.fork().count(User, {});
const countSessions = (app: TestApp) => app.orm.em.fork().count(Session, {});

/** Refused as a whole before anything runs: 400, the given code, no data. */
function expectRefused(res: GqlResponse<unknown>, code: "GRAPHQL_VALIDATION_FAILED" | "GRAPHQL_PARSE_FAILED", about: RegExp) {
  expect(res.status).toBe(400);
  expect(codeOf(res)).toBe(code);
  expect(res.body.errors?.[0]?.message).toMatch(about);
  expect(res.body.data ?? undefined).toBeUndefined();
}

function expectAccepted(res: GqlResponse<unknown>) {
  expect(res.body.errors).toBeUndefined();
  expect(res.status).toBe(200);
}

// Builders for documents of a chosen size.
const aliases = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: products(first: 1) { totalCount }`).join(" ")} }`;
/** __type(1) fields(2) type(3), then `ofTypes` levels, then name: depth 4 + ofTypes. */
const typeDepth = (ofTypes: number) =>
  `{ __type(name: "User") { fields { type { ${"ofType { ".repeat(ofTypes)}name${" }".repeat(ofTypes)} } } } }`;
const directives = (n: number) => `{ ${Array.from({ length: n }, () => "__typename @include(if: true)").join(" ")} }`;
/**
 * A document of exactly n tokens (n >= 5): operations `query Qi { __typename }` of 5 tokens
 * each, the remainder as extra fields of Q0. Many small operations rather than one with a
 * thousand fields, which graphql-js's overlapping-fields check would abort on its own.
 */
const tokens = (n: number) => {
  const ops = Array.from({ length: Math.floor(n / 5) }, (_, i) => `query Q${i} { __typename }`);
  ops[0] = `query Q0 { ${"__typename ".repeat(1 + (n % 5))}}`;
  return ops.join("\n");
};
/** Runs Q0 of a tokens() document. */
async function runTokens(url: string, n: number): Promise<GqlResponse> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: tokens(n), operationName: "Q0" }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GqlResponse["body"] };
}
const logins = (n: number, username: string, password: string) =>
  `mutation { ${Array.from(
    { length: n },
    (_, i) => `l${i}: login(input: { username: ${JSON.stringify(username)}, password: ${JSON.stringify(password)} }) { accessToken }`,
  ).join(" ")} }`;

describe("query limits", () => {
  it("refuses 16 aliases of a field and allows 15", async () => {
    expectRefused(await gql(dev.url, aliases(16)), "GRAPHQL_VALIDATION_FAILED", /alias/i);
    const res = await gql(dev.url, aliases(15));
    expectAccepted(res);
    expect(Object.keys(res.body.data ?? {})).toHaveLength(15);
  });

  it("refuses a query deeper than 8 and allows depth 8", async () => {
    expectRefused(await gql(dev.url, typeDepth(5)), "GRAPHQL_VALIDATION_FAILED", /depth/i);
    const res = await gql(dev.url, typeDepth(4));
    expectAccepted(res);
    expect(res.body.data?.__type.fields.length).toBeGreaterThan(0);
  });

  it("exempts __schema from the depth limit: the full standard introspection query answers in development", async () => {
    const res = await gql(dev.url, getIntrospectionQuery());
    expectAccepted(res);
    const types = res.body.data?.__schema.types as { name: string }[];
    expect(types.map((t) => t.name)).toEqual(expect.arrayContaining(["Query", "Mutation", "User", "AuthPayload"]));
  });

  it("still refuses a cyclic introspection query, although __schema is exempt from the depth limit", async () => {
    const cyclic = `{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`;
    expectRefused(await gql(dev.url, cyclic), "GRAPHQL_VALIDATION_FAILED", /introspection depth/i);
  });

  it("counts aliases, depth and sign-in mutations through fragments too", async () => {
    const aliased = (prefix: string) =>
      Array.from({ length: 8 }, (_, i) => `${prefix}${i}: products(first: 1) { totalCount }`).join(" ");
    expectRefused(
      await gql(dev.url, `{ ...F ...G } fragment F on Query { ${aliased("f")} } fragment G on Query { ${aliased("g")} }`),
      "GRAPHQL_VALIDATION_FAILED",
      /alias/i,
    );
    // __type, fields, type, 5 x ofType, name: depth 9 once the fragment is inlined.
    expectRefused(
      await gql(dev.url, `{ __type(name: "User") { ...T } } fragment T on __Type { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } }`),
      "GRAPHQL_VALIDATION_FAILED",
      /depth/i,
    );
    const { user } = await registerUser(dev);
    const sessions = await countSessions(dev);
    const login = (alias: string) =>
      `${alias}: login(input: { username: "${user.username}", password: "${PASSWORD}" }) { accessToken }`;
    expectRefused(
      await gql(dev.url, `mutation { ...A ...B } fragment A on Mutation { ${login("a")} ${login("b")} ${login("c")} } fragment B on Mutation { ${login("d")} }`),
      "GRAPHQL_VALIDATION_FAILED",
      /login/,
    );
    expect(await countSessions(dev)).toBe(sessions);
  });

  it("refuses more than 10 directives and allows 10", async () => {
    expectRefused(await gql(dev.url, directives(11)), "GRAPHQL_VALIDATION_FAILED", /directive/i);
    expectAccepted(await gql(dev.url, directives(10)));
  });

  it("refuses a document of more than 1000 tokens as a parse failure and allows 1000", async () => {
    expectRefused(await runTokens(dev.url, 1001), "GRAPHQL_PARSE_FAILED", /token/i);
    const res = await runTokens(dev.url, 1000);
    expectAccepted(res);
    expect(res.body.data).toEqual({ __typename: "Query" });
  });

  it("runs 3 login mutations in one document: each opens a session with the right password", async () => {
    const { user } = await registerUser(dev);
    const sessions = await countSessions(dev);
    const res = await gql(dev.url, logins(3, user.username, PASSWORD));
    expectAccepted(res);
    const tokens = ["l0", "l1", "l2"].map((key) => res.body.data?.[key].accessToken);
    expect(new Set(tokens).size).toBe(3);
    expect(await countSessions(dev)).toBe(sessions + 3);
  });

  it("lets 3 login mutations with a wrong password through validation to answer UNAUTHENTICATED", async () => {
    const { user } = await registerUser(dev);
    const res = await gql(dev.url, logins(3, user.username, "wrong password"));
    expect(res.status).toBe(200);
    // login is non-null: the first failure nulls the whole result and stops the serial mutations.
    expect(res.body.data).toBeNull();
    expect(res.body.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([["l0", "UNAUTHENTICATED"]]);
  });

  it("refuses 4 login mutations in one document without running any", async () => {
    const { user } = await registerUser(dev);
    const sessions = await countSessions(dev);
    // With the right password each login that ran would open a session.
    expectRefused(await gql(dev.url, logins(4, user.username, PASSWORD)), "GRAPHQL_VALIDATION_FAILED", /login/);
    expect(await countSessions(dev)).toBe(sessions);
  });

  it("counts register, login, refreshToken and changePassword together: all four in one document are refused", async () => {
    const reg = await registerUser(dev);
    const newcomer = uniqueUsername("mix");
    const [users, sessions] = [await countUsers(dev), await countSessions(dev)];
    const res = await gql(
      dev.url,
      `mutation($reg: RegisterInput!, $login: LoginInput!, $refresh: String!, $next: String!) {
        register(input: $reg) { accessToken }
        login(input: $login) { accessToken }
        refreshToken(refreshToken: $refresh) { accessToken }
        changePassword(currentPassword: "${PASSWORD}", newPassword: $next) { accessToken }
      }`,
      {
        reg: { username: newcomer, password: PASSWORD },
        login: { username: reg.user.username, password: PASSWORD },
        refresh: reg.refreshToken,
        next: "another long passphrase",
      },
      { token: reg.accessToken },
    );
    expectRefused(res, "GRAPHQL_VALIDATION_FAILED", /login/);
    expect(await countUsers(dev)).toBe(users);
    expect(await countSessions(dev)).toBe(sessions);
    // The old password and the old refresh token still work: neither mutation ran.
    const refreshed = await gql(dev.url, `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`, { t: reg.refreshToken });
    expectAccepted(refreshed);
  });

  describe("the cost estimate", () => {
    const page = (first: string) => `products(first: ${first}) { edges { node { id name priceCents } } }`;
    const HOME = `query Home($first: Int!) {
      me { ...Me } cart { ...CartView } wishlist { ...ProductCard } sessions { id createdAt lastUsedAt expiresAt userAgent current }
      products(first: $first) { edges { cursor node { ...ProductCard } } pageInfo { hasNextPage endCursor } totalCount }
    }
    fragment Me on User { id username name email role isActive createdAt }
    fragment ProductCard on Product { id name description priceCents createdAt }
    fragment CartView on Cart { items { product { ...ProductCard } quantity subtotalCents } itemCount totalCents }`;

    it("prices a page the same inline, through a fragment and with first as a variable", async () => {
      // products(first: 100) { edges { node { 3 fields } } } costs 1 + 100 × 5 = 501.
      await withApp({ GRAPHQL_MAX_COST: "500" }, async (app) => {
        for (const [query, variables] of [
          [`{ ${page("100")} }`, {}],
          [`{ ...Page } fragment Page on Query { ${page("100")} }`, {}],
          [`{ products(first: 100) { edges { node { ...P } } } } fragment P on Product { id name priceCents }`, {}],
          [`query($n: Int) { ${page("$n")} }`, { n: 100 }],
          [`query($n: Int = 100) { ${page("$n")} }`, {}],
        ] as const) {
          const res = await gql(app.url, query, variables);
          expectRefused(res, "GRAPHQL_VALIDATION_FAILED", /^Query cost 501 exceeds the limit of 500 \(GRAPHQL_MAX_COST\)$/);
        }
        expectAccepted(await gql(app.url, `query($n: Int) { ${page("$n")} }`, { n: 99 }));
        expectAccepted(await gql(app.url, `{ ...Page } fragment Page on Query { ${page("99")} }`));
      });
    });

    it("lets the web app's heaviest page through with room to spare (me, cart, wishlist, sessions, 100 products, fragments)", async () => {
      const reg = await registerUser(dev);
      const literal = HOME.replace("query Home($first: Int!)", "query Home").replace("first: $first", "first: 100");
      await withApp({ GRAPHQL_MAX_COST: "5000" }, async (half) => {
        const other = await registerUser(half);
        expectAccepted(await gql(half.url, HOME, { first: 100 }, { token: other.accessToken }));
        expectAccepted(await gql(half.url, literal, {}, { token: other.accessToken }));
      });
      expectAccepted(await gql(dev.url, HOME, { first: 100 }, { token: reg.accessToken }));
      expectAccepted(await gql(dev.url, literal, {}, { token: reg.accessToken }));
    });

    it("prices sessions by MAX_SESSIONS_PER_USER", async () => {
      // sessions { 5 fields }: 1 + MAX_SESSIONS_PER_USER × 5.
      const SESSIONS = "{ sessions { id createdAt lastUsedAt expiresAt current } }";
      await withApp({ GRAPHQL_MAX_COST: "600", MAX_SESSIONS_PER_USER: "100" }, async (app) => {
        const reg = await registerUser(app);
        expectAccepted(await gql(app.url, SESSIONS, {}, { token: reg.accessToken }));
      });
      await withApp({ GRAPHQL_MAX_COST: "600", MAX_SESSIONS_PER_USER: "1000" }, async (app) => {
        const reg = await registerUser(app);
        expectRefused(await gql(app.url, SESSIONS, {}, { token: reg.accessToken }), "GRAPHQL_VALIDATION_FAILED", /^Query cost 5001 /);
      });
    });

    it("still refuses a document that asks for 15 full pages of the catalogue", async () => {
      const full = (i: number) =>
        `a${i}: products(first: 100) { edges { cursor node { id name description priceCents createdAt } } pageInfo { hasNextPage endCursor } totalCount }`;
      const res = await gql(dev.url, `{ ${Array.from({ length: 15 }, (_, i) => full(i)).join(" ")} }`);
      expectRefused(res, "GRAPHQL_VALIDATION_FAILED", /^Query cost \d+ exceeds the limit of 10000 \(GRAPHQL_MAX_COST\)$/);
    });
  });

  it("says which limit refused a document, never as a Syntax Error", async () => {
    const refusals = [
      await gql(dev.url, aliases(16)),
      await gql(dev.url, typeDepth(5)),
      await gql(dev.url, directives(11)),
      await runTokens(dev.url, 1001),
    ];
    const names = ["GRAPHQL_MAX_ALIASES", "GRAPHQL_MAX_DEPTH", "GRAPHQL_MAX_DIRECTIVES", "GRAPHQL_MAX_TOKENS"];
    refusals.forEach((res, i) => {
      const message = res.body.errors?.[0]?.message ?? "";
      expect(message).not.toMatch(/^Syntax Error/);
      expect(message).toContain(names[i]);
    });
  });

  describe("each limit follows its variable", () => {
    it("GRAPHQL_MAX_ALIASES=2 refuses 3 aliases", async () => {
      expectAccepted(await gql(dev.url, aliases(3)));
      await withApp({ GRAPHQL_MAX_ALIASES: "2" }, async (app) => {
        expectRefused(await gql(app.url, aliases(3)), "GRAPHQL_VALIDATION_FAILED", /alias/i);
        expectAccepted(await gql(app.url, aliases(2)));
      });
    });

    it("GRAPHQL_MAX_AUTH_OPERATIONS=1 refuses 2 logins", async () => {
      await withApp({ GRAPHQL_MAX_AUTH_OPERATIONS: "1" }, async (app) => {
        const { user } = await registerUser(app);
        expectRefused(await gql(app.url, logins(2, user.username, "wrong password")), "GRAPHQL_VALIDATION_FAILED", /login/);
        const one = await gql(app.url, logins(1, user.username, "wrong password"));
        expect(one.status).toBe(200);
        expect(codeOf(one)).toBe("UNAUTHENTICATED");
      });
    });

    it("GRAPHQL_MAX_DEPTH=5 refuses depth 6, and still answers full introspection", async () => {
      expectAccepted(await gql(dev.url, typeDepth(2)));
      await withApp({ GRAPHQL_MAX_DEPTH: "5" }, async (app) => {
        expectRefused(await gql(app.url, typeDepth(2)), "GRAPHQL_VALIDATION_FAILED", /depth/i);
        expectAccepted(await gql(app.url, typeDepth(1)));
        expectAccepted(await gql(app.url, getIntrospectionQuery()));
      });
    });

    it("GRAPHQL_MAX_TOKENS=20 refuses 21 tokens", async () => {
      expectAccepted(await runTokens(dev.url, 21));
      await withApp({ GRAPHQL_MAX_TOKENS: "20" }, async (app) => {
        expectRefused(await runTokens(app.url, 21), "GRAPHQL_PARSE_FAILED", /token/i);
        expectAccepted(await runTokens(app.url, 20));
      });
    });

    it("GRAPHQL_MAX_DIRECTIVES=1 refuses 2 directives", async () => {
      expectAccepted(await gql(dev.url, directives(2)));
      await withApp({ GRAPHQL_MAX_DIRECTIVES: "1" }, async (app) => {
        expectRefused(await gql(app.url, directives(2)), "GRAPHQL_VALIDATION_FAILED", /directive/i);
        expectAccepted(await gql(app.url, directives(1)));
      });
    });
  });
});

describe("field suggestions", () => {
  const typos: { query: string; variables?: Record<string, unknown>; typo: string; right: string }[] = [
    { query: `{ mee { id } }`, typo: "mee", right: "me" },
    { query: `{ products(frist: 1) { totalCount } }`, typo: "frist", right: "first" },
    {
      query: `mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`,
      variables: { input: { usernme: "typo_user", username: "typo_user", password: PASSWORD } },
      typo: "usernme",
      right: "username",
    },
    { query: `mutation { setUserRole(id: "x", role: ADMN) { id } }`, typo: "ADMN", right: "ADMIN" },
    {
      query: `mutation($r: Role!) { setUserRole(id: "x", role: $r) { id } }`,
      variables: { r: "ADMN" },
      typo: "ADMN",
      right: "ADMIN",
    },
  ];

  it("suggests the right name for a typo in development", async () => {
    for (const { query, variables, right } of typos) {
      const res = await gql(dev.url, query, variables);
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.message).toMatch(new RegExp(`Did you mean (the enum value )?"${right}"`));
    }
  });

  it("suggests nothing for a typo in production", async () => {
    for (const { query, variables, typo, right } of typos) {
      const res = await gql(prod.url, query, variables);
      expect(res.status).toBe(400);
      const message = res.body.errors?.[0]?.message ?? "";
      expect(message).toContain(typo);
      expect(message).not.toMatch(/Did you mean|Suggestion hidden/);
      expect(message).not.toContain(`"${right}"`);
    }
  });
});

describe("HTTP batching", () => {
  it("refuses a JSON array body with 400 and runs none of its operations", async () => {
    const names = [uniqueUsername("batch"), uniqueUsername("batch")];
    const users = await countUsers(dev);
    const body = names.map((username) => ({
      query: `mutation($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`,
      variables: { input: { username, password: PASSWORD } },
    }));
    const res = await fetch(dev.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(await countUsers(dev)).toBe(users);
  });
});

describe("request ids", () => {
  it("names every response with its own x-request-id, a UUID", async () => {
    const base = dev.url.replace(/\/graphql$/, "");
    const responses = [
      await fetch(dev.url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' }),
      await fetch(dev.url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' }),
      await fetch(dev.url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ nope }"}' }),
      await fetch(`${base}/healthz`),
      await fetch(`${base}/nope`),
    ];
    const ids = responses.map((r) => r.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("makes its own request id rather than echoing the client's", async () => {
    const theirs = "11111111-2222-4333-8444-555555555555";
    for (const sent of [theirs, "client-chosen-id"]) {
      const res = await gql(dev.url, `{ __typename }`, {}, { headers: { "x-request-id": sent } });
      const ours = res.headers.get("x-request-id");
      expect(ours).toMatch(UUID);
      expect(ours).not.toBe(sent);
    }
  });

  it("tags an unexpected error with the response's request id, the same one the server logs", async () => {
    await withApp({}, async (app) => {
      await app.orm.close(true);
      const res = await gql(app.url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, {
        i: { username: "someone", password: "whatever1" },
      });
      const requestId = res.headers.get("x-request-id");
      expect(requestId).toMatch(UUID);
      expect(res.body.errors?.[0]).toMatchObject({
        message: "Internal server error",
        extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
      });
      const logged = app.logs.filter((l) => l.msg === "graphql.unexpected_error" && l.event === undefined);
      expect(logged.map((l) => l.requestId)).toEqual([requestId]);
    });
  });

  it("tags an error of the token check (a failed context) with the request id too", async () => {
    await withApp({}, async (app) => {
      const reg = await registerUser(app);
      await app.orm.close(true);
      const res = await gql(app.url, ME, {}, { token: reg.accessToken });
      const requestId = res.headers.get("x-request-id");
      expect(res.body.errors?.[0]).toMatchObject({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", requestId } });
      const logged = app.logs.filter((l) => l.msg === "graphql.unexpected_error" && l.event === undefined);
      expect(logged.map((l) => l.requestId)).toEqual([requestId]);
    });
  });
});

describe("CORS", () => {
  const preflight = (url: string, origin: string) =>
    fetch(url, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
  const post = (url: string, origin: string) =>
    fetch(url, { method: "POST", headers: { origin, "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });

  it("is off by default: no origin is allowed", async () => {
    for (const origin of ["https://app.example.com", "http://localhost:3000"]) {
      for (const res of [await preflight(dev.url, origin), await post(dev.url, origin)]) {
        expect(res.headers.get("access-control-allow-origin")).toBeNull();
        expect(res.headers.get("access-control-allow-credentials")).not.toBe("true");
      }
    }
  });

  describe("with CORS_ORIGINS", () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await createTestApp({ CORS_ORIGINS: "https://app.example.com,https://admin.example.com" });
    });
    afterAll(() => app.stop());

    it("allows each listed origin, with the authorization header and credentials (the cookie transport)", async () => {
      for (const origin of ["https://app.example.com", "https://admin.example.com"]) {
        const pre = await preflight(app.url, origin);
        expect(pre.status).toBeLessThan(300);
        expect(pre.headers.get("access-control-allow-origin")).toBe(origin);
        const allowed = (pre.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(/\s*,\s*/);
        expect(allowed).toContain("authorization");
        expect(pre.headers.get("access-control-allow-credentials")).toBe("true");

        const res = await post(app.url, origin);
        expect(res.status).toBe(200);
        expect(res.headers.get("access-control-allow-origin")).toBe(origin);
        expect(res.headers.get("access-control-allow-credentials")).toBe("true");
      }
    });

    it("allows no origin that is not listed", async () => {
      for (const origin of ["https://evil.example.com", "http://app.example.com", "https://app.example.com.evil.com", "null"]) {
        for (const res of [await preflight(app.url, origin), await post(app.url, origin)]) {
          expect(res.headers.get("access-control-allow-origin")).toBeNull();
          expect(res.headers.get("access-control-allow-credentials")).not.toBe("true");
        }
      }
    });
  });
});

describe("security headers", () => {
  it("sends x-frame-options DENY and referrer-policy no-referrer on GraphQL responses, refusals included", async () => {
    for (const query of [`{ __typename }`, aliases(16)]) {
      const res = await gql(dev.url, query);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });
});

describe("common passwords", () => {
  const list = dictionary["passwords-common"] as string[];
  const mostCommon = list.slice(0, 1000).filter((p) => p.length >= 8);
  const commonLower = new Set(list.slice(0, 1000).map((p) => p.toLowerCase()));
  const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`;

  it("refuses a registration with one of the 1,000 most common passwords and creates nothing", async () => {
    const users = await countUsers(dev);
    for (const password of mostCommon.slice(0, 5)) {
      const res = await gql(dev.url, REGISTER, { input: { username: uniqueUsername(), password } });
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "password" });
      expect(res.body.data ?? null).toBeNull();
    }
    expect(await countUsers(dev)).toBe(users);
  });

  it("refuses a common password whatever its case", async () => {
    const variants = mostCommon
      .filter((p) => /[a-z]/.test(p))
      .slice(0, 3)
      .flatMap((p) => [p.toUpperCase(), p[0]!.toUpperCase() + p.slice(1)]);
    const users = await countUsers(dev);
    for (const password of variants) {
      expect(list.slice(0, 1000)).not.toContain(password);
      const res = await gql(dev.url, REGISTER, { input: { username: uniqueUsername(), password } });
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "password" });
    }
    expect(await countUsers(dev)).toBe(users);
  });

  it("accepts a password that is in the list but far below the first 1,000", async () => {
    const rare = list.find((p, i) => i > 5000 && p.length >= 8 && p.length <= 128 && !commonLower.has(p.toLowerCase()));
    expect(rare).toBeDefined();
    const res = await gql(dev.url, REGISTER, { input: { username: uniqueUsername(), password: rare } });
    expectAccepted(res);
    expect(res.body.data?.register.accessToken).toEqual(expect.any(String));
  });

  it("refuses a common new password in changePassword with field newPassword and keeps the old one", async () => {
    const reg = await registerUser(dev);
    const common = mostCommon[0]!;
    const res = await gql(
      dev.url,
      `mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) { accessToken } }`,
      { current: PASSWORD, next: common },
      { token: reg.accessToken },
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "newPassword" });
    const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;
    expectAccepted(await gql(dev.url, LOGIN, { input: { username: reg.user.username, password: PASSWORD } }));
    expect(codeOf(await gql(dev.url, LOGIN, { input: { username: reg.user.username, password: common } }))).toBe("UNAUTHENTICATED");
  });
});

describe("control characters in register", () => {
  const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`;

  it.each([
    ["a bell (U+0007) in name", { name: "Ada\u0007Lovelace" }, "name"],
    ["a right-to-left override (U+202E) in name", { name: "Ada\u202Eecalevol" }, "name"],
    ["a line feed in username", { username: "bad\nname" }, "username"],
    ["a bell (U+0007) in email", { email: "ada\u0007@example.com" }, "email"],
  ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_label, overrides, field) => {
    const username = uniqueUsername("ctl");
    const users = await countUsers(dev);
    const res = await gql(dev.url, REGISTER, { input: { username, password: PASSWORD, ...overrides } });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(res.body.data ?? null).toBeNull();
    expect(await countUsers(dev)).toBe(users);
  });
});
