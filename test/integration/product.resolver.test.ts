import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Product, Role, User } from "../../src/entities/index.js";
import { createAdmin, createProduct, registerUser, type Registered } from "../helpers/factories.js";
import { codeOf, gql, type GqlResponse } from "../helpers/gql.js";
import { INVISIBLE } from "../helpers/text.js";
import { onPostgres } from "../helpers/database.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
let admin: Registered;
beforeAll(async () => {
  app = await createTestApp();
  admin = await createAdmin(app);
});
afterAll(() => app.stop());
// Every test starts from an empty catalogue, so counts and orders are its own.
beforeEach(async () => {
  await app.orm.em.fork().nativeDelete(Product, {});
});

const PRODUCT_FIELDS = "id name description priceCents createdAt";
const PAGE_FIELDS = `edges { cursor node { ${PRODUCT_FIELDS} } } pageInfo { hasNextPage endCursor } totalCount`;
const PRODUCTS = `query($first: Int, $after: String) { products(first: $first, after: $after) { ${PAGE_FIELDS} } }`;
const PRODUCTS_DEFAULT = `{ products { ${PAGE_FIELDS} } }`;
const PRODUCT = `query($id: ID!) { product(id: $id) { ${PRODUCT_FIELDS} } }`;
const CREATE = `mutation($input: CreateProductInput!) { createProduct(input: $input) { ${PRODUCT_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { ${PRODUCT_FIELDS} } }`;
const DELETE = `mutation($id: ID!) { deleteProduct(id: $id) }`;
const CART = `{ cart { items { product { id } quantity subtotalCents } itemCount totalCents } }`;
const WISHLIST = `{ wishlist { id } }`;
const ADD_TO_WISHLIST = `mutation($productId: ID!) { addToWishlist(productId: $productId) { id } }`;
const ADD_TO_CART = `mutation($productId: ID!, $quantity: Int!) { addToCart(productId: $productId, quantity: $quantity) { itemCount } }`;

interface ProductView {
  id: string;
  name: string;
  description: string | null;
  priceCents: number;
  createdAt: string;
}
interface Page {
  edges: { cursor: string; node: ProductView }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}
interface CartView {
  items: { product: { id: string }; quantity: number; subtotalCents: number }[];
  itemCount: number;
  totalCents: number;
}

const countProducts = () => app.orm.em.fork().count(Product, {});
const readProduct = (id: string) => app.orm.em.fork().findOne(Product, { id });

/** One page over HTTP, as an anonymous client; fails loudly on an error. */
async function page(first?: number, after?: string | null): Promise<Page> {
  const res = await gql<{ products: Page }>(app.url, PRODUCTS, { first, after });
  if (!res.body.data?.products) throw new Error(`products failed: ${JSON.stringify(res.body)}`);
  return res.body.data.products;
}
const idsOf = (p: Page) => p.edges.map((e) => e.node.id);

/** Products in the order the API must list them: createdAt desc, then id desc. */
const newestFirst = (products: Product[]) =>
  [...products]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((p) => p.id);

async function createProducts(count: number): Promise<Product[]> {
  const made: Product[] = [];
  for (let i = 0; i < count; i += 1) made.push(await createProduct(app));
  return made;
}

const expectRefused = (res: GqlResponse<unknown>, code: string, field: string) => {
  expect(res.status).toBe(200);
  expect(codeOf(res)).toBe(code);
  expect((res.body.data as Record<string, unknown> | null | undefined)?.[field] ?? null).toBeNull();
};

