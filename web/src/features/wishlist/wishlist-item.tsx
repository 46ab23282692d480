import { useMutation } from "@apollo/client/react";
import { useId, useState } from "react";
import { Link } from "react-router";
import { Button, ErrorMessage, Money } from "../../components";
import { getFragmentData, graphql, type FragmentType } from "../../gql";
import { writeWishlist } from "./wishlist-query";

export const WishlistPageItem = graphql(`
  fragment WishlistPageItem on Product {
    id
    name
    priceCents
  }
`);

const WishlistRemove = graphql(`
  mutation WishlistRemove($productId: ID!) {
    removeFromWishlist(productId: $productId) {
      id
      ...WishlistPageItem
    }
  }
`);

/*
 * The cart page's fragment (CartPageCart) field for field, which this feature cannot import:
 * Cart is a singleton in the cache, so this answer replaces the cached cart whole and must
 * leave it complete. Should they drift, the cart query refetches: a request, not a wrong cart.
 */
const WishlistAddToCart = graphql(`
  mutation WishlistAddToCart($productId: ID!) {
    addToCart(productId: $productId, quantity: 1) {
      items {
        product {
          id
          name
          priceCents
        }
        quantity
        subtotalCents
      }
      itemCount
      totalCents
    }
  }
`);

/** One wished-for product: to the cart (then off the list), or off the list. */
export function WishlistItem({ product: masked, onMoved }: { product: FragmentType<typeof WishlistPageItem>; onMoved: (name: string) => void }) {
  const product = getFragmentData(WishlistPageItem, masked);
  const variables = { productId: product.id };
  const [addToCart, { error: addError }] = useMutation(WishlistAddToCart, { variables });
  const [remove, removing] = useMutation(WishlistRemove, {
    variables,
    update: (cache, { data }) => data && writeWishlist(cache, data.removeFromWishlist),
  });

  const [moving, setMoving] = useState(false);
  const nameId = useId();

  async function moveToCart() {
    setMoving(true);
    try {
      // Off the list only once it is in the cart: a refused add (99 there already) keeps it here.
      await addToCart();
      await remove();
      onMoved(product.name);
    } catch {
      // Shown below, from the hooks' errors.
    } finally {
      setMoving(false);
    }
  }

  return (
    <li className="card">
      <h2 id={nameId}>
        <Link to={`/products/${product.id}`}>{product.name}</Link>
      </h2>
      <Money cents={product.priceCents} />
      <div className="actions">
        {/* Named "Move to cart" as asked, described by the product's name to tell the cards apart. */}
        <Button busy={moving} aria-describedby={nameId} onClick={() => void moveToCart()}>
          Move to cart
        </Button>
        <Button variant="secondary" busy={removing.loading} aria-label={`Remove ${product.name} from wishlist`} onClick={() => void remove()}>
          Remove
        </Button>
      </div>
      <ErrorMessage error={addError} />
      <ErrorMessage error={removing.error} />
    </li>
  );
}
