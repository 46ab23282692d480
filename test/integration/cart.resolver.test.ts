import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CartItem, Product, WishlistItem } from "../../src/entities/index.js";
import { createProduct, registerUser } from "../helpers/factories.js";
import { codeOf, gql } from "../helpers/gql.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

const CART_FIELDS = `items { product { id name priceCents } quantity subtotalCents } itemCount totalCents`;
const CART = `{ cart { ${CART_FIELDS} } }`;
const ADD_ONE = `mutation($p: ID!) { addToCart(productId: $p) { ${CART_FIELDS} } }`;
const ADD = `mutation($p: ID!, $q: Int!) { addToCart(productId: $p, quantity: $q) { ${CART_FIELDS} } }`;
const SET = `mutation($p: ID!, $q: Int!) { setCartItemQuantity(productId: $p, quantity: $q) { ${CART_FIELDS} } }`;
const REMOVE = `mutation($p: ID!) { removeFromCart(productId: $p) { ${CART_FIELDS} } }`;
const CLEAR = `mutation { clearCart { ${CART_FIELDS} } }`;
const WISHLIST = `{ wishlist { id name } }`;
const WISH_ADD = `mutation($p: ID!) { addToWishlist(productId: $p) { id name } }`;
const WISH_REMOVE = `mutation($p: ID!) { removeFromWishlist(productId: $p) { id name } }`;

interface CartView {
  items: { product: { id: string; name: string; priceCents: number }; quantity: number; subtotalCents: number }[];
  itemCount: number;
  totalCents: number;
}

const cartOf = async (token: string): Promise<CartView> => (await gql(app.url, CART, {}, { token })).body.data?.cart;
const wishlistOf = async (token: string): Promise<string[]> =>
  ((await gql(app.url, WISHLIST, {}, { token })).body.data?.wishlist ?? []).map((p: { id: string }) => p.id);
/** [productId, quantity] per line, in the order the API returns them. */
const linesOf = (cart: CartView) => cart.items.map((item) => [item.product.id, item.quantity]);
const add = (token: string, productId: string, quantity: number) => gql(app.url, ADD, { p: productId, q: quantity }, { token });
const setQuantity = (token: string, productId: string, quantity: number) =>
  gql(app.url, SET, { p: productId, q: quantity }, { token });