describe("products", () => {
  it("is public and answers a Relay connection: edges with node and cursor, pageInfo, totalCount", async () => {
    const [made] = await createProducts(1);
    const res = await gql<{ products: Page }>(app.url, PRODUCTS_DEFAULT);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const products = res.body.data!.products;
    expect(products.totalCount).toBe(1);
    expect(products.edges).toHaveLength(1);
    const edge = products.edges[0]!;
    expect(edge.node).toEqual({
      id: made!.id,
      name: made!.name,
      description: null,
      priceCents: made!.priceCents,
      createdAt: made!.createdAt.toISOString(),
    });
    expect(typeof edge.cursor).toBe("string");
    expect(edge.cursor).not.toBe("");
    expect(products.pageInfo).toEqual({ hasNextPage: false, endCursor: edge.cursor });
  });

  it("returns 20 products by default, newest first, and says there are more", async () => {
    const made = await createProducts(25);
    const res = await gql<{ products: Page }>(app.url, PRODUCTS_DEFAULT);
    const products = res.body.data!.products;
    expect(products.edges).toHaveLength(20);
    expect(products.pageInfo.hasNextPage).toBe(true);
    expect(products.totalCount).toBe(25);
    // The factory gives each product a later createdAt than the one before.
    expect(idsOf(products)).toEqual(made.slice(5).reverse().map((p) => p.id));
    expect(products.pageInfo.endCursor).toBe(products.edges.at(-1)!.cursor);
  });

  it("breaks ties on createdAt by id, so the order is total and the same on every read", async () => {
    const sameTime = new Date("2026-03-01T12:00:00.000Z");
    const older = await createProduct(app, { createdAt: new Date("2026-02-01T00:00:00.000Z") });
    const tied: Product[] = [];
    for (let i = 0; i < 6; i += 1) tied.push(await createProduct(app, { createdAt: sameTime }));
    const newer = await createProduct(app, { createdAt: new Date("2026-04-01T00:00:00.000Z") });

    const expected = [newer.id, ...newestFirst(tied), older.id];
    const first = idsOf(await page(50));
    const second = idsOf(await page(50));
    expect(first).toEqual(expected);
    expect(second).toEqual(first);

    // Pages of 2 cut right through the tied products: each exactly once, same order.
    const walked: string[] = [];
    let after: string | null = null;
    for (;;) {
      const p = await page(2, after);
      walked.push(...idsOf(p));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(walked).toEqual(expected);
  });
});

describe("products' queries", () => {
  it("reads a page of the catalogue with no EntityManager, and counts it through one", async () => {
    await createProducts(3);
    const fork = vi.spyOn(app.orm.em, "fork");
    try {
      const page = await gql<{ products: { edges: unknown[] } }>(app.url, "{ products(first: 2) { edges { node { id name priceCents createdAt } } } }");
      expect(page.body.data?.products.edges).toHaveLength(2);
      expect(fork).not.toHaveBeenCalled();
      await gql(app.url, "{ products(first: 2) { totalCount } }");
      expect(fork).toHaveBeenCalledTimes(1);
    } finally {
      fork.mockRestore();
    }
  });

  it("counts the catalogue only when totalCount is asked for", async () => {
    const traced = await createTestApp({ LOG_LEVEL: "trace" });
    try {
      const selects = async (query: string) =>
        (await traced.queriesDuring(() => gql(traced.url, query))).filter((q) => q.startsWith("select"));
      // The page itself: a prepared statement outside the ORM on SQLite (no log line), one raw query on PostgreSQL.
      const pageQueries = onPostgres() ? 1 : 0;
      const page = await selects("{ products(first: 5) { edges { node { id } } } }");
      expect(page).toHaveLength(pageQueries);
      expect(page.filter((q) => q.includes("count("))).toHaveLength(0);
      const counted = await selects("{ products(first: 5) { edges { node { id } } totalCount } }");
      expect(counted).toHaveLength(pageQueries + 1);
      expect(counted.filter((q) => q.includes("count("))).toHaveLength(1);
    } finally {
      await traced.stop();
    }
  });
});

describe("products pagination", () => {
  it("walks the whole catalogue with first: 7 and after: endCursor, each product once and in order", async () => {
    const made = await createProducts(30);
    const expected = newestFirst(made);
    const walked: string[] = [];
    const pages: Page[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const p = await page(7, after);
      pages.push(p);
      walked.push(...idsOf(p));
      expect(p.totalCount).toBe(30);
      expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)?.cursor ?? null);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(walked).toEqual(expected);
    expect(pages.map((p) => p.edges.length)).toEqual([7, 7, 7, 7, 2]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, true, true, false]);
  });

  it("has hasNextPage false on a page that ends exactly at the last product", async () => {
    const made = await createProducts(14);
    const p1 = await page(7);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = await page(7, p1.pageInfo.endCursor);
    expect(p2.edges).toHaveLength(7);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    expect([...idsOf(p1), ...idsOf(p2)]).toEqual(newestFirst(made));
  });

  it("gives an empty page with endCursor null after the last product, and still the full totalCount", async () => {
    await createProducts(3);
    const all = await page(3);
    const empty = await page(5, all.pageInfo.endCursor);
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
    expect(empty.totalCount).toBe(3);
  });

  it("gives an empty page with endCursor null when the catalogue is empty", async () => {
    const p = await page();
    expect(p).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });
  });

  it("answers first: 0 with no edges but the totalCount, and whether there is anything to read", async () => {
    await createProducts(4);
    const p = await page(0);
    expect(p.edges).toEqual([]);
    expect(p.pageInfo).toEqual({ hasNextPage: true, endCursor: null });
    expect(p.totalCount).toBe(4);
  });

  it("accepts first: 100", async () => {
    await createProducts(3);
    expect((await page(100)).edges).toHaveLength(3);
  });

  it("refuses first: 101 and first: -1 with BAD_USER_INPUT", async () => {
    await createProducts(3);
    for (const first of [101, -1]) {
      expectRefused(await gql(app.url, PRODUCTS, { first }), "BAD_USER_INPUT", "products");
    }
    expect(await countProducts()).toBe(3);
  });

  it("refuses a cursor that is not one of ours with BAD_USER_INPUT", async () => {
    const made = await createProducts(3);
    const b64 = (text: string) => Buffer.from(text).toString("base64url");
    const garbage = [
      "nope",
      b64("junk"),
      b64("hello:world"),
      b64(`${Date.now()}:not-a-uuid`),
      b64(`not-a-time:${randomUUID()}`),
      b64(`-5:${randomUUID()}`),
      b64(`1.5:${randomUUID()}`),
      b64(`9000000000000000:${randomUUID()}`), // a safe integer, but past the last valid Date
      b64(`${Date.now()}:${randomUUID()}:extra`),
      b64(":"),
      "A".repeat(10_000),
      (await page(1)).pageInfo.endCursor + "A".repeat(300),
    ];
    for (const after of garbage) {
      const res = await gql(app.url, PRODUCTS, { first: 5, after });
      expect(codeOf(res), after.slice(0, 60)).toBe("BAD_USER_INPUT");
      expect(res.body.data ?? null).toBeNull();
    }
    expect(await countProducts()).toBe(3);
    expect(idsOf(await page())).toEqual(newestFirst(made));
  });

  it("keeps a cursor working after the product it points at is deleted", async () => {
    const made = await createProducts(5);
    const order = newestFirst(made);
    const p1 = await page(2);
    expect(idsOf(p1)).toEqual(order.slice(0, 2));
    const deleted = await gql(app.url, DELETE, { id: order[1] }, { token: admin.accessToken });
    expect(deleted.body.data?.deleteProduct).toBe(true);
    const p2 = await page(2, p1.pageInfo.endCursor);
    expect(idsOf(p2)).toEqual(order.slice(2, 4));
    expect(p2.pageInfo.hasNextPage).toBe(true);
    expect(p2.totalCount).toBe(4);
  });
});

