import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CartItem, LinkToken, RetiredRefreshToken, Role, Session, User, WishlistItem } from "../../src/entities/index.js";
import { PASSWORD, REFRESH, createAdmin, createProduct, login, registerUser, type Registered } from "../helpers/factories.js";
import { CHANGE_EMAIL, DELETE_ACCOUNT, REQUEST_VERIFICATION } from "../helpers/email-flows.js";
import { gql, type GqlResponse } from "../helpers/gql.js";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtp-server.js";
import { stoppedAfterEach, type TestApp } from "../helpers/test-app.js";

/** deleteAccount: what goes with the account, and the admin who must stay. */

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});
const startApp = stoppedAfterEach();
afterEach(() => {
  smtp.received.length = 0;
});
function start(): Promise<TestApp> {
  return startApp({ SMTP_URL: smtp.url });
}

const deleteAccount = (app: TestApp, who: Registered) => gql(app.url, DELETE_ACCOUNT, { p: PASSWORD }, { token: who.accessToken });
const extensionsOf = (res: GqlResponse<unknown>) => res.body.errors?.[0]?.extensions;

/** A user with a row of every kind that is theirs: two sessions (one refreshed), cart and wishlist items, two links. */
async function userWithEverything(app: TestApp, email: string): Promise<Registered> {
  const user = await registerUser(app, { email });
  const other = await login(app, user.user.username);
  expect((await gql(app.url, REFRESH, { t: other.refreshToken })).body.errors).toBeUndefined(); // retires a refresh token
  for (const product of [await createProduct(app), await createProduct(app)]) {
    const headers = { token: user.accessToken };
    expect((await gql(app.url, "mutation($id: ID!) { addToCart(productId: $id) { itemCount } }", { id: product.id }, headers)).body.errors).toBeUndefined();
    expect((await gql(app.url, "mutation($id: ID!) { addToWishlist(productId: $id) { id } }", { id: product.id }, headers)).body.errors).toBeUndefined();
  }
  expect((await gql(app.url, REQUEST_VERIFICATION, {}, { token: user.accessToken })).body.errors).toBeUndefined();
  const change = await gql(app.url, CHANGE_EMAIL, { e: `new.${email}`, p: PASSWORD }, { token: user.accessToken });
  expect(change.body.errors).toBeUndefined();
  return user;
}

/** The user's rows, by entity. */
async function rowsOf(app: TestApp, userId: string): Promise<Record<string, number>> {
  const em = app.orm.em.fork();
  const sessionIds = (await em.find(Session, { user: userId }, { fields: ["id"] })).map((s) => s.id);
  return {
    users: await em.count(User, { id: userId }),
    sessions: sessionIds.length,
    retiredRefreshTokens: sessionIds.length ? await em.count(RetiredRefreshToken, { session: { $in: sessionIds } }) : 0,
    cartItems: await em.count(CartItem, { user: userId }),
    wishlistItems: await em.count(WishlistItem, { user: userId }),
    links: await em.count(LinkToken, { user: userId }),
  };
}

describe("deleteAccount", () => {
  it("removes the user's sessions, retired refresh tokens, cart items, wishlist items and links, and nobody else's", async () => {
    const app = await start();
    const leaving = await userWithEverything(app, "leaving@example.com");
    const staying = await userWithEverything(app, "staying@example.com");
    const everything = { users: 1, sessions: 2, retiredRefreshTokens: 1, cartItems: 2, wishlistItems: 2, links: 2 };
    // Counted before, so that a count of zero after means the rows went, not that they never were.
    expect(await rowsOf(app, leaving.user.id)).toEqual(everything);
    const sessionIds = (await app.orm.em.fork().find(Session, { user: leaving.user.id }, { fields: ["id"] })).map((s) => s.id);

    expect((await deleteAccount(app, leaving)).body).toEqual({ data: { deleteAccount: true } });
    expect(await rowsOf(app, leaving.user.id)).toEqual({ users: 0, sessions: 0, retiredRefreshTokens: 0, cartItems: 0, wishlistItems: 0, links: 0 });
    expect(await app.orm.em.fork().count(RetiredRefreshToken, { session: { $in: sessionIds } })).toBe(0);
    expect(await rowsOf(app, staying.user.id)).toEqual(everything);
  });

  it("refuses the last active admin, who keeps the account and the session; another admin may leave", async () => {
    const app = await start();
    const first = await createAdmin(app);
    const inactive = await createAdmin(app);
    await app.orm.em.fork().nativeUpdate(User, { id: inactive.user.id }, { isActive: false });
    const refused = await deleteAccount(app, first);
    expect(extensionsOf(refused)).toMatchObject({ code: "BAD_USER_INPUT" });
    expect((await gql(app.url, "{ me { id role } }", {}, { token: first.accessToken })).body.data?.me).toEqual({ id: first.user.id, role: "ADMIN" });

    const second = await createAdmin(app);
    expect((await deleteAccount(app, first)).body).toEqual({ data: { deleteAccount: true } });
    expect(extensionsOf(await deleteAccount(app, second))).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(await app.orm.em.fork().count(User, { role: Role.ADMIN, isActive: true })).toBe(1);
  });

  it("two admins deleting themselves at once leave one of them", async () => {
    const app = await start();
    const admins = [await createAdmin(app), await createAdmin(app)];
    const answers = await Promise.all(admins.map((admin) => deleteAccount(app, admin)));
    const bodies = JSON.stringify(answers.map((a) => a.body));
    expect(answers.filter((a) => a.body.data?.deleteAccount === true), bodies).toHaveLength(1);
    expect(answers.filter((a) => extensionsOf(a)?.code === "BAD_USER_INPUT"), bodies).toHaveLength(1);
    expect(await app.orm.em.fork().count(User, { role: Role.ADMIN, isActive: true })).toBe(1);
  });
});
