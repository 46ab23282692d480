import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Role, User } from "../../src/entities/index.js";
import { AUTH_FIELDS, ME, PASSWORD, REFRESH, createAdmin, login, registerUser } from "../helpers/factories.js";
import { codeOf, gql, type GqlResponse } from "../helpers/gql.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

const USER_FIELDS = "id username role isActive createdAt";
const USERS = `{ users { ${USER_FIELDS} } }`;
const SET_ACTIVE = `mutation($id: ID!, $active: Boolean!) { setUserActive(id: $id, active: $active) { ${USER_FIELDS} } }`;
const SET_ROLE = `mutation($id: ID!, $role: Role!) { setUserRole(id: $id, role: $role) { ${USER_FIELDS} } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`;

interface UserView {
  id: string;
  username: string;
  role: "USER" | "ADMIN";
  isActive: boolean;
  createdAt: string;
}

const setActive = (on: TestApp, token: string, id: string, active: boolean) =>
  gql(on.url, SET_ACTIVE, { id, active }, { token });
const setRole = (on: TestApp, token: string, id: string, role: "USER" | "ADMIN") =>
  gql(on.url, SET_ROLE, { id, role }, { token });
/** The stored row, read past the API. */
const stored = (on: TestApp, id: string) => on.orm.em.fork().findOneOrFail(User, { id });
const expectRevoked = (res: GqlResponse<unknown>) => {
  expect(res.status).toBe(401);
  expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "TOKEN_REVOKED" });
  expect(res.body.data).toBeUndefined();
};