describe("product", () => {
  it("returns the product with that id, to anyone", async () => {
    const made = await createProduct(app, { description: "A fine thing" });
    await createProduct(app);
    const res = await gql<{ product: ProductView }>(app.url, PRODUCT, { id: made.id });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.product).toEqual({
      id: made.id,
      name: made.name,
      description: "A fine thing",
      priceCents: made.priceCents,
      createdAt: made.createdAt.toISOString(),
    });
  });

  it("is null, not an error, for an unknown UUID and for a string that is not a UUID", async () => {
    await createProduct(app);
    for (const id of [randomUUID(), "not-a-uuid", "", "' OR 1=1 --"]) {
      const res = await gql(app.url, PRODUCT, { id });
      expect(res.status).toBe(200);
      expect(res.body.errors, id).toBeUndefined();
      expect(res.body.data).toEqual({ product: null });
    }
  });
});

describe("createProduct as ADMIN", () => {
  it("creates the product and returns its fields, the name trimmed", async () => {
    const res = await gql<{ createProduct: ProductView }>(
      app.url,
      CREATE,
      { input: { name: "  Blue Mug  ", description: "Holds tea", priceCents: 1299 } },
      { token: admin.accessToken },
    );
    expect(res.body.errors).toBeUndefined();
    const created = res.body.data!.createProduct;
    expect(created).toMatchObject({ name: "Blue Mug", description: "Holds tea", priceCents: 1299 });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);
    const row = await readProduct(created.id);
    expect(row).toMatchObject({ name: "Blue Mug", description: "Holds tea", priceCents: 1299 });
    expect((await gql(app.url, PRODUCT, { id: created.id })).body.data?.product).toEqual(created);
  });

  it("accepts no description, a price of 0 and a name of exactly 200 characters", async () => {
    const name = "n".repeat(200);
    const res = await gql<{ createProduct: ProductView }>(
      app.url,
      CREATE,
      { input: { name, priceCents: 0 } },
      { token: admin.accessToken },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.createProduct).toMatchObject({ name, description: null, priceCents: 0 });
    expect(await countProducts()).toBe(1);
  });

  it("refuses a bad name or price with BAD_USER_INPUT and writes nothing", async () => {
    await createProduct(app);
    const bad = [
      { name: "", priceCents: 100 },
      { name: "   ", priceCents: 100 },
      { name: "\t\n ", priceCents: 100 },
      { name: "x".repeat(201), priceCents: 100 },
      { name: "Bell\u0007", priceCents: 100 },
      { name: "Two\nlines", priceCents: 100 },
      { name: "Null\u0000byte", priceCents: 100 },
      { name: "\u200B", priceCents: 100 }, // only a zero-width space: nothing visible
      { name: "Mug", priceCents: -1 },
      ...INVISIBLE.map(([, text]) => ({ name: text, priceCents: 100 })),
      ...INVISIBLE.map(([, text]) => ({ name: "Mug", description: `A mug\n${text}`, priceCents: 100 })),
    ];
    for (const input of bad) {
      const res = await gql(app.url, CREATE, { input }, { token: admin.accessToken });
      expect(codeOf(res), JSON.stringify(input)).toBe("BAD_USER_INPUT");
      expect(res.body.data ?? null).toBeNull();
    }
    expect(await countProducts()).toBe(1);
  });
});

