import { randomBytes } from "node:crypto";
import type { App } from "../../src/app.js";
import { Product, Role } from "../../src/entities/index.js";
import { gql } from "./gql.js";

export const PASSWORD = "correct horse battery staple";
export const AUTH_FIELDS = "accessToken refreshToken tokenType expiresIn user { id username name email role isActive createdAt }";

export interface Registered {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; username: string; role: string };
}

export const uniqueUsername = (prefix = "user") => `${prefix}_${randomBytes(4).toString("hex")}`;

/** Registers a user over HTTP and returns its first token pair. */
export async function registerUser(
  app: Pick<App, "url">,
  overrides: { username?: string; password?: string; name?: string; email?: string } = {},
  headers: Record<string, string> = {},
): Promise<Registered> {
  const input = { username: uniqueUsername(), password: PASSWORD, ...overrides };
  const response = await gql<{ register: Registered }>(
    app.url,
    `mutation($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`,
    { input },
    { headers },
  );
  if (!response.body.data?.register) throw new Error(`register failed: ${JSON.stringify(response.body)}`);
  return response.body.data.register;
}

/** Signs in over HTTP: a new session. */
export async function login(app: Pick<App, "url">, username: string, password = PASSWORD): Promise<Registered> {
  const response = await gql<{ login: Registered }>(
    app.url,
    `mutation($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`,
    { input: { username, password } },
  );
  if (!response.body.data?.login) throw new Error(`login failed: ${JSON.stringify(response.body)}`);
  return response.body.data.login;
}

export const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { ${AUTH_FIELDS} } }`;
export const LOGOUT = `mutation($t: String!) { logout(refreshToken: $t) }`;
export const ME = `{ me { id username name email role isActive createdAt } }`;

/** An ADMIN, made the way `npm run user:create -- --role ADMIN` makes one, then signed in. */
export async function createAdmin(app: App, username = uniqueUsername("admin")): Promise<Registered> {
  const em = app.orm.em.fork();
  await app.services.accounts.createUser(em, { username, password: PASSWORD, role: Role.ADMIN });
  await em.flush();
  return login(app, username);
}

let productSeq = 0;
/** A product row, straight into the database. `createdAt` defaults to a distinct, increasing time. */
export async function createProduct(
  app: App,
  overrides: Partial<Pick<Product, "name" | "description" | "priceCents" | "createdAt">> = {},
): Promise<Product> {
  const em = app.orm.em.fork();
  productSeq += 1;
  const product = em.create(Product, {
    name: `Product ${productSeq}`,
    priceCents: 100 * productSeq,
    createdAt: new Date(Date.parse("2026-01-01T00:00:00Z") + productSeq * 1000),
    ...overrides,
  });
  await em.flush();
  return product;
}
