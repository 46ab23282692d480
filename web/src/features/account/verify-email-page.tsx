import { useApolloClient, useMutation } from "@apollo/client/react";
import { useEffect, useRef } from "react";
import { Link, useSearchParams } from "react-router";
import { Button, ErrorMessage, Loading, Page } from "../../components";
import { graphql } from "../../gql";
import { apiErrorsOf } from "../../lib/graphql-errors";
import { linkProblemOf } from "../../lib/link-problem";
import { useSessionState } from "../../session";
import { EmailStatusDocument } from "./email-status";

const VerifyEmailDocument = graphql(`
  mutation VerifyEmail($token: String!) {
    verifyEmail(token: $token)
  }
`);

const LINK_PROBLEMS = {
  LINK_INVALID:
    "This link does not work any more: it was used already, a newer link replaced it, or the address changed since it was sent. If you followed it before, your address is verified: there is nothing more to do.",
  LINK_EXPIRED: "This link has expired: a verification link works for 24 hours.",
  EMAIL_TAKEN:
    "This address was verified by another account in the meantime, and an address can belong to one account only. Use another address for yours.",
} as const;

/**
 * /verify-email?token=…: the page verification and e-mail change messages link to. It
 * follows the link once on arrival: the token works once, and React's StrictMode runs
 * effects twice, so the token sent last is remembered and not sent again.
 */
export function VerifyEmailPage() {
  const [searchParams] = useSearchParams();
  const token = searchParams.get("token");
  return <Page title="Verify your e-mail address">{token ? <VerifyEmail key={token} token={token} /> : <IncompleteLink />}</Page>;
}

function VerifyEmail({ token }: { token: string }) {
  const state = useSessionState();
  const client = useApolloClient();
  const [verify, { data, error, called }] = useMutation(VerifyEmailDocument);
  const sent = useRef(false);

  async function follow() {
    sent.current = true;
    const result = await verify({ variables: { token } }).catch(() => null);
    // Signed in: the banner and the Account page show the new status (and, after a change, the new address).
    if (result?.data?.verifyEmail) await client.refetchQueries({ include: [EmailStatusDocument] }).catch(() => undefined);
  }

  useEffect(() => {
    if (!sent.current) void follow();
  });

  if (data?.verifyEmail) {
    return (
      <div role="status" className="session-ended">
        <p>Your e-mail address is verified. Thank you!</p>
        <p>{state.status === "signed-in" ? <Link to="/account">Go to your account</Link> : <Link to="/">Go to the catalogue</Link>}</p>
      </div>
    );
  }
  if (!called || !error) return <Loading label="Verifying your address…" />;
  const problem = linkProblemOf(apiErrorsOf(error));
  if (!problem) {
    return (
      <>
        <ErrorMessage error={error} />
        <div className="actions">
          <Button onClick={() => void follow()}>Try again</Button>
        </div>
      </>
    );
  }
  return (
    <div role="alert" className="link-problem">
      <p>{LINK_PROBLEMS[problem]}</p>
      <p>
        {state.status === "signed-in" ? (
          <Link to="/account">{problem === "EMAIL_TAKEN" ? "Change your address" : "Ask for a new link"} on your Account page</Link>
        ) : (
          <Link to="/sign-in?next=%2Faccount">Sign in to ask for a new link</Link>
        )}
      </p>
    </div>
  );
}

function IncompleteLink() {
  return (
    <div role="alert" className="link-problem">
      <p>This link is incomplete: open the link from the e-mail again (all of it).</p>
    </div>
  );
}
