import { useId, type TextareaHTMLAttributes } from "react";

interface TextareaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  /** The server's message for this field (`extensions.field`), shown beside it. */
  error?: string | undefined;
}

/** Field's twin for several lines of text: a labelled textarea with its error wired to it. */
export function TextareaField({ label, error, id, ...textarea }: TextareaFieldProps) {
  const generated = useId();
  const textareaId = id ?? generated;
  return (
    <div className="field">
      <label htmlFor={textareaId}>{label}</label>
      <textarea
        id={textareaId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${textareaId}-error` : undefined}
        {...textarea}
      />
      {error && (
        <p id={`${textareaId}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