describe("cart", () => {
  it("is empty for a new user, with itemCount 0 and totalCents 0", async () => {
    const { accessToken } = await registerUser(app);
    expect(await cartOf(accessToken)).toEqual({ items: [], itemCount: 0, totalCents: 0 });
  });

  it("adds one by default, and adding the same product again grows its one line", async () => {
    const { accessToken } = await registerUser(app);
    const product = await createProduct(app, { priceCents: 250 });
    const first = (await gql(app.url, ADD_ONE, { p: product.id }, { token: accessToken })).body.data?.addToCart;
    expect(linesOf(first)).toEqual([[product.id, 1]]);
    const second = (await add(accessToken, product.id, 3)).body.data?.addToCart;
    expect(linesOf(second)).toEqual([[product.id, 4]]);
    expect(second).toMatchObject({ itemCount: 4, totalCents: 1000 });
    expect(second.items[0].subtotalCents).toBe(1000);
  });

  it("sums quantities into itemCount and priceCents × quantity into subtotals and totalCents, lines in the order added", async () => {
    const { accessToken } = await registerUser(app);
    const a = await createProduct(app, { priceCents: 199 });
    const b = await createProduct(app, { priceCents: 1000 });
    const c = await createProduct(app, { priceCents: 0 });
    // Added newest product first: the cart keeps the order of adding, not the catalogue's.
    await add(accessToken, c.id, 5);
    await add(accessToken, a.id, 3);
    await add(accessToken, b.id, 2);
    await add(accessToken, c.id, 1);
    const cart = await cartOf(accessToken);
    expect(linesOf(cart)).toEqual([
      [c.id, 6],
      [a.id, 3],
      [b.id, 2],
    ]);
    expect(cart.items.map((item) => item.subtotalCents)).toEqual([0, 597, 2000]);
    expect(cart.itemCount).toBe(11);
    expect(cart.totalCents).toBe(2597);
  });

  it("stays readable and fixable when a price rise takes its total past GraphQL's Int", async () => {
    const { accessToken } = await registerUser(app);
    const a = await createProduct(app, { priceCents: 1_500_000_000 });
    const b = await createProduct(app, { priceCents: 600_000_000 });
    await add(accessToken, a.id, 1);
    await add(accessToken, b.id, 1);
    // The price of A goes up after it was added: the total is now 2 600 000 000 cents.
    await app.orm.em.fork().nativeUpdate(Product, { id: a.id }, { priceCents: 2_000_000_000 });
    const EXACT = `{ cart { items { product { id } quantity subtotalCents subtotalCentsExact } itemCount totalCents totalCentsExact } }`;
    const read = await gql(app.url, EXACT, {}, { token: accessToken });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data?.cart).toMatchObject({ itemCount: 2, totalCents: 2_147_483_647, totalCentsExact: 2_600_000_000 });
    expect(read.body.data?.cart.items[0]).toMatchObject({ subtotalCents: 2_000_000_000, subtotalCentsExact: 2_000_000_000 });
    // Anything that would raise it further is refused; what lowers it or keeps it is not.
    expect(codeOf(await add(accessToken, b.id, 1))).toBe("BAD_USER_INPUT");
    expect(codeOf(await setQuantity(accessToken, a.id, 2))).toBe("BAD_USER_INPUT");
    expect((await setQuantity(accessToken, b.id, 1)).body.errors).toBeUndefined();
    const fixed = await gql(app.url, REMOVE, { p: b.id }, { token: accessToken });
    expect(fixed.body.errors).toBeUndefined();
    expect(fixed.body.data?.removeFromCart).toMatchObject({ itemCount: 1, totalCents: 2_000_000_000 });
  });

  it("refuses a quantity of 0, -1 or 100 with BAD_USER_INPUT and leaves the cart alone", async () => {
    const { accessToken } = await registerUser(app);
    const product = await createProduct(app);
    for (const quantity of [0, -1, 100]) {
      const res = await add(accessToken, product.id, quantity);
      expect(codeOf(res), `quantity ${quantity}`).toBe("BAD_USER_INPUT");
      expect(res.body.data).toBeNull();
    }
    expect((await cartOf(accessToken)).items).toEqual([]);
  });

  it("refuses an add that would take a line over 99 and keeps the line as it was", async () => {
    const { accessToken } = await registerUser(app);
    const product = await createProduct(app);
    await add(accessToken, product.id, 60);
    expect(codeOf(await add(accessToken, product.id, 40))).toBe("BAD_USER_INPUT");
    expect(linesOf(await cartOf(accessToken))).toEqual([[product.id, 60]]);
  });

  it("allows exactly 99 of a product, at once or in steps", async () => {
    const { accessToken } = await registerUser(app);
    const once = await createProduct(app);
    const steps = await createProduct(app);
    expect(linesOf((await add(accessToken, once.id, 99)).body.data?.addToCart)).toEqual([[once.id, 99]]);
    await add(accessToken, steps.id, 60);
    const res = await add(accessToken, steps.id, 39);
    expect(res.body.errors).toBeUndefined();
    expect(linesOf(res.body.data?.addToCart)).toEqual([
      [once.id, 99],
      [steps.id, 99],
    ]);
    expect(codeOf(await add(accessToken, steps.id, 1))).toBe("BAD_USER_INPUT");
  });

  it("ends with one line of quantity 5 after five simultaneous adds of one new product", async () => {
    const { accessToken } = await registerUser(app);
    const product = await createProduct(app);
    const results = await Promise.all(Array.from({ length: 5 }, () => add(accessToken, product.id, 1)));
    for (const res of results) expect(res.body.errors).toBeUndefined();
    expect(linesOf(await cartOf(accessToken))).toEqual([[product.id, 5]]);
  });
});

