import type { EntityManager } from "@mikro-orm/core";
import { Product } from "../entities/index.js";
import { BadUserInputError, NotFoundError } from "../lib/errors.js";
import { isUuid } from "../lib/ids.js";
import type { Page } from "../db/keyset-page.js";
import { validatePriceCents, validateProductDescription, validateProductName } from "./product-validation.js";

/** The catalogue: public reads (its pages: catalogue.ts), ADMIN writes. */

export { PAGE_SIZE_DEFAULT } from "../db/keyset-page.js";
export type ProductPage = Page<Product>;

export interface ProductInput {
  name?: string | null;
  description?: string | null;
  priceCents?: number | null;
}

/** How many products there are: a query of its own, run only when a page's `totalCount` is asked for. */
export function countProducts(em: EntityManager): Promise<number> {
  return em.count(Product);
}

export function findProduct(em: EntityManager, id: string): Promise<Product | null> {
  return isUuid(id) ? em.findOne(Product, { id }) : Promise.resolve(null);
}

export async function getProduct(em: EntityManager, id: string): Promise<Product> {
  const product = await findProduct(em, id);
  if (!product) throw new NotFoundError("Product not found");
  return product;
}

export async function createProduct(
  em: EntityManager,
  input: { name: string; description?: string | null; priceCents: number },
): Promise<Product> {
  const product = em.create(Product, {
    name: validateProductName(input.name),
    description: validateProductDescription(input.description),
    priceCents: validatePriceCents(input.priceCents),
  });
  await em.flush();
  return product;
}

/** Changes the fields given; `description: null` clears it, `name`/`priceCents` cannot be null. */
export async function updateProduct(em: EntityManager, id: string, input: ProductInput): Promise<Product> {
  if (input.name === null) throw new BadUserInputError("Name must not be empty", "name");
  if (input.priceCents === null) throw new BadUserInputError("Price must be a whole number of cents, 0 or more", "priceCents");
  const name = input.name === undefined ? undefined : validateProductName(input.name);
  const description = input.description === undefined ? undefined : validateProductDescription(input.description);
  const priceCents = input.priceCents === undefined ? undefined : validatePriceCents(input.priceCents);
  const product = await getProduct(em, id);
  if (name !== undefined) product.name = name;
  if (description !== undefined) product.description = description;
  if (priceCents !== undefined) product.priceCents = priceCents;
  await em.flush();
  return product;
}

/** Deletes the product; its cart lines and wishlist entries go with it (ON DELETE CASCADE). */
export async function deleteProduct(em: EntityManager, id: string): Promise<void> {
  const deleted = isUuid(id) ? await em.nativeDelete(Product, { id }) : 0;
  if (deleted === 0) throw new NotFoundError("Product not found");
}
