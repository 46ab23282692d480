import { useQuery } from "@apollo/client/react";
import { ErrorMessage, Loading } from "../../components";
import { graphql } from "../../gql";
import { DateTime } from "./date-time";
import { EditNameForm } from "./edit-name-form";

const AccountProfileDocument = graphql(`
  query AccountProfile {
    me {
      id
      username
      name
      role
      createdAt
    }
  }
`);

const ROLE_NAMES = { USER: "Customer", ADMIN: "Administrator" } as const;

export function ProfileSection() {
  const { data, loading, error } = useQuery(AccountProfileDocument);
  return (
    <section aria-labelledby="account-profile">
      <h2 id="account-profile">Profile</h2>
      {loading && !data ? (
        <Loading />
      ) : error && !data ? (
        <ErrorMessage error={error} />
      ) : data ? (
        <dl className="profile">
          <dt>Username</dt>
          <dd>{data.me.username}</dd>
          <dt>Name</dt>
          <dd>{data.me.name ?? <span className="not-given">Not given</span>}</dd>
          <dt>Role</dt>
          <dd>{ROLE_NAMES[data.me.role]}</dd>
          <dt>Member since</dt>
          <dd>
            <DateTime value={data.me.createdAt} date />
          </dd>
        </dl>
      ) : null}
      {data && <EditNameForm key={data.me.id} name={data.me.name} />}
    </section>
  );
}
