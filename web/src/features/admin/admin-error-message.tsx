import { Button, ErrorMessage } from "../../components";
import { apiErrorsOf, type ApiError } from "../../lib/graphql-errors";
import { useSession } from "../../session";

/**
 * ErrorMessage, and when the API refuses the role (an admin demoted since signing in, in
 * another tab or by another admin) a way out: this tab's token still says ADMIN until the
 * session is opened again.
 */
export function AdminErrorMessage({ error, errors }: { error?: unknown; errors?: readonly ApiError[] }) {
  const session = useSession();
  const list = errors ?? apiErrorsOf(error);
  if (list.length === 0) return null;
  const forbidden = list.some((item) => item.code === "FORBIDDEN");
  return (
    <div className="admin-error">
      <ErrorMessage errors={list} />
      {forbidden && (
        <div className="actions">
          <p className="hint">Your account may no longer be an administrator: sign in again to continue with the access you have now.</p>
          <Button variant="secondary" onClick={() => void session.signOut()}>
            Sign in again
          </Button>
        </div>
      )}
    </div>
  );
}