describe("setCartItemQuantity", () => {
  it("sets a line's quantity anywhere from 1 to 99", async () => {
    const { accessToken } = await registerUser(app);
    const product = await createProduct(app, { priceCents: 300 });
    await add(accessToken, product.id, 5);
    for (const quantity of [1, 42, 99]) {
      const cart = (await setQuantity(accessToken, product.id, quantity)).body.data?.setCartItemQuantity;
      expect(linesOf(cart)).toEqual([[product.id, quantity]]);
      expect(cart).toMatchObject({ itemCount: quantity, totalCents: 300 * quantity });
    }
  });

  it("removes the line at 0 and keeps the others", async () => {
    const { accessToken } = await registerUser(app);
    const kept = await createProduct(app);
    const dropped = await createProduct(app);
    await add(accessToken, kept.id, 2);
    await add(accessToken, dropped.id, 3);
    const cart = (await setQuantity(accessToken, dropped.id, 0)).body.data?.setCartItemQuantity;
    expect(linesOf(cart)).toEqual([[kept.id, 2]]);
    expect(cart.itemCount).toBe(2);
  });

  it("refuses 100 and -1 with BAD_USER_INPUT and keeps the line", async () => {
    const { accessToken } = await registerUser(app);
    const product = await createProduct(app);
    await add(accessToken, product.id, 7);
    for (const quantity of [100, -1]) {
      expect(codeOf(await setQuantity(accessToken, product.id, quantity)), `quantity ${quantity}`).toBe("BAD_USER_INPUT");
    }
    expect(linesOf(await cartOf(accessToken))).toEqual([[product.id, 7]]);
  });

  it("creates the line for a product not yet in the cart", async () => {
    const { accessToken } = await registerUser(app);
    const product = await createProduct(app);
    const cart = (await setQuantity(accessToken, product.id, 4)).body.data?.setCartItemQuantity;
    expect(linesOf(cart)).toEqual([[product.id, 4]]);
  });

  it("does nothing at 0 for a product not in the cart", async () => {
    const { accessToken } = await registerUser(app);
    const inCart = await createProduct(app);
    const other = await createProduct(app);
    await add(accessToken, inCart.id, 2);
    const res = await setQuantity(accessToken, other.id, 0);
    expect(res.body.errors).toBeUndefined();
    expect(linesOf(res.body.data?.setCartItemQuantity)).toEqual([[inCart.id, 2]]);
  });
});

describe("removeFromCart and clearCart", () => {
  it("removeFromCart removes the product's line and keeps the others", async () => {
    const { accessToken } = await registerUser(app);
    const kept = await createProduct(app);
    const removed = await createProduct(app);
    await add(accessToken, removed.id, 3);
    await add(accessToken, kept.id, 1);
    const cart = (await gql(app.url, REMOVE, { p: removed.id }, { token: accessToken })).body.data?.removeFromCart;
    expect(linesOf(cart)).toEqual([[kept.id, 1]]);
    expect(linesOf(await cartOf(accessToken))).toEqual([[kept.id, 1]]);
  });

  it("removeFromCart does nothing for a product not in the cart", async () => {
    const { accessToken } = await registerUser(app);
    const inCart = await createProduct(app);
    const other = await createProduct(app);
    await add(accessToken, inCart.id, 2);
    const res = await gql(app.url, REMOVE, { p: other.id }, { token: accessToken });
    expect(res.body.errors).toBeUndefined();
    expect(linesOf(res.body.data?.removeFromCart)).toEqual([[inCart.id, 2]]);
  });

  it("clearCart empties the cart", async () => {
    const { accessToken } = await registerUser(app);
    await add(accessToken, (await createProduct(app)).id, 2);
    await add(accessToken, (await createProduct(app)).id, 5);
    const cleared = (await gql(app.url, CLEAR, {}, { token: accessToken })).body.data?.clearCart;
    expect(cleared).toEqual({ items: [], itemCount: 0, totalCents: 0 });
    expect(await cartOf(accessToken)).toEqual({ items: [], itemCount: 0, totalCents: 0 });
  });
});

