import { useMutation } from "@apollo/client/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button, ErrorMessage, Field } from "../../components";
import { graphql } from "../../gql";
import { useFormErrors } from "../../lib/use-form-errors";
import { useSession, useSessionState } from "../../session";

const DeleteAccountDocument = graphql(`
  mutation DeleteAccount($currentPassword: String!) {
    deleteAccount(currentPassword: $currentPassword)
  }
`);

/**
 * "Delete my account", behind a second step that asks for the password again. The API
 * deletes the account with its sessions, so this one is over on the server: it ends here
 * (and in the other tabs) whatever the logout that follows answers, and the guard of the
 * page sends the person home, where the notice says what happened.
 */
export function DeleteAccountSection() {
  const session = useSession();
  const state = useSessionState();
  const [confirming, setConfirming] = useState(false);
  const [remove, { loading, error, reset }] = useMutation(DeleteAccountDocument);
  const { fields, other } = useFormErrors(error);
  const boxRef = useRef<HTMLDivElement>(null);
  const asked = useRef(false);
  // The button clicked goes away: focus moves to the password (asking) or back to the first button (cancelled).
  useEffect(() => {
    if (!asked.current) return;
    boxRef.current?.querySelector<HTMLElement>(confirming ? "input[name=currentPassword]" : "button")?.focus();
  }, [confirming]);
  useEffect(() => {
    if (fields.currentPassword) boxRef.current?.querySelector<HTMLElement>("input[name=currentPassword]")?.focus();
  }, [fields.currentPassword]);

  function ask(next: boolean) {
    asked.current = true;
    reset();
    setConfirming(next);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const currentPassword = String(new FormData(event.currentTarget).get("currentPassword"));
    const result = await remove({ variables: { currentPassword } }).catch(() => null);
    // Signed out, this page's guard takes the way home, with the news (guards.tsx).
    if (result?.data?.deleteAccount) await session.endedByServer("ACCOUNT_DELETED");
  }

  return (
    <section aria-labelledby="account-delete" className="danger-zone">
      <h2 id="account-delete">Delete account</h2>
      <div ref={boxRef} className="password-form">
        <p className="hint">Your account goes for good, with your cart, your wishlist and every session. It cannot be undone.</p>
        {confirming ? (
          <form onSubmit={(event) => void submit(event)} aria-label="Delete your account">
            <input type="text" name="username" autoComplete="username" value={state.status === "signed-in" ? state.user.username : ""} readOnly hidden />
            <p>
              <strong>Are you sure?</strong> Enter your password to delete your account.
            </p>
            <ErrorMessage errors={other} />
            <Field label="Password" name="currentPassword" type="password" autoComplete="current-password" required error={fields.currentPassword} />
            <div className="actions">
              <Button type="submit" variant="danger" busy={loading}>
                Yes, delete my account
              </Button>
              <Button variant="secondary" disabled={loading} onClick={() => ask(false)}>
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <div className="actions">
            <Button variant="danger" onClick={() => ask(true)}>
              Delete my account
            </Button>
          </div>
        )}
      </div>
    </section>
  );
}
