import { apiErrorsOf, describe, type ApiError } from "../lib/graphql-errors";

/**
 * The errors of an operation, for people: the server's message, when to retry when
 * throttled (`retryAfter`). Pass `errors` (already split from field errors) or `error`.
 */
export function ErrorMessage({ error, errors }: { error?: unknown; errors?: readonly ApiError[] }) {
  const list = errors ?? apiErrorsOf(error);
  if (list.length === 0) return null;
  return (
    <div role="alert" className="error-message">
      {list.map((item, index) => (
        <p key={index}>{describe(item)}</p>
      ))}
    </div>
  );
}
