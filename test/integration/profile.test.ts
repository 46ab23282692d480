import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { User } from "../../src/entities/index.js";
import { registerUser } from "../helpers/factories.js";
import { codeOf, gql } from "../helpers/gql.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

const PROFILE = "id username name email emailVerified";
const ME = `{ me { ${PROFILE} } }`;
const UPDATE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { ${PROFILE} } }`;

const me = async (token: string) => (await gql(app.url, ME, {}, { token })).body.data?.me;
const update = (token: string, input: Record<string, unknown>) => gql(app.url, UPDATE, { input }, { token });
/** Writes the stored row past the API, as a later verification flow would. */
const store = async (id: string, values: Partial<Pick<User, "email" | "emailVerified" | "name">>) => {
  await app.orm.em.fork().nativeUpdate(User, { id }, values);
};

describe("User.emailVerified", () => {
  it("is false for a new account, with or without an e-mail", async () => {
    const withEmail = await registerUser(app, { email: "ada@example.com" });
    const without = await registerUser(app);
    expect(await me(withEmail.accessToken)).toMatchObject({ email: "ada@example.com", emailVerified: false });
    expect(await me(without.accessToken)).toMatchObject({ email: null, emailVerified: false });
  });

  it("is true once the stored address is verified, and false whenever there is no address", async () => {
    const { accessToken, user } = await registerUser(app, { email: "grace@example.com" });
    await store(user.id, { emailVerified: true });
    expect(await me(accessToken)).toMatchObject({ email: "grace@example.com", emailVerified: true });
    await store(user.id, { email: null });
    expect(await me(accessToken)).toMatchObject({ email: null, emailVerified: false });
  });
});

describe("updateProfile", () => {
  it("changes the name and returns the updated user, which me then shows", async () => {
    const { accessToken, user } = await registerUser(app, { name: "Ada", email: "ada@example.org" });
    const res = await update(accessToken, { name: "  Ada Lovelace " });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.updateProfile).toEqual({
      id: user.id,
      username: user.username,
      name: "Ada Lovelace",
      email: "ada@example.org",
      emailVerified: false,
    });
    expect((await me(accessToken))?.name).toBe("Ada Lovelace");
  });

  it("clears the name with null or an empty string", async () => {
    const { accessToken } = await registerUser(app, { name: "Grace" });
    expect((await update(accessToken, { name: null })).body.data?.updateProfile.name).toBeNull();
    await update(accessToken, { name: "Grace" });
    expect((await update(accessToken, { name: "   " })).body.data?.updateProfile.name).toBeNull();
    expect((await me(accessToken))?.name).toBeNull();
  });

  it("leaves a field that is not given as it is", async () => {
    const { accessToken } = await registerUser(app, { name: "Kept" });
    const res = await update(accessToken, {});
    expect(res.body.data?.updateProfile.name).toBe("Kept");
    expect((await me(accessToken))?.name).toBe("Kept");
  });

  it("refuses a name registration would refuse, with BAD_USER_INPUT on the field, and keeps the old one", async () => {
    const { accessToken } = await registerUser(app, { name: "Kept" });
    for (const name of ["x".repeat(101), "bell\u0007", "in\u200Bvisible"]) {
      const res = await update(accessToken, { name });
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });
      expect(res.body.data).toBeNull();
    }
    expect((await update(accessToken, { name: "y".repeat(100) })).body.data?.updateProfile.name).toBe("y".repeat(100));
  });

  it("does not take an e-mail (that is changeEmail, with a link)", async () => {
    const { accessToken } = await registerUser(app, { email: "kept@example.com" });
    const res = await update(accessToken, { email: "other@example.com" });
    expect(codeOf(res)).toBe("BAD_USER_INPUT");
    expect((await me(accessToken))?.email).toBe("kept@example.com");
  });

  it("keeps a verified address verified", async () => {
    const { accessToken, user } = await registerUser(app, { email: "v@example.com" });
    await store(user.id, { emailVerified: true });
    expect((await update(accessToken, { name: "V" })).body.data?.updateProfile).toMatchObject({ emailVerified: true });
  });

  it("needs a signed-in caller", async () => {
    const res = await gql(app.url, UPDATE, { input: { name: "x" } });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "NO_TOKEN" });
  });
});