describe("updateProduct as ADMIN", () => {
  it("changes only the fields given", async () => {
    const made = await createProduct(app, { name: "Old", description: "Kept", priceCents: 500 });
    const res = await gql<{ updateProduct: ProductView }>(
      app.url,
      UPDATE,
      { id: made.id, input: { priceCents: 750 } },
      { token: admin.accessToken },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.updateProduct).toEqual({
      id: made.id,
      name: "Old",
      description: "Kept",
      priceCents: 750,
      createdAt: made.createdAt.toISOString(),
    });
    const renamed = await gql<{ updateProduct: ProductView }>(
      app.url,
      UPDATE,
      { id: made.id, input: { name: "  New  " } },
      { token: admin.accessToken },
    );
    expect(renamed.body.data!.updateProduct).toMatchObject({ name: "New", description: "Kept", priceCents: 750 });
    expect(await readProduct(made.id)).toMatchObject({ name: "New", description: "Kept", priceCents: 750 });
  });

  it("clears the description when given description: null", async () => {
    const made = await createProduct(app, { name: "Lamp", description: "Bright", priceCents: 900 });
    const res = await gql<{ updateProduct: ProductView }>(
      app.url,
      UPDATE,
      { id: made.id, input: { description: null } },
      { token: admin.accessToken },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.updateProduct).toMatchObject({ name: "Lamp", description: null, priceCents: 900 });
    expect((await readProduct(made.id))?.description).toBeNull();
  });

  it("refuses bad input, name: null and priceCents: null with BAD_USER_INPUT and changes nothing", async () => {
    const made = await createProduct(app, { name: "Chair", description: "Wooden", priceCents: 4000 });
    const bad = [
      { name: "" },
      { name: "   " },
      { name: "x".repeat(201) },
      { name: "Tab\u0001bed" },
      { priceCents: -1 },
      { name: null },
      { priceCents: null },
      // A valid change beside a bad one: neither is written.
      { name: "Table", priceCents: -100 },
      { description: "Fine", name: null },
    ];
    for (const input of bad) {
      const res = await gql(app.url, UPDATE, { id: made.id, input }, { token: admin.accessToken });
      expect(codeOf(res), JSON.stringify(input)).toBe("BAD_USER_INPUT");
      expect(res.body.data ?? null).toBeNull();
    }
    expect(await countProducts()).toBe(1);
    expect(await readProduct(made.id)).toMatchObject({ name: "Chair", description: "Wooden", priceCents: 4000 });
  });

  it("is NOT_FOUND for an id that does not exist", async () => {
    await createProduct(app);
    for (const id of [randomUUID(), "not-a-uuid"]) {
      const res = await gql(app.url, UPDATE, { id, input: { name: "Ghost" } }, { token: admin.accessToken });
      expectRefused(res, "NOT_FOUND", "updateProduct");
    }
    expect(await countProducts()).toBe(1);
  });
});

