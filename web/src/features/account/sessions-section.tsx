import { useQuery } from "@apollo/client/react";
import { Empty, ErrorMessage, Loading } from "../../components";
import { graphql } from "../../gql";
import { SessionRow } from "./session-row";
import { SignOutEverywhere } from "./sign-out-everywhere";

export const AccountSessionsDocument = graphql(`
  query AccountSessions {
    sessions {
      id
      ...AccountSessionRow
    }
  }
`);

export function SessionsSection() {
  const { data, loading, error, refetch } = useQuery(AccountSessionsDocument);
  return (
    <section aria-labelledby="account-sessions">
      <h2 id="account-sessions">Sessions</h2>
      <p className="hint">Where your account is signed in, most recently used first.</p>
      {loading && !data ? (
        <Loading />
      ) : error && !data ? (
        <ErrorMessage error={error} />
      ) : !data || data.sessions.length === 0 ? (
        <Empty>No live sessions.</Empty>
      ) : (
        <table className="responsive sessions" aria-labelledby="account-sessions">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last active</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.sessions.map((session) => (
              <SessionRow key={session.id} session={session} onRevoked={refetch} />
            ))}
          </tbody>
        </table>
      )}
      {/* A refetch that failed over a list already shown. */}
      {error && data && <ErrorMessage error={error} />}
      <SignOutEverywhere />
    </section>
  );
}
