import { useMutation } from "@apollo/client/react";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { Button, ErrorMessage, Field } from "../../components";
import { graphql } from "../../gql";
import { useFormErrors } from "../../lib/use-form-errors";

const RequestPasswordResetDocument = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);

/**
 * Asks for a reset link. The API answers the same whether or not the address has an
 * account, so the notice says what happens in either case, and nothing more.
 */
export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [request, { loading, error }] = useMutation(RequestPasswordResetDocument);
  const { fields, other } = useFormErrors(error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email")).trim();
    setSentTo(null);
    const result = await request({ variables: { email } }).catch(() => null);
    if (result?.data?.requestPasswordReset) setSentTo(email);
  }

  return (
    <>
      <div className="auth-form">
        <ErrorMessage errors={other} />
        {sentTo && (
          <div role="status" className="session-ended">
            <p>
              If <strong>{sentTo}</strong> is the verified address of an account, we sent it a link to choose a new password. The link works
              for 30 minutes.
            </p>
            <p className="hint">No e-mail after a few minutes? Check your spam folder, or ask again.</p>
          </div>
        )}
        <form onSubmit={(event) => void submit(event)} aria-label="Reset your password">
          <Field
            label="E-mail"
            name="email"
            type="email"
            autoComplete="email"
            spellCheck={false}
            required
            hint="The verified address of your account"
            error={fields.email}
          />
          <div className="actions">
            <Button type="submit" busy={loading}>
              Send reset link
            </Button>
          </div>
        </form>
      </div>
      <p className="auth-alternative">
        Remembered it? <Link to="/sign-in">Sign in</Link>
      </p>
    </>
  );
}
