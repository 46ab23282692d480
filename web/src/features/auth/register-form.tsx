import { useRef, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { Button, ErrorMessage, Field } from "../../components";
import { useSession, useSessionAction } from "../../session";
import { registerValuesOf, type RegisterValues } from "./register-fields";

export function RegisterForm() {
  const session = useSession();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const register = useSessionAction((values: RegisterValues) => session.register(values), formRef);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await register.run(registerValuesOf(new FormData(event.currentTarget)))) await navigate("/", { replace: true });
  }

  return (
    <>
      <div className="auth-form">
        <ErrorMessage errors={register.other} />
        <form ref={formRef} onSubmit={(event) => void submit(event)} aria-label="Create an account">
          <Field
            label="Username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            hint="3–32 letters, digits, _ . -"
            error={register.fields.username}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            hint="At least 8 characters"
            error={register.fields.password}
          />
          <Field label="Name (optional)" name="name" autoComplete="name" error={register.fields.name} />
          <Field label="E-mail (optional)" name="email" type="email" autoComplete="email" spellCheck={false} error={register.fields.email} />
          <div className="actions">
            <Button type="submit" busy={register.busy}>
              Create account
            </Button>
          </div>
        </form>
      </div>
      <p className="auth-alternative">
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </>
  );
}
