import { BadUserInputError } from "./errors.js";
import { isUuid } from "./ids.js";

/** Opaque keyset cursors: a position in a list ordered by (createdAt, id). */

export interface Position {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: Position): string {
  // The text is ASCII, so btoa's base64 of it is the bytes' own, made URL-safe here; a
  // Buffer for each of a page's cursors would be cut from the shared 8 KiB pool.
  return btoa(`${position.createdAt.getTime()}:${position.id}`).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

export function decodeCursor(cursor: string, field = "after"): Position {
  const [ms, id, ...rest] = cursor.length <= 200 ? Buffer.from(cursor, "base64url").toString().split(":") : [];
  const time = Number(ms);
  const createdAt = new Date(time);
  if (!ms || !/^\d+$/.test(ms) || Number.isNaN(createdAt.getTime()) || !id || !isUuid(id) || rest.length > 0) {
    throw new BadUserInputError("Invalid cursor", field);
  }
  return { createdAt, id };
}
