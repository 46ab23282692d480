import type { ApiError } from "./graphql-errors";

/**
 * Why the API refused the token of an e-mail link (verify-email, reset-password): it is
 * unknown, used or replaced by a newer one (LINK_INVALID), too old (LINK_EXPIRED), or its
 * address was verified by another account meanwhile (EMAIL_TAKEN). Null for any other
 * refusal: those are shown as they come (a password too short, throttling, the network).
 */
export type LinkProblem = "LINK_INVALID" | "LINK_EXPIRED" | "EMAIL_TAKEN";

const PROBLEMS: readonly string[] = ["LINK_INVALID", "LINK_EXPIRED", "EMAIL_TAKEN"];

export function linkProblemOf(errors: readonly ApiError[]): LinkProblem | null {
  const found = errors.find((error) => error.code === "BAD_USER_INPUT" && error.reason !== undefined && PROBLEMS.includes(error.reason));
  return (found?.reason as LinkProblem | undefined) ?? null;
}
