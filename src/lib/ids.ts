/**
 * Every id we issue is a UUID in lower case (randomUUID): anything else cannot name a row and
 * is NOT_FOUND at once. Upper case is refused too, so that both databases agree: PostgreSQL's
 * uuid type would match it, SQLite's text would not.
 */
export const isUuid = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
