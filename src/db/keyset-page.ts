import type { EntityManager, EntityName, FilterQuery } from "@mikro-orm/core";
import { decodeCursor, encodeCursor } from "../lib/cursor.js";
import { BadUserInputError } from "../lib/errors.js";

/** A page of a Relay connection: edges with opaque cursors, and whether more follow. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

/**
 * Keyset pagination over (createdAt, id): ties broken by id, so the order is total and a
 * cursor stays valid when rows are added or deleted. One query, one row more than asked
 * (it tells whether there is a next page).
 */
export async function keysetPage<T extends { id: string; createdAt: Date }>(
  em: EntityManager,
  entity: EntityName<T>,
  { first = PAGE_SIZE_DEFAULT, after, order }: { first?: number; after?: string | null; order: "asc" | "desc" },
): Promise<Page<T>> {
  if (!Number.isInteger(first) || first < 0 || first > PAGE_SIZE_MAX) {
    throw new BadUserInputError(`first must be from 0 to ${PAGE_SIZE_MAX}`, "first");
  }
  let where = {} as FilterQuery<T>;
  if (after) {
    const { createdAt, id } = decodeCursor(after);
    const beyond = order === "asc" ? "$gt" : "$lt";
    where = { $or: [{ createdAt: { [beyond]: createdAt } }, { createdAt, id: { [beyond]: id } }] } as FilterQuery<T>;
  }
  const orderBy = { createdAt: order, id: order } as never;
  const rows = await em.find(entity, where, { orderBy, limit: first + 1 });
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
