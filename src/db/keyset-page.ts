import { raw, type EntityManager, type EntityName, type FilterQuery } from "@mikro-orm/core";
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
 * (it tells whether there is a next page). The cursor is a row-value comparison,
 * `(created_at, id) < (?, ?)`: SQLite and PostgreSQL both seek the (created_at, id) index
 * to it, where the equivalent `created_at < ? or (created_at = ? and id < ?)` walks the
 * index from the first row and filters, so page n would read every row before it.
 */
export async function keysetPage<T extends { id: string; createdAt: Date }>(
  em: EntityManager,
  entity: EntityName<T>,
  { first = PAGE_SIZE_DEFAULT, after, order }: { first?: number; after?: string | null; order: "asc" | "desc" },
): Promise<Page<T>> {
  checkPageSize(first);
  const where = after ? beyondCursor(em, entity, after, order) : ({} as FilterQuery<T>);
  const orderBy = { createdAt: order, id: order } as never;
  return pageOf(await em.find(entity, where, { orderBy, limit: first + 1 }), first);
}

/** Refuses a `first` outside 0..PAGE_SIZE_MAX (BAD_USER_INPUT, field "first"). */
export function checkPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 0 || first > PAGE_SIZE_MAX) {
    throw new BadUserInputError(`first must be from 0 to ${PAGE_SIZE_MAX}`, "first");
  }
}

/** The page of `first` rows out of `rows`, read one longer than asked: the extra row says that more follow. */
export function pageOf<T extends { id: string; createdAt: Date }>(rows: T[], first: number): Page<T> {
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** `(created_at, id) > (?, ?)` (or `<`), with the columns the entity maps and the date bound as the ORM stores it. */
function beyondCursor<T>(em: EntityManager, entity: EntityName<T>, after: string, order: "asc" | "desc"): FilterQuery<T> {
  const { createdAt, id } = decodeCursor(after);
  const platform = em.getPlatform();
  const { properties } = em.getMetadata().get(entity);
  const column = (alias: string, name: "createdAt" | "id") =>
    platform.quoteIdentifier(`${alias}.${properties[name as keyof typeof properties]!.fieldNames[0]}`);
  // SQLite stores dates as epoch milliseconds, PostgreSQL as timestamptz: the value a Date property is bound as.
  const at = platform.processDateProperty(createdAt);
  const seek = raw((alias) => `(${column(alias, "createdAt")}, ${column(alias, "id")}) ${order === "asc" ? ">" : "<"} (?, ?)`, [at, id]);
  return { [seek]: [] } as FilterQuery<T>;
}
