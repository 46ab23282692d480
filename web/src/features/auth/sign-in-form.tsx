import { useQuery } from "@apollo/client/react";
import { useRef, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { Button, ErrorMessage, Field } from "../../components";
import { graphql } from "../../gql";
import { safeNext } from "../../lib/safe-next";
import { useSession, useSessionAction } from "../../session";

const SignInMailEnabledDocument = graphql(`
  query SignInMailEnabled {
    mailEnabled
  }
`);

export function SignInForm() {
  // Offered unless the server says it sends no e-mail (a reset link could not reach anyone).
  const mail = useQuery(SignInMailEnabledDocument);
  const session = useSession();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const formRef = useRef<HTMLFormElement>(null);
  const signIn = useSessionAction((username: string, password: string) => session.signIn(username, password), formRef);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (await signIn.run(String(form.get("username")), String(form.get("password")))) {
      await navigate(safeNext(searchParams.get("next")), { replace: true });
    }
  }

  return (
    <>
      <div className="auth-form">
        <ErrorMessage errors={signIn.other} />
        <form ref={formRef} onSubmit={(event) => void submit(event)} aria-label="Sign in">
          <Field label="Username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required error={signIn.fields.username} />
          <Field label="Password" name="password" type="password" autoComplete="current-password" required error={signIn.fields.password} />
          <div className="actions">
            <Button type="submit" busy={signIn.busy}>
              Sign in
            </Button>
            {mail.data?.mailEnabled !== false && <Link to="/forgot-password">Forgot password?</Link>}
          </div>
        </form>
      </div>
      <p className="auth-alternative">
        New here? <Link to="/register">Create an account</Link>
      </p>
    </>
  );
}
