import { useMutation } from "@apollo/client/react";
import { Link } from "react-router";
import { Button, ErrorMessage, Money } from "../../components";
import { getFragmentData, graphql, type FragmentType } from "../../gql";
import { CartQuantity } from "./cart-quantity";

export const CartPageLine = graphql(`
  fragment CartPageLine on CartItem {
    product {
      id
      name
      priceCents
    }
    quantity
    subtotalCents
  }
`);

const CartRemove = graphql(`
  mutation CartRemove($productId: ID!) {
    removeFromCart(productId: $productId) {
      ...CartPageCart
    }
  }
`);

/** One row of the cart: the product, its price, how many (editable), the server's subtotal. */
export function CartLine({ line: masked }: { line: FragmentType<typeof CartPageLine> }) {
  const { product, quantity, subtotalCents } = getFragmentData(CartPageLine, masked);
  const [remove, { loading, error }] = useMutation(CartRemove, { variables: { productId: product.id } });
  return (
    <tr>
      <td>
        <Link to={`/products/${product.id}`}>{product.name}</Link>
      </td>
      <td data-label="Price">
        <Money cents={product.priceCents} />
      </td>
      <td data-label="Quantity">
        <CartQuantity productId={product.id} productName={product.name} quantity={quantity} />
      </td>
      <td data-label="Subtotal">
        <Money cents={subtotalCents} />
      </td>
      <td>
        <Button variant="secondary" busy={loading} aria-label={`Remove ${product.name} from cart`} onClick={() => void remove()}>
          Remove
        </Button>
        <ErrorMessage error={error} />
      </td>
    </tr>
  );
}
