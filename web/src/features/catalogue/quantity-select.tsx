import { useId } from "react";

const QUANTITIES = Array.from({ length: 99 }, (_, index) => index + 1);

/** "Quantity", 1 to 99 (the most a cart line holds), with the server's error beside it. */
export function QuantitySelect({ value, onChange, error }: { value: number; onChange: (value: number) => void; error?: string | undefined }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Quantity</label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(Number(event.target.value))}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {QUANTITIES.map((quantity) => (
          <option key={quantity} value={quantity}>
            {quantity}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
