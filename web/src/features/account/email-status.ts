import { graphql } from "../../gql";

/**
 * The signed-in user's address and whether it is verified: the banner's, the E-mail
 * section's. Refetched after a verification; the answer lands on the cached User (by id),
 * so every query that shows them follows. `mailEnabled` false: the server sends no e-mail,
 * so nothing offers to send any.
 */
export const EmailStatusDocument = graphql(`
  query EmailStatus {
    mailEnabled
    me {
      id
      email
      emailVerified
    }
  }
`);
