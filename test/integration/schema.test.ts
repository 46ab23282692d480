import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLObjectType,
} from "graphql";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_OPERATIONS } from "../../src/auth/public-operations.js";
import { LIST_SIZES } from "../../src/server/query-cost.js";
import { printSchemaFile } from "../../src/server/schema-file.js";
import { registerUser } from "../helpers/factories.js";
import { codeOf, gql } from "../helpers/gql.js";
import { createTestApp, TEST_SECRET, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

describe("schema", () => {
  it("gives the cost estimate a size for every list of objects without `first` (src/server/query-cost.ts)", () => {
    const unsized: string[] = [];
    for (const type of Object.values(app.schema.getTypeMap())) {
      if (type.name.startsWith("__") || !("getFields" in type) || isInputObjectType(type)) continue;
      for (const field of Object.values((type as GraphQLObjectType).getFields())) {
        const listOfObjects = isListType(getNullableType(field.type)) && !isScalarType(getNamedType(field.type)) && !isEnumType(getNamedType(field.type));
        const paged = field.args.some((arg) => arg.name === "first");
        if (listOfObjects && !paged && LIST_SIZES[`${type.name}.${field.name}`] === undefined) unsized.push(`${type.name}.${field.name}`);
      }
    }
    expect(unsized).toEqual([]);
  });

  it("matches the committed schema.graphql (run `npm run schema` after changing a resolver)", () => {
    const committed = readFileSync(join(import.meta.dirname, "../../schema.graphql"), "utf8");
    expect(committed).toBe(printSchemaFile(app.schema));
  });

  it("has every operation and type of the contract", () => {
    const query = app.schema.getQueryType()!.getFields();
    const mutation = app.schema.getMutationType()!.getFields();
    for (const name of ["me", "sessions", "products", "product", "cart", "wishlist", "users"]) expect(query).toHaveProperty(name);
    for (const name of [
      "register", "login", "refreshToken", "logout", "logoutAll", "revokeSession", "changePassword",
      "addToCart", "setCartItemQuantity", "removeFromCart", "clearCart", "addToWishlist", "removeFromWishlist",
      "createProduct", "updateProduct", "deleteProduct", "setUserActive", "setUserRole",
      "updateProfile",
    ]) {
      expect(mutation).toHaveProperty(name);
    }
    expect(String(query.products!.args.find((a) => a.name === "first")?.defaultValue)).toBe("20");
    expect(String(mutation.addToCart!.args.find((a) => a.name === "quantity")?.type)).toBe("Int!");
    const fieldsOf = (type: string) => Object.keys((app.schema.getType(type) as { getFields(): object }).getFields()).sort();
    expect(fieldsOf("User")).toEqual(["createdAt", "email", "emailVerified", "id", "isActive", "name", "role", "username"]);
    expect(fieldsOf("AuthPayload")).toEqual([
      "accessToken",
      "expiresAt",
      "expiresIn",
      "refreshToken",
      "sessionExpiresAt",
      "tokenType",
      "user",
    ]);
    expect(fieldsOf("Session")).toEqual(["createdAt", "current", "expiresAt", "id", "lastUsedAt", "userAgent"]);
    expect(fieldsOf("RegisterInput")).toEqual(["email", "name", "password", "refreshTokenTransport", "username"]);
    expect(fieldsOf("LoginInput")).toEqual(["password", "refreshTokenTransport", "username"]);
    const login = app.schema.getType("LoginInput") as GraphQLInputObjectType;
    expect(String(login.getFields().refreshTokenTransport!.type)).toBe("RefreshTokenTransport");
    expect(login.getFields().refreshTokenTransport!.defaultValue).toBe("BODY");
    const transport = app.schema.getType("RefreshTokenTransport") as GraphQLEnumType;
    expect(transport.getValues().map((v) => v.name)).toEqual(["BODY", "COOKIE"]);
    // Revision 2: optional arguments (the cookie), a nullable refresh token (COOKIE sessions).
    expect(String(mutation.refreshToken!.args.find((a) => a.name === "refreshToken")?.type)).toBe("String");
    expect(String(mutation.logout!.args.find((a) => a.name === "refreshToken")?.type)).toBe("String");
    const payload = (app.schema.getType("AuthPayload") as GraphQLObjectType).getFields();
    expect(String(payload.refreshToken!.type)).toBe("String");
    expect(String(payload.expiresAt!.type)).toBe("DateTimeISO!");
    expect(String(payload.sessionExpiresAt!.type)).toBe("DateTimeISO!");
    expect(fieldsOf("Product")).toEqual(["createdAt", "description", "id", "name", "priceCents"]);
    expect(fieldsOf("ProductConnection")).toEqual(["edges", "pageInfo", "totalCount"]);
    expect(fieldsOf("ProductEdge")).toEqual(["cursor", "node"]);
    expect(fieldsOf("PageInfo")).toEqual(["endCursor", "hasNextPage"]);
    // The contract's fields, and the exact totals beside them (extra fields are welcome).
    expect(fieldsOf("Cart")).toEqual(["itemCount", "items", "totalCents", "totalCentsExact"]);
    expect(fieldsOf("CartItem")).toEqual(["product", "quantity", "subtotalCents", "subtotalCentsExact"]);
    expect(fieldsOf("CreateProductInput")).toEqual(["description", "name", "priceCents"]);
    expect(fieldsOf("UpdateProductInput")).toEqual(["description", "name", "priceCents"]);
    const user = app.schema.getType("User") as GraphQLObjectType;
    expect(String(user.getFields().createdAt!.type)).toBe("DateTimeISO!");
    expect(String(user.getFields().emailVerified!.type)).toBe("Boolean!");
    expect(fieldsOf("UpdateProfileInput")).toEqual(["name"]);
    expect(String(mutation.updateProfile!.type)).toBe("User!");
    expect(String(mutation.updateProfile!.args.find((a) => a.name === "input")?.type)).toBe("UpdateProfileInput!");
  });

  it("never exposes a password hash or a refresh token hash", () => {
    const sdl = printSchemaFile(app.schema);
    expect(sdl).not.toMatch(/passwordHash|refreshTokenHash|usernameKey/);
  });
});

describe("deny by default", () => {
  const operations = () => [
    ...Object.values(app.schema.getQueryType()!.getFields()).map((f) => ["query", f] as const),
    ...Object.values(app.schema.getMutationType()!.getFields()).map((f) => ["mutation", f] as const),
  ];

  it("refuses every operation that is not on the public list to an anonymous caller", async () => {
    const open: string[] = [];
    for (const [kind, field] of operations()) {
      if (PUBLIC_OPERATIONS.has(field.name)) continue;
      const res = await gql(app.url, operationFor(kind, field), variablesFor(field));
      const reason = res.body.errors?.[0]?.extensions?.reason;
      if (codeOf(res) !== "UNAUTHENTICATED" || reason !== "NO_TOKEN") open.push(`${field.name}: ${JSON.stringify(res.body)}`);
    }
    expect(open).toEqual([]);
  });

  it("ignores a bad bearer token on every public operation and answers every other one with 401", async () => {
    const wrong: string[] = [];
    for (const token of ["not-a-jwt", expiredToken()]) {
      for (const [kind, field] of operations()) {
        const res = await gql(app.url, operationFor(kind, field), variablesFor(field), { token });
        const refused = res.status === 401 && res.body.data === undefined && codeOf(res) === "UNAUTHENTICATED";
        if (refused === PUBLIC_OPERATIONS.has(field.name)) wrong.push(`${field.name} (${token.slice(0, 9)}): ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("refuses every ADMIN operation of the contract to a signed-in USER with FORBIDDEN", async () => {
    const { accessToken } = await registerUser(app);
    const adminOnly = ["users", "createProduct", "updateProduct", "deleteProduct", "setUserActive", "setUserRole"];
    const allowed: string[] = [];
    for (const [kind, field] of operations()) {
      if (!adminOnly.includes(field.name)) continue;
      const res = await gql(app.url, operationFor(kind, field), variablesFor(field), { token: accessToken });
      if (codeOf(res) !== "FORBIDDEN") allowed.push(`${field.name}: ${JSON.stringify(res.body)}`);
    }
    expect(allowed).toEqual([]);
  });

  it("lists only public operations that exist", () => {
    const names = new Set(operations().map(([, f]) => f.name));
    for (const name of PUBLIC_OPERATIONS) expect(names).toContain(name);
  });

  it("lets an anonymous caller use the public operations", async () => {
    const res = await gql(app.url, `{ products(first: 1) { totalCount } product(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ products: { totalCount: 0 }, product: null });
  });
});

/** `mutation($a: T!) { field(a: $a) { __typename } }` for any field. */
/** Signed with the server's key, well formed, expired an hour before the test clock's now. */
function expiredToken(): string {
  const iat = Math.floor(app.clock.now().getTime() / 1000) - 7200;
  return jwt.sign({ sub: randomUUID(), sid: randomUUID(), role: "USER", jti: randomUUID(), iat, exp: iat + 900 }, TEST_SECRET, {
    algorithm: "HS256",
    header: { alg: "HS256", typ: "at+jwt" },
    issuer: "graphql-auth-api",
    audience: "graphql-auth-api",
  });
}

function operationFor(kind: string, field: GraphQLField<unknown, unknown>): string {
  const defs = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(", ");
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(", ");
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? "" : " { __typename }";
  return `${kind}${defs ? `(${defs})` : ""} { ${field.name}${args ? `(${args})` : ""}${selection} }`;
}

function variablesFor(field: GraphQLField<unknown, unknown>): Record<string, unknown> {
  return Object.fromEntries(field.args.map((a) => [a.name, sampleValue(a.type)]));
}

/** A well-typed value, so that only the access check can refuse the request. */
function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(getNullableType(type) as GraphQLInputType);
  if (isListType(type)) return [sampleValue(type.ofType as GraphQLInputType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, sampleValue(f.type)]));
  }
  switch (type.name) {
    case "Int":
      return 1;
    case "Float":
      return 1.5;
    case "Boolean":
      return true;
    case "ID":
      return "00000000-0000-4000-8000-000000000000";
    case "DateTimeISO":
      return "2026-01-01T00:00:00.000Z";
    default:
      return "sample value";
  }
}
