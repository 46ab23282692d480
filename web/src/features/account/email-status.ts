import { graphql } from "../../gql";

/**
 * The signed-in user's address and whether it is verified: the banner's, the E-mail
 * section's. Refetched after a verification; the answer lands on the cached User (by id),
 * so every query that shows them follows.
 */
export const EmailStatusDocument = graphql(`
  query EmailStatus {
    me {
      id
      email
      emailVerified
    }
  }
`);
