import { useState } from "react";
import { Button } from "../../components";
import { AdminErrorMessage } from "./admin-error-message";

interface LoadMoreProps {
  shown: number;
  total: number;
  /** What is counted, plural ("products"). */
  noun: string;
  hasNextPage: boolean;
  /** Fetches the next page (fetchMore with `after`); the cache appends it. */
  onLoadMore: () => Promise<unknown>;
}

/** "Showing 20 of 45", and the button that fetches the next page. */
export function LoadMore({ shown, total, noun, hasNextPage, onLoadMore }: LoadMoreProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  function load() {
    setBusy(true);
    setError(null);
    onLoadMore()
      .catch(setError)
      .finally(() => setBusy(false));
  }

  return (
    <div className="admin-load-more">
      <p className="hint" role="status">
        Showing {shown} of {total} {noun}
      </p>
      <AdminErrorMessage error={error} />
      {hasNextPage && (
        <Button variant="secondary" busy={busy} onClick={load}>
          Load more
        </Button>
      )}
    </div>
  );
}
