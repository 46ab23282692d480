import { UniqueConstraintViolationException, type EntityManager } from "@mikro-orm/core";
import { CartItem, User } from "../entities/index.js";
import { BadUserInputError } from "../errors.js";
import { getProduct } from "./products.js";

/** A user's cart: one line per product, 1 to 99 of each. Every read is one query. */

export const MAX_QUANTITY = 99;

export interface Cart {
  items: CartItem[];
  itemCount: number;
  totalCents: number;
}

export async function getCart(em: EntityManager, userId: string): Promise<Cart> {
  const items = await em.find(
    CartItem,
    { user: userId },
    { populate: ["product"], orderBy: { createdAt: "asc", id: "asc" } },
  );
  return {
    items,
    itemCount: items.reduce((sum, item) => sum + item.quantity, 0),
    totalCents: items.reduce((sum, item) => sum + item.subtotalCents, 0),
  };
}

/** Adds `quantity` (1..99) of a product, to its existing line if there is one (at most 99 a line). */
export async function addToCart(em: EntityManager, userId: string, productId: string, quantity: number): Promise<Cart> {
  checkQuantity(quantity, 1);
  await retryOnRace(() =>
    em.transactional(async (tx) => {
      const product = await getProduct(tx, productId);
      const line = await tx.findOne(CartItem, { user: userId, product });
      const total = (line?.quantity ?? 0) + quantity;
      if (total > MAX_QUANTITY) {
        throw new BadUserInputError(`At most ${MAX_QUANTITY} of a product per cart`, "quantity");
      }
      if (line) line.quantity = total;
      else tx.create(CartItem, { user: tx.getReference(User, userId), product, quantity });
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
      const line = await tx.findOne(CartItem, { user: userId, product });
      if (quantity === 0) {
        if (line) tx.remove(line);
      } else if (line) {
        line.quantity = quantity;
      } else {
        tx.create(CartItem, { user: tx.getReference(User, userId), product, quantity });
      }
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
  return { items: [], itemCount: 0, totalCents: 0 };
}

function checkQuantity(quantity: number, min: number): void {
  if (!Number.isInteger(quantity) || quantity < min || quantity > MAX_QUANTITY) {
    throw new BadUserInputError(`Quantity must be from ${min} to ${MAX_QUANTITY}`, "quantity");
  }
}

/** Two requests adding the same new product at once: the loser's insert hits the unique key; once more finds the line. */
async function retryOnRace(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    await work();
  }
}
