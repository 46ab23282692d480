import { useMutation } from "@apollo/client/react";
import { Button } from "../../components";
import { getFragmentData, graphql, type FragmentType } from "../../gql";
import { AdminErrorMessage } from "./admin-error-message";
import { CreatedAt } from "./created-at";

export const AdminUserRow = graphql(`
  fragment AdminUserRow on User {
    id
    username
    name
    email
    role
    isActive
    createdAt
  }
`);

// Both answer the whole row: the cache updates it by id, nothing else to write.
const SetUserActive = graphql(`
  mutation AdminSetUserActive($id: ID!, $active: Boolean!) {
    setUserActive(id: $id, active: $active) {
      id
      ...AdminUserRow
    }
  }
`);

const SetUserRole = graphql(`
  mutation AdminSetUserRole($id: ID!, $role: Role!) {
    setUserRole(id: $id, role: $role) {
      id
      ...AdminUserRow
    }
  }
`);

/** One account, with its switches; a refusal ("At least one active admin must remain") shows here. */
export function UserRow({ user: masked, isYou }: { user: FragmentType<typeof AdminUserRow>; isYou: boolean }) {
  const user = getFragmentData(AdminUserRow, masked);
  const [setActive, active] = useMutation(SetUserActive);
  const [setRole, role] = useMutation(SetUserRole);
  const admin = user.role === "ADMIN";

  // One message at a time: the answer to the last thing asked.
  function toggleActive() {
    role.reset();
    setActive({ variables: { id: user.id, active: !user.isActive } }).catch(() => undefined);
  }
  function toggleRole() {
    active.reset();
    setRole({ variables: { id: user.id, role: admin ? "USER" : "ADMIN" } }).catch(() => undefined);
  }

  return (
    <tr>
      <td data-label="Username">
        {user.username}
        {isYou && <span className="admin-you"> (you)</span>}
      </td>
      <td data-label="Name">{user.name ?? "—"}</td>
      <td data-label="E-mail">{user.email ?? "—"}</td>
      <td data-label="Role">{admin ? "Admin" : "User"}</td>
      <td data-label="Status">{user.isActive ? "Active" : "Deactivated"}</td>
      <td data-label="Created">
        <CreatedAt iso={user.createdAt} />
      </td>
      <td>
        <div className="actions">
          <Button
            variant={user.isActive ? "danger" : "secondary"}
            busy={active.loading}
            aria-label={`${user.isActive ? "Deactivate" : "Activate"} ${user.username}`}
            onClick={toggleActive}
          >
            {user.isActive ? "Deactivate" : "Activate"}
          </Button>
          <Button variant="secondary" busy={role.loading} aria-label={`Make ${user.username} ${admin ? "a user" : "an admin"}`} onClick={toggleRole}>
            {admin ? "Make user" : "Make admin"}
          </Button>
        </div>
        <AdminErrorMessage error={active.error ?? role.error} />
      </td>
    </tr>
  );
}
