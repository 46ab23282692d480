import { useApolloClient } from "@apollo/client/react";
import { useRef, useState, type FormEvent } from "react";
import { Button, ErrorMessage, Field, Notice } from "../../components";
import { useSession, useSessionState, useSessionAction } from "../../session";
import { AccountSessionsDocument } from "./sessions-section";

export function ChangePasswordSection() {
  const session = useSession();
  const state = useSessionState();
  const client = useApolloClient();
  const [changed, setChanged] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const change = useSessionAction((current: string, next: string) => session.changePassword(current, next), formRef);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    setChanged(false);
    if (!(await change.run(String(values.get("currentPassword")), String(values.get("newPassword"))))) return;
    form.reset();
    setChanged(true);
    // The other sessions are over, and this device goes on in a new one.
    // A failed refetch leaves the list as it was; the password change itself succeeded.
    await client.refetchQueries({ include: [AccountSessionsDocument] }).catch(() => undefined);
  }

  return (
    <section aria-labelledby="account-password">
      <h2 id="account-password">Change password</h2>
      <div className="password-form">
        <ErrorMessage errors={change.other} />
        {changed && <Notice>Password changed. Your other sessions have been signed out.</Notice>}
        <form ref={formRef} onSubmit={(event) => void submit(event)} aria-labelledby="account-password">
          {/* For password managers: which account the new password belongs to. */}
          <input type="text" name="username" autoComplete="username" value={state.status === "signed-in" ? state.user.username : ""} readOnly hidden />
          <Field
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={change.fields.currentPassword}
          />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            hint="At least 8 characters"
            error={change.fields.newPassword}
          />
          <div className="actions">
            <Button type="submit" busy={change.busy}>
              Change password
            </Button>
          </div>
        </form>
      </div>
    </section>
  );
}
