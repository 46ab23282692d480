import { useApolloClient, useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Button, ErrorMessage } from "../../components";
import { graphql } from "../../gql";
import { apiErrorsOf } from "../../lib/graphql-errors";
import { EmailStatusDocument } from "./email-status";

const RequestEmailVerificationDocument = graphql(`
  mutation RequestEmailVerification {
    requestEmailVerification
  }
`);

/**
 * "Send verification link" for the signed-in user's `email`, and where it went. Refused as
 * verified already (verified in another tab, say): the status is fetched again, and what
 * shows it follows.
 */
export function SendVerificationLink({ email }: { email: string }) {
  const client = useApolloClient();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [send, { loading, error }] = useMutation(RequestEmailVerificationDocument);

  async function sendLink() {
    setSentTo(null);
    try {
      const result = await send();
      if (result.data?.requestEmailVerification) setSentTo(email);
    } catch (failure) {
      if (apiErrorsOf(failure).some((e) => e.field === "email")) {
        await client.refetchQueries({ include: [EmailStatusDocument] }).catch(() => undefined);
      }
    }
  }

  return (
    <div className="send-verification">
      {sentTo === email ? (
        <p role="status" className="notice">
          We sent a link to <strong>{email}</strong>. Open it to verify your address: it works for 24 hours.
        </p>
      ) : null}
      <div className="actions">
        <Button variant={sentTo === email ? "secondary" : "primary"} busy={loading} onClick={() => void sendLink()}>
          {sentTo === email ? "Send another link" : "Send verification link"}
        </Button>
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}
