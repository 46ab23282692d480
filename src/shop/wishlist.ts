import { randomUUID } from "node:crypto";
import type { EntityManager } from "@mikro-orm/core";
import { type Product, User, WishlistItem } from "../entities/index.js";
import { getProduct } from "./products.js";

/** A user's wishlist: each product at most once, oldest first. Every read is one query. */

export async function getWishlist(em: EntityManager, userId: string): Promise<Product[]> {
  const items = await em.find(
    WishlistItem,
    { user: userId },
    { populate: ["product"], orderBy: { createdAt: "asc", id: "asc" } },
  );
  return items.map((item) => item.product);
}

/** Idempotent: adding a product already there changes nothing. */
export async function addToWishlist(em: EntityManager, userId: string, productId: string): Promise<Product[]> {
  const product = await getProduct(em, productId);
  // INSERT ... ON CONFLICT DO NOTHING: idempotent even for two requests at once.
  await em.upsert(
    WishlistItem,
    // upsert takes plain data: the entity's own defaults do not apply, so give them here.
    { id: randomUUID(), user: em.getReference(User, userId), product, createdAt: new Date() },
    { onConflictFields: ["user", "product"], onConflictAction: "ignore" },
  );
  return getWishlist(em, userId);
}

/** Idempotent: removing a product that is not there changes nothing. */
export async function removeFromWishlist(em: EntityManager, userId: string, productId: string): Promise<Product[]> {
  const product = await getProduct(em, productId);
  await em.nativeDelete(WishlistItem, { user: userId, product });
  return getWishlist(em, userId);
}