describe("wishlist", () => {
  it("addToWishlist returns the list with the product", async () => {
    const { accessToken } = await registerUser(app);
    const product = await createProduct(app, { name: "Teapot" });
    const res = await gql(app.url, WISH_ADD, { p: product.id }, { token: accessToken });
    expect(res.body.data?.addToWishlist).toEqual([{ id: product.id, name: "Teapot" }]);
    expect(await wishlistOf(accessToken)).toEqual([product.id]);
  });

  it("keeps a product once when it is added twice", async () => {
    const { accessToken } = await registerUser(app);
    const product = await createProduct(app);
    await gql(app.url, WISH_ADD, { p: product.id }, { token: accessToken });
    const second = await gql(app.url, WISH_ADD, { p: product.id }, { token: accessToken });
    expect(second.body.errors).toBeUndefined();
    expect(second.body.data?.addToWishlist.map((p: { id: string }) => p.id)).toEqual([product.id]);
    expect(await wishlistOf(accessToken)).toEqual([product.id]);
  });

  it("keeps a product once when two adds of it arrive at the same time, and both succeed", async () => {
    const { accessToken } = await registerUser(app);
    const product = await createProduct(app);
    const results = await Promise.all([0, 1].map(() => gql(app.url, WISH_ADD, { p: product.id }, { token: accessToken })));
    for (const res of results) {
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data?.addToWishlist.map((p: { id: string }) => p.id)).toEqual([product.id]);
    }
    expect(await wishlistOf(accessToken)).toEqual([product.id]);
  });

  it("removeFromWishlist removes the product, and removing it again changes nothing", async () => {
    const { accessToken } = await registerUser(app);
    const kept = await createProduct(app);
    const removed = await createProduct(app);
    await gql(app.url, WISH_ADD, { p: kept.id }, { token: accessToken });
    await gql(app.url, WISH_ADD, { p: removed.id }, { token: accessToken });
    for (let i = 0; i < 2; i++) {
      const res = await gql(app.url, WISH_REMOVE, { p: removed.id }, { token: accessToken });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data?.removeFromWishlist.map((p: { id: string }) => p.id)).toEqual([kept.id]);
    }
    expect(await wishlistOf(accessToken)).toEqual([kept.id]);
  });

  it("lists products oldest added first", async () => {
    const { accessToken } = await registerUser(app);
    const products = [await createProduct(app), await createProduct(app), await createProduct(app)];
    // Added in an order unlike the catalogue's (newest product first).
    const order = [products[2]!, products[0]!, products[1]!].map((p) => p.id);
    for (const id of order) await gql(app.url, WISH_ADD, { p: id }, { token: accessToken });
    expect(await wishlistOf(accessToken)).toEqual(order);
  });
});

describe("unknown products", () => {
  const unknownIds = [randomUUID(), "not-a-uuid"];
  const operations: [string, string, Record<string, unknown>][] = [
    ["addToCart", ADD, { q: 1 }],
    ["setCartItemQuantity", SET, { q: 3 }],
    ["removeFromCart", REMOVE, {}],
    ["addToWishlist", WISH_ADD, {}],
    ["removeFromWishlist", WISH_REMOVE, {}],
  ];

  it("are NOT_FOUND for every cart and wishlist mutation, and nothing is written", async () => {
    const reg = await registerUser(app);
    for (const [name, query, extra] of operations) {
      for (const id of unknownIds) {
        const res = await gql(app.url, query, { p: id, ...extra }, { token: reg.accessToken });
        expect(codeOf(res), `${name}(${id})`).toBe("NOT_FOUND");
        expect(res.body.data, `${name}(${id})`).toBeNull();
      }
    }
    const em = app.orm.em.fork();
    expect(await em.count(CartItem, { user: reg.user.id })).toBe(0);
    expect(await em.count(WishlistItem, { user: reg.user.id })).toBe(0);
  });
});

describe("ownership", () => {
  it("A's cart and wishlist mutations never change B's, and A never sees B's lines", async () => {
    const a = await registerUser(app);
    const b = await registerUser(app);
    const shared = await createProduct(app);
    const bOnly = await createProduct(app);
    const aOnly = await createProduct(app);
    await add(b.accessToken, shared.id, 4);
    await add(b.accessToken, bOnly.id, 2);
    for (const id of [shared.id, bOnly.id]) await gql(app.url, WISH_ADD, { p: id }, { token: b.accessToken });
    const bCart = await cartOf(b.accessToken);
    const bWishlist = await wishlistOf(b.accessToken);

    // A empty: sees nothing of B's.
    expect((await cartOf(a.accessToken)).items).toEqual([]);
    expect(await wishlistOf(a.accessToken)).toEqual([]);

    const asA = (query: string, variables: Record<string, unknown> = {}) =>
      gql(app.url, query, variables, { token: a.accessToken });
    const addRes = await asA(ADD, { p: shared.id, q: 1 });
    expect(linesOf(addRes.body.data?.addToCart)).toEqual([[shared.id, 1]]);
    await asA(ADD, { p: aOnly.id, q: 1 });
    await asA(SET, { p: shared.id, q: 9 });
    await asA(SET, { p: bOnly.id, q: 0 });
    await asA(REMOVE, { p: bOnly.id });
    expect(linesOf(await cartOf(a.accessToken))).toEqual([
      [shared.id, 9],
      [aOnly.id, 1],
    ]);
    await asA(REMOVE, { p: shared.id });
    await asA(WISH_ADD, { p: shared.id });
    expect(await wishlistOf(a.accessToken)).toEqual([shared.id]);
    await asA(WISH_REMOVE, { p: shared.id });
    await asA(WISH_REMOVE, { p: bOnly.id });
    await asA(CLEAR);

    expect(await cartOf(a.accessToken)).toEqual({ items: [], itemCount: 0, totalCents: 0 });
    expect(await wishlistOf(a.accessToken)).toEqual([]);
    expect(await cartOf(b.accessToken)).toEqual(bCart);
    expect(await wishlistOf(b.accessToken)).toEqual(bWishlist);
    expect(linesOf(bCart)).toEqual([
      [shared.id, 4],
      [bOnly.id, 2],
    ]);
  });
});

