import type { FastSql } from "../db/fast-sql.js";
import { toDate } from "../db/fast-sql.js";
import { checkPageSize, pageOf, type Page } from "../db/keyset-page.js";
import type { Product } from "../entities/index.js";
import { decodeCursor } from "../lib/cursor.js";

/**
 * The public catalogue's pages, in hand-written SQL (db/fast-sql.ts): the busiest public
 * read, which through the ORM cost ~1 ms of CPU a page (query building, 21 entities
 * hydrated into an identity map) and left ~1.5 KB a request in V8's old generation.
 * Newest first, as products.ts's keyset pages: the same (created_at, id) seek, the same
 * cursors. Products come back as plain snapshots, read-only; writes go through the ORM.
 */
export class Catalogue {
  private readonly pageSql: { first: string; after: string };

  constructor(private readonly sql: FastSql) {
    this.pageSql = CATALOGUE_SQL[sql.dialect];
  }

  /** `first` products (0 to 100) after the cursor `after`, newest first. */
  async page(first: number, after?: string | null): Promise<Page<Product>> {
    checkPageSize(first);
    const rows = after
      ? await this.sql.all(this.pageSql.after, [...positionOf(this.sql, after), first + 1])
      : await this.sql.all(this.pageSql.first, [first + 1]);
    return pageOf(rows.map(toProduct), first);
  }
}

const pageSql = (pg: boolean) => {
  const select = "select id, name, description, price_cents, created_at, updated_at from products";
  const order = "order by created_at desc, id desc limit ?";
  return {
    first: `${select} ${order}`,
    after: `${select} where (created_at, id) < (${pg ? "?::timestamptz, ?::uuid" : "?, ?"}) ${order}`,
  };
};

/** The pages' statements, built once for each dialect; bench/scale-plans.mjs reads their plans. */
export const CATALOGUE_SQL = { sqlite: pageSql(false), postgres: pageSql(true) } as const;

function positionOf(sql: FastSql, after: string): [unknown, string] {
  const { createdAt, id } = decodeCursor(after);
  return [sql.date(createdAt), id];
}

function toProduct(row: Record<string, unknown>): Product {
  const product: Product = {
    id: String(row.id),
    name: String(row.name),
    description: (row.description as string | null) ?? null,
    priceCents: Number(row.price_cents),
    createdAt: toDate(row.created_at)!,
    updatedAt: toDate(row.updated_at)!,
  };
  return product;
}
