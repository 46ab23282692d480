import { useState } from "react";
import { Button, ErrorMessage, Notice } from "../../components";
import { useFormErrors } from "../../lib/use-form-errors";
import { useSessionState } from "../../session";
import { QuantitySelect } from "./quantity-select";
import { SignInToBuy } from "./sign-in-to-buy";
import { useAddToCart } from "./use-add-to-cart";
import { useAddToWishlist } from "./use-add-to-wishlist";

/** The product page's shop controls: how many to add to the cart, and the wishlist. */
export function ProductPurchase({ productId }: { productId: string }) {
  const state = useSessionState();
  if (state.status === "starting") return null;
  if (state.status === "signed-out") return <SignInToBuy next={`/products/${productId}`} />;
  return <PurchaseForm productId={productId} />;
}

function PurchaseForm({ productId }: { productId: string }) {
  const [quantity, setQuantity] = useState(1);
  const cart = useAddToCart(productId);
  const wishlist = useAddToWishlist(productId);
  const { fields, other } = useFormErrors(cart.error);
  return (
    <>
      <ErrorMessage errors={other} />
      <form
        className="product-purchase"
        onSubmit={(event) => {
          event.preventDefault();
          cart.add(quantity);
        }}
      >
        <QuantitySelect value={quantity} onChange={setQuantity} error={fields.quantity} />
        <div className="actions">
          <Button type="submit" busy={cart.loading}>
            Add to cart
          </Button>
          <Button variant="secondary" busy={wishlist.loading} onClick={wishlist.add}>
            Add to wishlist
          </Button>
        </div>
      </form>
      {cart.notice && <Notice>{cart.notice}</Notice>}
      {wishlist.notice && <Notice>{wishlist.notice}</Notice>}
      <ErrorMessage error={wishlist.error} />
    </>
  );
}