describe("deleteProduct as ADMIN", () => {
  it("deletes the product and returns true", async () => {
    const made = await createProduct(app);
    const kept = await createProduct(app);
    const res = await gql(app.url, DELETE, { id: made.id }, { token: admin.accessToken });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ deleteProduct: true });
    expect(await readProduct(made.id)).toBeNull();
    expect((await gql(app.url, PRODUCT, { id: made.id })).body.data).toEqual({ product: null });
    expect(idsOf(await page())).toEqual([kept.id]);
  });

  it("is NOT_FOUND for an id that does not exist, including one already deleted", async () => {
    const made = await createProduct(app);
    await createProduct(app);
    expect((await gql(app.url, DELETE, { id: made.id }, { token: admin.accessToken })).body.data?.deleteProduct).toBe(true);
    for (const id of [made.id, randomUUID(), "not-a-uuid"]) {
      expectRefused(await gql(app.url, DELETE, { id }, { token: admin.accessToken }), "NOT_FOUND", "deleteProduct");
    }
    expect(await countProducts()).toBe(1);
  });

  it("takes the product out of every cart and wishlist it was in, and the carts add up again", async () => {
    const gone = await createProduct(app, { priceCents: 1000 });
    const kept = await createProduct(app, { priceCents: 250 });
    const alice = await registerUser(app);
    const bob = await registerUser(app);
    const as = (user: Registered) => ({ token: user.accessToken });
    for (const [user, productId, quantity] of [
      [alice, gone.id, 2],
      [alice, kept.id, 3],
      [bob, gone.id, 1],
    ] as const) {
      const res = await gql(app.url, ADD_TO_CART, { productId, quantity }, as(user));
      expect(res.body.errors).toBeUndefined();
    }
    for (const [user, product] of [
      [alice, gone],
      [bob, kept],
      [bob, gone],
    ] as const) {
      const res = await gql(app.url, ADD_TO_WISHLIST, { productId: product.id }, as(user));
      expect(res.body.errors).toBeUndefined();
    }
    const cartOf = async (user: Registered) => {
      const res = await gql<{ cart: CartView }>(app.url, CART, {}, as(user));
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.cart;
    };
    const wishlistOf = async (user: Registered) => {
      const res = await gql<{ wishlist: { id: string }[] }>(app.url, WISHLIST, {}, as(user));
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.wishlist.map((p) => p.id);
    };
    expect((await cartOf(alice)).totalCents).toBe(2 * 1000 + 3 * 250);
    expect((await cartOf(bob)).totalCents).toBe(1000);
    expect(await wishlistOf(alice)).toEqual([gone.id]);
    expect(await wishlistOf(bob)).toEqual([kept.id, gone.id]);

    const res = await gql(app.url, DELETE, { id: gone.id }, { token: admin.accessToken });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ deleteProduct: true });

    expect(await cartOf(alice)).toEqual({
      items: [{ product: { id: kept.id }, quantity: 3, subtotalCents: 750 }],
      itemCount: 3,
      totalCents: 750,
    });
    expect(await cartOf(bob)).toEqual({ items: [], itemCount: 0, totalCents: 0 });
    expect(await wishlistOf(alice)).toEqual([]);
    expect(await wishlistOf(bob)).toEqual([kept.id]);
  });
});

