import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Button, ErrorMessage } from "../../components";
import { graphql } from "../../gql";

const CartClear = graphql(`
  mutation CartClear {
    clearCart {
      ...CartPageCart
    }
  }
`);

/** "Clear cart", asked once more in place: a slip of the finger would lose every line. */
export function ClearCart({ itemCount }: { itemCount: number }) {
  const [confirming, setConfirming] = useState(false);
  // Once asked, focus follows the question and returns to the button when it is withdrawn
  // (autoFocus: each is mounted afresh when it shows).
  const [asked, setAsked] = useState(false);
  const [clear, { loading, error }] = useMutation(CartClear);
  const ask = (yes: boolean) => {
    setConfirming(yes);
    setAsked(true);
  };

  if (!confirming) {
    return (
      <div className="actions">
        <Button autoFocus={asked} variant="secondary" onClick={() => ask(true)}>
          Clear cart
        </Button>
      </div>
    );
  }
  return (
    <div
      className="clear-cart-confirm"
      role="group"
      aria-labelledby="clear-cart-question"
      onKeyDown={(event) => event.key === "Escape" && ask(false)}
    >
      <p id="clear-cart-question">
        Remove all {itemCount} {itemCount === 1 ? "item" : "items"} from your cart?
      </p>
      <div className="actions">
        <Button autoFocus variant="danger" busy={loading} onClick={() => void clear()}>
          Yes, clear cart
        </Button>
        <Button variant="secondary" onClick={() => ask(false)}>
          Cancel
        </Button>
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}
