import { BadUserInputError } from "../lib/errors.js";
import { GRAPHQL_INT_MAX } from "../lib/graphql-int.js";
import { codePointLength, hasForbiddenCharacters } from "../lib/text.js";

export const PRODUCT_NAME_MAX = 200;
export const PRODUCT_DESCRIPTION_MAX = 5000;

export function validateProductName(name: string): string {
  const trimmed = name.length > PRODUCT_NAME_MAX * 16 ? name : name.trim();
  // Invisible characters alone (a zero-width space) are no name either.
  if (!/[\p{L}\p{N}\p{S}\p{P}]/u.test(trimmed)) throw new BadUserInputError("Name must not be empty", "name");
  if (codePointLength(trimmed) > PRODUCT_NAME_MAX) {
    throw new BadUserInputError(`Name must be at most ${PRODUCT_NAME_MAX} characters`, "name");
  }
  if (hasForbiddenCharacters(trimmed)) throw new BadUserInputError("Name must not contain control or invisible characters", "name");
  return trimmed;
}

/** Optional: trimmed, at most 5000 characters; "" is none. */
export function validateProductDescription(description: string | null | undefined): string | null {
  if (description === null || description === undefined) return null;
  const trimmed = description.length > PRODUCT_DESCRIPTION_MAX * 16 ? description : description.trim();
  if (codePointLength(trimmed) > PRODUCT_DESCRIPTION_MAX) {
    throw new BadUserInputError(`Description must be at most ${PRODUCT_DESCRIPTION_MAX} characters`, "description");
  }
  if (hasForbiddenCharacters(trimmed, { multiline: true })) {
    throw new BadUserInputError("Description must not contain control or invisible characters", "description");
  }
  return trimmed === "" ? null : trimmed;
}

export function validatePriceCents(priceCents: number): number {
  if (!Number.isSafeInteger(priceCents) || priceCents < 0 || priceCents > GRAPHQL_INT_MAX) {
    throw new BadUserInputError("Price must be a whole number of cents, 0 or more", "priceCents");
  }
  return priceCents;
}
