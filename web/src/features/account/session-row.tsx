import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Button, ErrorMessage } from "../../components";
import { getFragmentData, graphql, type FragmentType } from "../../gql";
import { useSession } from "../../session";
import { DateTime } from "./date-time";
import { deviceSummary } from "./device-summary";

export const AccountSessionRowFragment = graphql(`
  fragment AccountSessionRow on Session {
    id
    current
    userAgent
    createdAt
    lastUsedAt
    expiresAt
  }
`);

const AccountRevokeSessionDocument = graphql(`
  mutation AccountRevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);

/** One live session; "Revoke" ends it (this device's: signs out here). */
export function SessionRow({ session: masked, onRevoked }: { session: FragmentType<typeof AccountSessionRowFragment>; onRevoked: () => Promise<unknown> }) {
  const row = getFragmentData(AccountSessionRowFragment, masked);
  const session = useSession();
  const [revoke, { loading, error }] = useMutation(AccountRevokeSessionDocument);
  const [signingOut, setSigningOut] = useState(false);

  async function revokeRow() {
    if (row.current) {
      // Ending this device's session is signing out: the session module clears the token and the cookie.
      setSigningOut(true);
      await session.signOut();
      return;
    }
    await revoke({ variables: { id: row.id } });
    await onRevoked();
  }

  return (
    <tr>
      <td data-label="Device">
        <span className="device">
          <span title={row.userAgent ?? undefined}>{deviceSummary(row.userAgent)}</span>
          {row.current && <span className="this-device">This device</span>}
        </span>
      </td>
      <td data-label="Signed in">
        <DateTime value={row.createdAt} />
      </td>
      <td data-label="Last active">
        <DateTime value={row.lastUsedAt} />
      </td>
      <td data-label="Expires">
        <DateTime value={row.expiresAt} />
      </td>
      <td className="session-actions">
        <Button variant="secondary" busy={loading || signingOut} onClick={() => void revokeRow().catch(() => undefined)}>
          Revoke
        </Button>
        <ErrorMessage error={error} />
      </td>
    </tr>
  );
}
