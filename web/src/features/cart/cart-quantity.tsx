import { useMutation } from "@apollo/client/react";
import { useId, useRef, useState } from "react";
import { ErrorMessage } from "../../components";
import { graphql } from "../../gql";
import { useFormErrors } from "../../lib/use-form-errors";
import { parseQuantity } from "./parse-quantity";
import { useDebounced } from "./use-debounced";

const CartSetQuantity = graphql(`
  mutation CartSetQuantity($productId: ID!, $quantity: Int!) {
    setCartItemQuantity(productId: $productId, quantity: $quantity) {
      ...CartPageCart
    }
  }
`);

/** Long enough to type "12" without sending "1" first. */
const TYPING_PAUSE_MS = 700;

/**
 * A line's quantity, sent when typing pauses, on blur or on Enter; 0 removes the line. What
 * the box shows while unsent (or refused) is the draft; otherwise the server's quantity.
 */
export function CartQuantity({ productId, productName, quantity }: { productId: string; productName: string; quantity: number }) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [mutate, { error, reset }] = useMutation(CartSetQuantity);
  const sending = useRef<string | null>(null);
  const { fields, other } = useFormErrors(error);

  function commit(revertInvalid: boolean) {
    if (draft === null) return;
    const wanted = parseQuantity(draft);
    if (wanted === null) {
      if (revertInvalid) setDraft(null);
      return;
    }
    if (wanted === quantity) {
      setDraft(null);
      reset();
      return;
    }
    if (draft === sending.current) return; // on its way already (typing paused, then blur)
    const sent = (sending.current = draft);
    mutate({ variables: { productId, quantity: wanted } })
      // Cleared only if unchanged since: what was typed meanwhile must not be lost.
      .then(() => setDraft((current) => (current === sent ? null : current)))
      .catch(() => {}) // shown beside the box, from the hook's error
      .finally(() => {
        if (sending.current === sent) sending.current = null;
      });
  }
  const typing = useDebounced(() => commit(false), TYPING_PAUSE_MS);

  const message = fields.quantity;
  return (
    <>
      <input
        id={id}
        className="cart-quantity"
        type="number"
        inputMode="numeric"
        min={0}
        max={99}
        aria-label={`Quantity of ${productName}`}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-error` : undefined}
        value={draft ?? String(quantity)}
        onChange={(event) => {
          setDraft(event.target.value);
          typing.schedule();
        }}
        onBlur={() => {
          typing.cancel();
          commit(true);
        }}
        onKeyDown={(event) => {
          if (event.key !== "Enter") return;
          typing.cancel();
          commit(true);
        }}
      />
      {message && (
        <p id={`${id}-error`} className="field-error">
          {message}
        </p>
      )}
      <ErrorMessage errors={other} />
    </>
  );
}
