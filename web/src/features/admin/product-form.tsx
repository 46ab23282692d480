import { useId, useState, type FormEvent, type ReactNode } from "react";
import { Button, Field } from "../../components";
import { useFormErrors } from "../../lib/use-form-errors";
import { AdminErrorMessage } from "./admin-error-message";
import { formatPriceInDollars, parsePriceInDollars } from "./price-in-dollars";
import { TextareaField } from "./textarea-field";

export interface ProductValues {
  name: string;
  /** null when left empty: no description. */
  description: string | null;
  priceCents: number;
}

interface ProductFormProps {
  /** The form's accessible name: a heading's id, or a label of its own. */
  labelledBy?: string;
  label?: string;
  initial?: ProductValues;
  submitLabel: string;
  busy: boolean;
  /** The mutation's error: field errors go beside their fields, the rest above. */
  error: unknown;
  onSubmit: (values: ProductValues) => void;
  /** Extra buttons beside submit ("Cancel"). */
  children?: ReactNode;
  autoFocus?: boolean;
}

/** The fields of a product, for creating one and for editing one. */
export function ProductForm({ labelledBy, label, initial, submitLabel, busy, error, onSubmit, children, autoFocus }: ProductFormProps) {
  const [name, setName] = useState(initial?.name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [price, setPrice] = useState(initial ? formatPriceInDollars(initial.priceCents) : "");
  const [priceError, setPriceError] = useState<string | null>(null);
  // Field takes no ref: its id finds the input to focus.
  const priceId = useId();
  const { fields, other } = useFormErrors(error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parsePriceInDollars(price);
    if (!parsed.ok) {
      setPriceError(parsed.error);
      document.getElementById(priceId)?.focus();
      return;
    }
    setPriceError(null);
    onSubmit({ name, description: description.trim() === "" ? null : description, priceCents: parsed.cents });
  }

  return (
    <form className="admin-product-form" aria-labelledby={labelledBy} aria-label={label} onSubmit={submit} noValidate>
      <AdminErrorMessage errors={other} />
      <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} error={fields.name} required autoFocus={autoFocus} />
      <TextareaField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} error={fields.description} rows={3} />
      <Field
        id={priceId}
        label="Price"
        hint="In dollars, e.g. 12.50"
        inputMode="decimal"
        autoComplete="off"
        value={price}
        onChange={(e) => {
          setPrice(e.target.value);
          setPriceError(null);
        }}
        error={priceError ?? fields.priceCents}
        required
      />
      <div className="actions">
        <Button type="submit" busy={busy}>
          {submitLabel}
        </Button>
        {children}
      </div>
    </form>
  );
}
