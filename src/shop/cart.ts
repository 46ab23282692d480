import { UniqueConstraintViolationException, raw, type EntityManager } from "@mikro-orm/core";
import { CartItem, User } from "../entities/index.js";
import { BadUserInputError } from "../lib/errors.js";
import { GRAPHQL_INT_MAX } from "../lib/graphql-int.js";
import { getProduct } from "./products.js";

/** A user's cart: one line per product, 1 to 99 of each. Every read is one query. */

export const MAX_QUANTITY = 99;

export interface Cart {
  items: CartItem[];
  itemCount: number;
  /** The exact total (a safe integer); the API's Int field shows it capped at GRAPHQL_INT_MAX. */
  totalCentsExact: number;
  totalCents: number;
}

/**
 * The cart as it is, always readable: a price raised after the items were added can take
 * its total past GraphQL's Int, and its owner must still be able to see and fix it.
 */
export async function getCart(em: EntityManager, userId: string): Promise<Cart> {
  const items = await em.find(
    CartItem,
    { user: userId },
    { populate: ["product"], orderBy: { createdAt: "asc", id: "asc" } },
  );
  const total = items.reduce((sum, item) => sum + item.subtotalCentsExact, 0);
  return {
    items,
    itemCount: items.reduce((sum, item) => sum + item.quantity, 0),
    totalCentsExact: total,
    totalCents: Math.min(total, GRAPHQL_INT_MAX),
  };
}

/**
 * Inside a change's transaction: refuses (and so rolls back) a change that takes the total
 * past GraphQL's Int. A change that lowers a total already past it is always allowed.
 */
async function checkTotal(tx: EntityManager, userId: string, before: number): Promise<void> {
  await tx.flush();
  const after = (await getCart(tx, userId)).totalCentsExact;
  if (after > GRAPHQL_INT_MAX && after > before) {
    throw new BadUserInputError("That would make the cart total too large", "quantity");
  }
}

/** Adds `quantity` (1..99) of a product, to its existing line if there is one (at most 99 a line). */
export async function addToCart(em: EntityManager, userId: string, productId: string, quantity: number): Promise<Cart> {
  checkQuantity(quantity, 1);
  await retryOnRace(() =>
    em.transactional(async (tx) => {
      const product = await getProduct(tx, productId);
      // One atomic increment, so simultaneous adds on PostgreSQL never lose one another.
      const added = await tx.nativeUpdate(
        CartItem,
        { user: userId, product, quantity: { $lte: MAX_QUANTITY - quantity } },
        { quantity: raw("quantity + ?", [quantity]) },
      );
      if (added === 0) {
        const line = await tx.findOne(CartItem, { user: userId, product });
        if (line && line.quantity + quantity > MAX_QUANTITY) {
          throw new BadUserInputError(`At most ${MAX_QUANTITY} of a product per cart`, "quantity");
        }
        // A line that appeared since the update (another request's insert): start again.
        if (line) throw new LostRace();
        tx.create(CartItem, { user: tx.getReference(User, userId), product, quantity });
      }
      // An add never lowers the total: any total past the limit is refused.
      await checkTotal(tx, userId, GRAPHQL_INT_MAX);
    }),
  );
  return getCart(em, userId);
}

/** Sets the quantity of a product's line (0..99); 0 removes it. */
export async function setCartItemQuantity(
  em: EntityManager,
  userId: string,
  productId: string,
  quantity: number,
): Promise<Cart> {
  checkQuantity(quantity, 0);
  await retryOnRace(() =>
    em.transactional(async (tx) => {
      const product = await getProduct(tx, productId);
      if (quantity === 0) {
        await tx.nativeDelete(CartItem, { user: userId, product });
        return;
      }
      const before = (await getCart(tx, userId)).totalCentsExact;
      const set = await tx.nativeUpdate(CartItem, { user: userId, product }, { quantity });
      if (set === 0) tx.create(CartItem, { user: tx.getReference(User, userId), product, quantity });
      await checkTotal(tx, userId, before);
    }),
  );
  return getCart(em, userId);
}

export async function removeFromCart(em: EntityManager, userId: string, productId: string): Promise<Cart> {
  const product = await getProduct(em, productId);
  await em.nativeDelete(CartItem, { user: userId, product });
  return getCart(em, userId);
}

export async function clearCart(em: EntityManager, userId: string): Promise<Cart> {
  await em.nativeDelete(CartItem, { user: userId });
  return { items: [], itemCount: 0, totalCentsExact: 0, totalCents: 0 };
}

function checkQuantity(quantity: number, min: number): void {
  if (!Number.isInteger(quantity) || quantity < min || quantity > MAX_QUANTITY) {
    throw new BadUserInputError(`Quantity must be from ${min} to ${MAX_QUANTITY}`, "quantity");
  }
}

class LostRace extends Error {}

/**
 * Requests adding the same new product at once: a loser's insert hits the unique key, or
 * its update missed a line inserted meanwhile. Running again finds the line.
 */
async function retryOnRace(work: () => Promise<void>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const lost = error instanceof UniqueConstraintViolationException || error instanceof LostRace;
      if (!lost || attempt >= attempts) throw error;
    }
  }
}
