import { useQuery } from "@apollo/client/react";
import { Empty, Loading, Page } from "../../components";
import { graphql } from "../../gql";
import { useSessionState } from "../../session";
import { AdminErrorMessage } from "./admin-error-message";
import { LoadMore } from "./load-more";
import { UserRow } from "./user-row";
import "./admin.css";

const PAGE_SIZE = 50;

const AdminUsers = graphql(`
  query AdminUsers($first: Int!, $after: String) {
    usersConnection(first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          ...AdminUserRow
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export function AdminUsersPage() {
  const state = useSessionState();
  const myId = state.status === "signed-in" ? state.user.id : null;
  const { data, error, fetchMore } = useQuery(AdminUsers, { variables: { first: PAGE_SIZE }, fetchPolicy: "cache-and-network" });
  const users = data?.usersConnection;

  return (
    <Page title="Manage users">
      <AdminErrorMessage error={error} />
      {!users ? (
        !error && <Loading label="Loading users…" />
      ) : users.edges.length === 0 ? (
        <Empty>
          <p>No accounts yet.</p>
        </Empty>
      ) : (
        <>
          <table className="responsive admin-table" aria-label="Users">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.edges.map(({ node }) => (
                <UserRow key={node.id} user={node} isYou={node.id === myId} />
              ))}
            </tbody>
          </table>
          <LoadMore
            shown={users.edges.length}
            total={users.totalCount}
            noun="accounts"
            hasNextPage={users.pageInfo.hasNextPage}
            onLoadMore={() => fetchMore({ variables: { after: users.pageInfo.endCursor } })}
          />
        </>
      )}
    </Page>
  );
}
