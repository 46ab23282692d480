import { graphql } from "../gql";

/**
 * The session's own operations. They go over plain fetch (auth-api.ts), never through
 * Apollo Client: a refresh sent through the client's links would meet the very error
 * handling it is there to serve.
 */

export const SessionUserFragment = graphql(`
  fragment SessionUser on User {
    id
    username
    name
    role
  }
`);

export const SessionPairFragment = graphql(`
  fragment SessionPair on AuthPayload {
    accessToken
    expiresIn
    expiresAt
    sessionExpiresAt
    user {
      ...SessionUser
    }
  }
`);

export const SignInDocument = graphql(`
  mutation SignIn($input: LoginInput!) {
    login(input: $input) {
      ...SessionPair
    }
  }
`);

export const RegisterDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...SessionPair
    }
  }
`);

export const RefreshDocument = graphql(`
  mutation Refresh {
    refreshToken {
      ...SessionPair
    }
  }
`);

export const SignOutDocument = graphql(`
  mutation SignOut {
    logout
  }
`);

export const ChangePasswordDocument = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      ...SessionPair
    }
  }
`);

export const SignOutEverywhereDocument = graphql(`
  mutation SignOutEverywhere {
    logoutAll
  }
`);
