import { Button, ErrorMessage, Notice } from "../../components";
import { useSessionState } from "../../session";
import { SignInToBuy } from "./sign-in-to-buy";
import { useAddToCart } from "./use-add-to-cart";
import { useAddToWishlist } from "./use-add-to-wishlist";

/** A card's shop buttons; each names its product, since a page of cards has a dozen of each. */
export function CardActions({ productId, productName }: { productId: string; productName: string }) {
  const state = useSessionState();
  if (state.status === "starting") return null;
  if (state.status === "signed-out") return <SignInToBuy next="/" />;
  return <SignedInActions productId={productId} productName={productName} />;
}

function SignedInActions({ productId, productName }: { productId: string; productName: string }) {
  const cart = useAddToCart(productId);
  const wishlist = useAddToWishlist(productId);
  return (
    <>
      <div className="actions">
        <Button busy={cart.loading} aria-label={`Add ${productName} to cart`} onClick={() => cart.add(1)}>
          Add to cart
        </Button>
        <Button variant="secondary" busy={wishlist.loading} aria-label={`Add ${productName} to wishlist`} onClick={wishlist.add}>
          Add to wishlist
        </Button>
      </div>
      {cart.notice && <Notice>{cart.notice}</Notice>}
      {wishlist.notice && <Notice>{wishlist.notice}</Notice>}
      <ErrorMessage error={cart.error} />
      <ErrorMessage error={wishlist.error} />
    </>
  );
}
