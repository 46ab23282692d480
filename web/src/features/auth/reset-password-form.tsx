import { useMutation } from "@apollo/client/react";
import { useRef, useEffect, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { Button, ErrorMessage, Field } from "../../components";
import { graphql } from "../../gql";
import { apiErrorsOf, splitByField } from "../../lib/graphql-errors";
import { linkProblemOf } from "../../lib/link-problem";
import { useSession } from "../../session";

const ResetPasswordDocument = graphql(`
  mutation ResetPassword($token: String!, $newPassword: String!) {
    resetPassword(token: $token, newPassword: $newPassword)
  }
`);

const LINK_PROBLEMS = {
  LINK_INVALID: "This link does not work any more: it was used already, or a newer link replaced it.",
  LINK_EXPIRED: "This link has expired: a reset link works for 30 minutes.",
  EMAIL_TAKEN: "This link does not work any more: the account's address changed since it was sent.",
} as const;

/**
 * The new password for the account of a reset link. The API ends every session of that
 * account: a session this browser had is dead on the server, so it ends here too (with no
 * way to tell whose it was, a session of another account ends as well, the safe side).
 */
export function ResetPasswordForm({ token }: { token: string }) {
  const session = useSession();
  const navigate = useNavigate();
  const [reset, { loading, error }] = useMutation(ResetPasswordDocument);
  const errors = apiErrorsOf(error);
  const problem = linkProblemOf(errors);
  const { fields, other } = splitByField(errors);
  const passwordRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (fields.newPassword) passwordRef.current?.focus();
  }, [fields.newPassword]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newPassword = String(new FormData(event.currentTarget).get("newPassword"));
    const result = await reset({ variables: { token, newPassword } }).catch(() => null);
    if (!result?.data?.resetPassword) return;
    void session.endedByServer("PASSWORD_RESET");
    await navigate("/sign-in", { replace: true, state: { reason: "PASSWORD_RESET" } });
  }

  if (problem) {
    return (
      <div role="alert" className="link-problem">
        <p>{LINK_PROBLEMS[problem]}</p>
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="auth-form">
      <ErrorMessage errors={other} />
      <form onSubmit={(event) => void submit(event)} aria-label="Choose a new password">
        <Field
          ref={passwordRef}
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 8 characters. Every device signed in to your account is signed out."
          error={fields.newPassword}
        />
        <div className="actions">
          <Button type="submit" busy={loading}>
            Set new password
          </Button>
        </div>
      </form>
    </div>
  );
}
