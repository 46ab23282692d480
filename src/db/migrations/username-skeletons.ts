import { usernameSkeleton } from "../../lib/lookalikes.js";

const SKELETON_MAX = 128;

/**
 * Gives every existing account its username skeleton, oldest first. Where a newer account
 * already looks like an older one, the older keeps the name and the newer keeps working
 * without a skeleton (it can still sign in by its own name); nothing is merged, and the
 * accounts are reported (event db.username_lookalikes) for an operator to look at.
 */
export async function backfillUsernameSkeletons(
  execute: (sql: string, params?: unknown[]) => Promise<unknown[]>,
  report: (message: string) => void,
): Promise<void> {
  const rows = (await execute("select id, username from users order by created_at asc, id asc")) as {
    id: string;
    username: string;
  }[];
  const owners = new Map<string, string>();
  const clashes: { id: string; looksLike: string }[] = [];
  for (const row of rows) {
    const skeleton = usernameSkeleton(row.username);
    const owner = owners.get(skeleton);
    if (owner) {
      clashes.push({ id: row.id, looksLike: owner });
      continue;
    }
    if (skeleton.length > SKELETON_MAX) continue;
    owners.set(skeleton, row.id);
    await execute("update users set username_skeleton = ? where id = ?", [skeleton, row.id]);
  }
  if (clashes.length > 0) {
    const list = clashes.map((clash) => `${clash.id} looks like ${clash.looksLike}`).join(", ");
    report(`${clashes.length} account(s) have a username that looks like an older account's; both keep working: ${list}`);
  }
}