describe("users", () => {
  it("lists every user to an ADMIN, oldest first", async () => {
    const admin = await createAdmin(app);
    const first = await registerUser(app);
    const second = await registerUser(app);
    const res = await gql<{ users: UserView[] }>(app.url, USERS, {}, { token: admin.accessToken });
    expect(res.body.errors).toBeUndefined();
    const users = res.body.data!.users;
    const ids = users.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([admin.user.id, first.user.id, second.user.id]));
    expect(ids.indexOf(admin.user.id)).toBeLessThan(ids.indexOf(first.user.id));
    expect(ids.indexOf(first.user.id)).toBeLessThan(ids.indexOf(second.user.id));
    const times = users.map((u) => Date.parse(u.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(users).toHaveLength(await app.orm.em.fork().count(User, {}));
    expect(users.find((u) => u.id === first.user.id)).toMatchObject({ role: "USER", isActive: true });
  });

  it("usersConnection pages every account, oldest first, each once, with totalCount", async () => {
    const admin = await createAdmin(app);
    for (let i = 0; i < 4; i++) await registerUser(app);
    const all = (await gql<{ users: UserView[] }>(app.url, USERS, {}, { token: admin.accessToken })).body.data!.users.map((u) => u.id);
    const PAGE = `query($first: Int, $after: String) { usersConnection(first: $first, after: $after) {
      edges { cursor node { ${USER_FIELDS} } } pageInfo { hasNextPage endCursor } totalCount } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      type Page = { edges: { node: UserView }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number };
      const res: GqlResponse<{ usersConnection: Page }> = await gql(app.url, PAGE, { first: 2, after }, { token: admin.accessToken });
      expect(res.body.errors).toBeUndefined();
      const page: Page = res.body.data!.usersConnection;
      expect(page.totalCount).toBe(all.length);
      expect(page.edges.length).toBeLessThanOrEqual(2);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    const first = await gql(app.url, "{ usersConnection { edges { node { id } } } }", {}, { token: admin.accessToken });
    expect(first.body.data?.usersConnection.edges).toHaveLength(Math.min(20, all.length));
  });

  it("usersConnection pages through accounts that share one createdAt, each once, ties in id order", async () => {
    const admin = await createAdmin(app);
    const tied: string[] = [];
    for (let i = 0; i < 5; i++) tied.push((await registerUser(app)).user.id);
    // Older than every other account, and with milliseconds: the cursor must hold the instant exactly.
    const sameTime = new Date("2020-06-01T12:00:00.123Z");
    await app.orm.em.fork().nativeUpdate(User, { id: { $in: tied } }, { createdAt: sameTime });
    const rows = await app.orm.em.fork().find(User, {});
    const expected = rows
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((u) => u.id);
    expect(expected.slice(0, 5)).toEqual([...tied].sort());

    const PAGE = `query($after: String) { usersConnection(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    type Page = { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const res: GqlResponse<{ usersConnection: Page }> = await gql(app.url, PAGE, { after }, { token: admin.accessToken });
      expect(res.body.errors).toBeUndefined();
      const page: Page = res.body.data!.usersConnection;
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it("usersConnection refuses first over 100 and a cursor that is not one of ours, and is FORBIDDEN to a USER", async () => {
    const admin = await createAdmin(app);
    const user = await registerUser(app);
    for (const variables of [{ first: 101 }, { first: -1 }, { after: "bm90LWEtY3Vyc29y" }]) {
      const res = await gql(app.url, `query($first: Int, $after: String) { usersConnection(first: $first, after: $after) { totalCount } }`, variables, {
        token: admin.accessToken,
      });
      expect(codeOf(res), JSON.stringify(variables)).toBe("BAD_USER_INPUT");
    }
    expect(codeOf(await gql(app.url, "{ usersConnection { totalCount } }", {}, { token: user.accessToken }))).toBe("FORBIDDEN");
  });

  it("is FORBIDDEN to a USER", async () => {
    const user = await registerUser(app);
    const res = await gql(app.url, USERS, {}, { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(codeOf(res)).toBe("FORBIDDEN");
    expect(res.body.data).toBeNull();
  });

  it("is UNAUTHENTICATED without a token", async () => {
    const res = await gql(app.url, USERS);
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
    expect(res.body.data).toBeNull();
  });
});

describe("setUserActive", () => {
  it("deactivating ends every session at once, refuses refresh and sign-in; reactivating allows sign-in again", async () => {
    const admin = await createAdmin(app);
    const phone = await registerUser(app);
    const laptop = await login(app, phone.user.username);
    const tablet = await login(app, phone.user.username);
    const sessions = [phone, laptop, tablet];
    for (const s of sessions) expect((await gql(app.url, ME, {}, { token: s.accessToken })).body.data?.me).toBeTruthy();

    const res = await setActive(app, admin.accessToken, phone.user.id, false);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.setUserActive).toMatchObject({ id: phone.user.id, isActive: false });
    expect((await stored(app, phone.user.id)).isActive).toBe(false);

    for (const s of sessions) expectRevoked(await gql(app.url, ME, {}, { token: s.accessToken }));
    // The tablet's refresh token is left untried here: its session must have been ended by the deactivation itself.
    for (const s of [phone, laptop]) expect(codeOf(await gql(app.url, REFRESH, { t: s.refreshToken }))).toBe("UNAUTHENTICATED");
    const refused = await gql(app.url, LOGIN, { input: { username: phone.user.username, password: PASSWORD } });
    expect(codeOf(refused)).toBe("UNAUTHENTICATED");
    expect(refused.body.errors?.[0]?.message).toBe("Invalid username or password");
    expect(refused.body.data).toBeNull();

    const back = await setActive(app, admin.accessToken, phone.user.id, true);
    expect(back.body.data?.setUserActive).toMatchObject({ id: phone.user.id, isActive: true });
    const again = await login(app, phone.user.username);
    expect((await gql(app.url, ME, {}, { token: again.accessToken })).body.data?.me.id).toBe(phone.user.id);
    // The sessions ended by the deactivation stay ended.
    for (const s of sessions) {
      expectRevoked(await gql(app.url, ME, {}, { token: s.accessToken }));
      expect(codeOf(await gql(app.url, REFRESH, { t: s.refreshToken }))).toBe("UNAUTHENTICATED");
    }
  });

  it("leaves other users' sessions alone", async () => {
    const admin = await createAdmin(app);
    const target = await registerUser(app);
    const bystander = await registerUser(app);
    await setActive(app, admin.accessToken, target.user.id, false);
    expect((await gql(app.url, ME, {}, { token: bystander.accessToken })).body.data?.me.id).toBe(bystander.user.id);
    expect((await gql(app.url, ME, {}, { token: admin.accessToken })).body.data?.me.id).toBe(admin.user.id);
  });
});

describe("setUserRole", () => {
  it("promoting to ADMIN lets the user's existing access token run users", async () => {
    const admin = await createAdmin(app);
    const user = await registerUser(app);
    expect(codeOf(await gql(app.url, USERS, {}, { token: user.accessToken }))).toBe("FORBIDDEN");

    const res = await setRole(app, admin.accessToken, user.user.id, "ADMIN");
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.setUserRole).toMatchObject({ id: user.user.id, role: "ADMIN" });

    const users = await gql(app.url, USERS, {}, { token: user.accessToken });
    expect(users.body.errors).toBeUndefined();
    expect(users.body.data?.users.map((u: UserView) => u.id)).toContain(user.user.id);
    expect((await gql(app.url, ME, {}, { token: user.accessToken })).body.data?.me.role).toBe("ADMIN");
  });

  it("demoting to USER makes the still-valid access token FORBIDDEN on users at the next request", async () => {
    const admin = await createAdmin(app);
    const other = await createAdmin(app);
    expect((await gql(app.url, USERS, {}, { token: other.accessToken })).body.errors).toBeUndefined();

    const res = await setRole(app, admin.accessToken, other.user.id, "USER");
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.setUserRole).toMatchObject({ id: other.user.id, role: "USER" });

    expect(codeOf(await gql(app.url, USERS, {}, { token: other.accessToken }))).toBe("FORBIDDEN");
    const me = await gql(app.url, ME, {}, { token: other.accessToken });
    expect(me.body.data?.me).toMatchObject({ id: other.user.id, role: "USER", isActive: true });
    expect((await stored(app, other.user.id)).role).toBe("USER");
  });
});

describe("both mutations", () => {
  const mutations = [
    ["setUserActive", (token: string, id: string) => setActive(app, token, id, false)],
    ["setUserRole", (token: string, id: string) => setRole(app, token, id, "ADMIN")],
  ] as const;

  it("are NOT_FOUND for an unknown id", async () => {
    const admin = await createAdmin(app);
    for (const [name, run] of mutations) {
      for (const id of [randomUUID(), "not-a-uuid"]) {
        const res = await run(admin.accessToken, id);
        expect(codeOf(res), `${name}(${id})`).toBe("NOT_FOUND");
        expect(res.body.data, `${name}(${id})`).toBeNull();
      }
    }
  });

  it("are FORBIDDEN to a USER and change nothing", async () => {
    const caller = await registerUser(app);
    const target = await registerUser(app);
    for (const [name, run] of mutations) {
      for (const id of [target.user.id, caller.user.id]) {
        const res = await run(caller.accessToken, id);
        expect(codeOf(res), name).toBe("FORBIDDEN");
        expect(res.body.data, name).toBeNull();
      }
    }
    for (const id of [target.user.id, caller.user.id]) {
      expect(await stored(app, id)).toMatchObject({ role: "USER", isActive: true });
    }
    expect((await gql(app.url, ME, {}, { token: target.accessToken })).body.data?.me).toMatchObject({ role: "USER" });
  });

  it("are UNAUTHENTICATED without a token and change nothing", async () => {
    const target = await registerUser(app);
    for (const [name, query, variables] of [
      ["setUserActive", SET_ACTIVE, { id: target.user.id, active: false }],
      ["setUserRole", SET_ROLE, { id: target.user.id, role: "ADMIN" }],
    ] as const) {
      const res = await gql(app.url, query, variables);
      expect(codeOf(res), name).toBe("UNAUTHENTICATED");
      expect(res.body.data, name).toBeNull();
    }
    expect(await stored(app, target.user.id)).toMatchObject({ role: "USER", isActive: true });
  });
});

describe("the last active admin", () => {
  // Each test counts admins, so each gets a database of its own.
  let solo: TestApp;
  beforeEach(async () => {
    solo = await createTestApp();
  });
  afterEach(() => solo.stop());

  it("cannot deactivate or demote themself (BAD_USER_INPUT), and stays an active admin", async () => {
    const admin = await createAdmin(solo);
    expect(codeOf(await setActive(solo, admin.accessToken, admin.user.id, false))).toBe("BAD_USER_INPUT");
    expect(codeOf(await setRole(solo, admin.accessToken, admin.user.id, "USER"))).toBe("BAD_USER_INPUT");
    expect(await stored(solo, admin.user.id)).toMatchObject({ role: "ADMIN", isActive: true });
    const users = await gql(solo.url, USERS, {}, { token: admin.accessToken });
    expect(users.body.errors).toBeUndefined();
    expect(codeOf(await gql(solo.url, REFRESH, { t: admin.refreshToken }))).toBeUndefined();
  });

  it("an inactive second admin does not count: the remaining active one is protected", async () => {
    const admin = await createAdmin(solo);
    const other = await createAdmin(solo);
    expect((await setActive(solo, admin.accessToken, other.user.id, false)).body.errors).toBeUndefined();
    expect(codeOf(await setRole(solo, admin.accessToken, admin.user.id, "USER"))).toBe("BAD_USER_INPUT");
    expect(codeOf(await setActive(solo, admin.accessToken, admin.user.id, false))).toBe("BAD_USER_INPUT");
    expect(await stored(solo, admin.user.id)).toMatchObject({ role: "ADMIN", isActive: true });
  });

  it("with two admins, one can demote the other; then the remaining one is protected", async () => {
    const admin = await createAdmin(solo);
    const other = await createAdmin(solo);
    const res = await setRole(solo, admin.accessToken, other.user.id, "USER");
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.setUserRole).toMatchObject({ role: "USER" });
    expect(codeOf(await setRole(solo, admin.accessToken, admin.user.id, "USER"))).toBe("BAD_USER_INPUT");
    expect((await stored(solo, admin.user.id)).role).toBe("ADMIN");
  });

  it("with two admins, one can deactivate the other, even themself", async () => {
    const admin = await createAdmin(solo);
    const other = await createAdmin(solo);
    const res = await setActive(solo, admin.accessToken, other.user.id, false);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.setUserActive).toMatchObject({ isActive: false });
    expectRevoked(await gql(solo.url, USERS, {}, { token: other.accessToken }));

    // Reactivated, the other admin may step down: one active admin still remains.
    await setActive(solo, admin.accessToken, other.user.id, true);
    const comeback = await login(solo, other.user.username);
    const self = await setActive(solo, comeback.accessToken, other.user.id, false);
    expect(self.body.errors).toBeUndefined();
    expect((await stored(solo, admin.user.id)).isActive).toBe(true);
    expect(codeOf(await setActive(solo, admin.accessToken, admin.user.id, false))).toBe("BAD_USER_INPUT");
  });

  it("two admins demoting each other at the same time: exactly one succeeds, one admin remains", async () => {
    const a = await createAdmin(solo);
    const b = await createAdmin(solo);
    const results = await Promise.all([
      setRole(solo, a.accessToken, b.user.id, "USER"),
      setRole(solo, b.accessToken, a.user.id, "USER"),
    ]);
    const codes = results.map((res) => codeOf(res) ?? "OK");
    expect(codes.filter((code) => code === "OK")).toHaveLength(1);
    // The loser is refused by the last-admin rule, or already as a USER when its request starts.
    expect(["BAD_USER_INPUT", "FORBIDDEN"]).toContain(codes.find((code) => code !== "OK"));
    const em = solo.orm.em.fork();
    expect(await em.count(User, { role: Role.ADMIN, isActive: true })).toBe(1);
  });
});
