import { useMutation } from "@apollo/client/react";
import { useState, type FormEvent } from "react";
import { Button, ErrorMessage, Field, Notice } from "../../components";
import { graphql } from "../../gql";
import { useFormErrors } from "../../lib/use-form-errors";

const AccountUpdateNameDocument = graphql(`
  mutation AccountUpdateName($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      name
    }
  }
`);

/** The name shown to others; empty clears it. The answer updates `me` in the cache (User by id). */
export function EditNameForm({ name }: { name: string | null | undefined }) {
  const [value, setValue] = useState(name ?? "");
  const [saved, setSaved] = useState(false);
  const [updateProfile, { loading, error }] = useMutation(AccountUpdateNameDocument);
  const { fields, other } = useFormErrors(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const trimmed = value.trim();
    const result = await updateProfile({ variables: { input: { name: trimmed === "" ? null : trimmed } } }).catch(() => null);
    if (result?.data) setSaved(true);
  }

  return (
    <form className="edit-name-form" aria-label="Change your name" onSubmit={(event) => void submit(event)} noValidate>
      <ErrorMessage errors={other} />
      <Field
        label="Name"
        name="name"
        autoComplete="name"
        maxLength={100}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setSaved(false);
        }}
        error={fields.name}
        hint="Leave empty to remove it."
      />
      <div className="actions">
        <Button type="submit" busy={loading}>
          Save name
        </Button>
        {saved && <Notice>Name saved.</Notice>}
      </div>
    </form>
  );
}
