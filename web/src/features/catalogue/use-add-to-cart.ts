import { useMutation } from "@apollo/client/react";
import { graphql } from "../../gql";

/*
 * The selection is the cart page's fragment (CartPageCart) field for field. Cart is a
 * singleton in the cache (keyFields: []), so this result replaces the cached cart and an
 * open or later cart page shows it without a request. Features cannot share the fragment;
 * if the two ever drift, Apollo finds the cart query incomplete and refetches it: one
 * request more, never a wrong cart. (refetchQueries by name would only reach a mounted cart
 * page and leave a cached one stale.)
 */
const CatalogueAddToCart = graphql(`
  mutation CatalogueAddToCart($productId: ID!, $quantity: Int!) {
    addToCart(productId: $productId, quantity: $quantity) {
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

/** Adds a product to the signed-in user's cart; `notice` confirms it with the line's new quantity. */
export function useAddToCart(productId: string) {
  const [mutate, { loading, error, data }] = useMutation(CatalogueAddToCart);
  const line = data?.addToCart.items.find((item) => item.product.id === productId);
  return {
    add: (quantity: number) => void mutate({ variables: { productId, quantity } }),
    loading,
    error,
    notice: line ? `Added to cart (${line.quantity} in your cart)` : null,
  };
}
