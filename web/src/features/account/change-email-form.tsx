import { useMutation } from "@apollo/client/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button, ErrorMessage, Field } from "../../components";
import { graphql } from "../../gql";
import { useFormErrors } from "../../lib/use-form-errors";

const ChangeEmailDocument = graphql(`
  mutation ChangeEmail($newEmail: String!, $currentPassword: String!) {
    changeEmail(newEmail: $newEmail, currentPassword: $currentPassword)
  }
`);

/**
 * A new address, with the password asked again. Nothing changes yet: the API sends a link
 * to the new address, and the account's address becomes it when the link is followed.
 */
export function ChangeEmailForm({ hasEmail }: { hasEmail: boolean }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [change, { loading, error }] = useMutation(ChangeEmailDocument);
  const { fields, other } = useFormErrors(error);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [fields]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const newEmail = String(values.get("newEmail")).trim();
    setSentTo(null);
    const result = await change({ variables: { newEmail, currentPassword: String(values.get("currentPassword")) } }).catch(() => null);
    if (!result?.data?.changeEmail) return;
    form.reset();
    setSentTo(newEmail);
  }

  const title = hasEmail ? "Change your e-mail address" : "Add an e-mail address";
  return (
    <div className="password-form">
      <h3 id="account-change-email">{title}</h3>
      <ErrorMessage errors={other} />
      {sentTo && (
        <p role="status" className="notice">
          We sent a link to <strong>{sentTo}</strong>. Your address changes when you follow it (it works for 24 hours); until then it stays as it
          is.
        </p>
      )}
      <form ref={formRef} onSubmit={(event) => void submit(event)} aria-labelledby="account-change-email">
        <Field label="New e-mail address" name="newEmail" type="email" autoComplete="email" spellCheck={false} required error={fields.newEmail} />
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={fields.currentPassword}
        />
        <div className="actions">
          <Button type="submit" busy={loading}>
            Send confirmation link
          </Button>
        </div>
      </form>
    </div>
  );
}
