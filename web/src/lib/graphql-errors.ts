/**
 * The API's errors as the app shows them. Every error carries `extensions.code`; input errors
 * name their `field`, refusals a `reason`, throttling a `retryAfter` in seconds.
 */

export interface ApiError {
  message: string;
  code?: string;
  reason?: string;
  field?: string;
  retryAfter?: number;
}

interface WithExtensions {
  readonly message: string;
  readonly extensions?: { readonly [key: string]: unknown } | undefined;
}

export function toApiError(error: WithExtensions): ApiError {
  const extensions = error.extensions ?? {};
  const text = (key: string) => (typeof extensions[key] === "string" ? (extensions[key] as string) : undefined);
  const retryAfter = typeof extensions.retryAfter === "number" ? extensions.retryAfter : undefined;
  return { message: error.message, code: text("code"), reason: text("reason"), field: text("field"), retryAfter };
}

/**
 * The errors of a failed operation, whatever shape the client gave them: Apollo's
 * CombinedGraphQLErrors (GraphQL errors with `extensions`), or the session's AuthApiError
 * (already ApiError).
 */
export function apiErrorsOf(error: unknown): ApiError[] {
  if (error === null || error === undefined) return [];
  if (typeof error === "object" && "errors" in error && Array.isArray(error.errors)) {
    return (error.errors as (WithExtensions | ApiError)[]).map((item) => ("extensions" in item ? toApiError(item) : { ...item }));
  }
  const message = error instanceof Error ? error.message : String(error);
  return [{ message: /fetch|network/i.test(message) ? "The server cannot be reached. Check your connection and try again." : message }];
}

/** Errors that name a field go beside it; the others above the form. */
export function splitByField(errors: readonly ApiError[]): { fields: Record<string, string>; other: ApiError[] } {
  const fields: Record<string, string> = {};
  const other: ApiError[] = [];
  for (const error of errors) {
    if (error.field && !(error.field in fields)) fields[error.field] = error.message;
    else other.push(error);
  }
  return { fields, other };
}

/** What a person reads for an error: the server's message, with when to retry when throttled. */
export function describe(error: ApiError): string {
  if (error.code === "TOO_MANY_REQUESTS" && error.retryAfter !== undefined) {
    return `Too many attempts. Try again in ${formatSeconds(error.retryAfter)}.`;
  }
  if (error.code === "INTERNAL_SERVER_ERROR") return "Something went wrong on our side. Please try again.";
  // The server's own words name its setting (MAIL=off): the reader needs what it means for them.
  if (error.reason === "MAIL_DISABLED") return "This site does not send e-mail, so addresses cannot be verified or passwords reset by e-mail here.";
  return error.message;
}

function formatSeconds(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? "" : "s"}`;
  const minutes = Math.ceil(s / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