describe("product mutations without the ADMIN role", () => {
  const attempts = (id: string) =>
    [
      ["createProduct", CREATE, { input: { name: "Sneaky", priceCents: 1 } }],
      ["updateProduct", UPDATE, { id, input: { name: "Sneaky", priceCents: 1 } }],
      ["deleteProduct", DELETE, { id }],
    ] as const;

  it("are FORBIDDEN to a signed-in USER and write nothing", async () => {
    const made = await createProduct(app, { name: "Original", priceCents: 300 });
    const user = await registerUser(app);
    for (const [field, query, variables] of attempts(made.id)) {
      expectRefused(await gql(app.url, query, variables, { token: user.accessToken }), "FORBIDDEN", field);
    }
    expect(await countProducts()).toBe(1);
    expect(await readProduct(made.id)).toMatchObject({ name: "Original", priceCents: 300 });
  });

  it("are UNAUTHENTICATED without a token and write nothing", async () => {
    const made = await createProduct(app, { name: "Original", priceCents: 300 });
    for (const [field, query, variables] of attempts(made.id)) {
      expectRefused(await gql(app.url, query, variables), "UNAUTHENTICATED", field);
    }
    expect(await countProducts()).toBe(1);
    expect(await readProduct(made.id)).toMatchObject({ name: "Original", priceCents: 300 });
  });
});

describe("role changes", () => {
  const create = (token: string, name: string) => gql(app.url, CREATE, { input: { name, priceCents: 100 } }, { token });

  it("take effect on the next request: a demoted ADMIN's still valid token can no longer createProduct", async () => {
    const demoted = await createAdmin(app);
    expect((await create(demoted.accessToken, "Before")).body.errors).toBeUndefined();
    await app.orm.em.fork().nativeUpdate(User, { id: demoted.user.id }, { role: Role.USER });
    const res = await create(demoted.accessToken, "After");
    expect(res.status).toBe(200);
    expect(codeOf(res)).toBe("FORBIDDEN");
    expect(await countProducts()).toBe(1);
    // The token itself is still good for what a USER may do.
    expect((await gql(app.url, CART, {}, { token: demoted.accessToken })).body.errors).toBeUndefined();
  });

  it("take effect on the next request: a promoted USER can createProduct with its old token", async () => {
    const promoted = await registerUser(app);
    expect(codeOf(await create(promoted.accessToken, "Before"))).toBe("FORBIDDEN");
    await app.orm.em.fork().nativeUpdate(User, { id: promoted.user.id }, { role: Role.ADMIN });
    const res = await create(promoted.accessToken, "After");
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.createProduct).toMatchObject({ name: "After", priceCents: 100 });
    expect(await countProducts()).toBe(1);
  });
});