describe("without a token", () => {
  it("every cart and wishlist operation is UNAUTHENTICATED", async () => {
    const p = (await createProduct(app)).id;
    const operations: [string, string, Record<string, unknown>][] = [
      ["cart", CART, {}],
      ["addToCart", ADD, { p, q: 1 }],
      ["setCartItemQuantity", SET, { p, q: 1 }],
      ["removeFromCart", REMOVE, { p }],
      ["clearCart", CLEAR, {}],
      ["wishlist", WISHLIST, {}],
      ["addToWishlist", WISH_ADD, { p }],
      ["removeFromWishlist", WISH_REMOVE, { p }],
    ];
    for (const [name, query, variables] of operations) {
      const res = await gql(app.url, query, variables);
      expect(res.status, name).toBe(200);
      expect(codeOf(res), name).toBe("UNAUTHENTICATED");
      expect(res.body.data, name).toBeNull();
    }
    const em = app.orm.em.fork();
    expect(await em.count(CartItem, { product: p })).toBe(0);
    expect(await em.count(WishlistItem, { product: p })).toBe(0);
  });
});

describe("SQL", () => {
  let traced: TestApp;
  beforeAll(async () => {
    traced = await createTestApp({ LOG_LEVEL: "trace" });
  });
  afterAll(() => traced.stop());

  /** A user with `lines` products in the cart and on the wishlist. */
  async function userWith(lines: number): Promise<string> {
    const { accessToken } = await registerUser(traced);
    for (let i = 0; i < lines; i++) {
      const product = await createProduct(traced);
      await gql(traced.url, ADD, { p: product.id, q: i + 1 }, { token: accessToken });
      await gql(traced.url, WISH_ADD, { p: product.id }, { token: accessToken });
    }
    return accessToken;
  }

  /** How many statements one request runs; fails if the request itself failed. */
  async function statementsFor(query: string, token: string, expectLength: number): Promise<number> {
    let body: any;
    const sql = await traced.queriesDuring(async () => {
      body = (await gql(traced.url, query, {}, { token })).body;
    });
    expect(body.errors).toBeUndefined();
    const data = body.data.cart?.items ?? body.data.wishlist;
    expect(data).toHaveLength(expectLength);
    return sql.length;
  }

  it("reads a cart in as many statements for 10 lines as for 1 (no N+1)", async () => {
    const query = `{ cart { items { product { id name } quantity subtotalCents } itemCount totalCents } }`;
    const one = await statementsFor(query, await userWith(1), 1);
    const ten = await statementsFor(query, await userWith(10), 10);
    console.info(`cart: ${one} SQL statements for 1 line, ${ten} for 10 lines`);
    expect(ten, `cart SQL statements: 1 line ${one}, 10 lines ${ten}`).toBe(one);
  });

  it("reads a wishlist in as many statements for 10 products as for 1 (no N+1)", async () => {
    const query = `{ wishlist { id name } }`;
    const one = await statementsFor(query, await userWith(1), 1);
    const ten = await statementsFor(query, await userWith(10), 10);
    console.info(`wishlist: ${one} SQL statements for 1 product, ${ten} for 10 products`);
    expect(ten, `wishlist SQL statements: 1 product ${one}, 10 products ${ten}`).toBe(one);
  });

  it("an addToCart writes only cart rows: no update of products, users or sessions", async () => {
    const { accessToken } = await registerUser(traced);
    const product = await createProduct(traced);
    for (const label of ["new line", "existing line"]) {
      let body: any;
      const sql = await traced.queriesDuring(async () => {
        body = (await gql(traced.url, ADD, { p: product.id, q: 2 }, { token: accessToken })).body;
      });
      expect(body.errors, label).toBeUndefined();
      expect(sql.some((q) => /^(insert into|update) cart_items/.test(q)), label).toBe(true);
      const forbidden = sql.filter((q) => /^update (products|users|sessions)\b/i.test(q));
      expect(forbidden, label).toEqual([]);
    }
  });
});
