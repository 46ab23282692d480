import { useMutation } from "@apollo/client/react";
import { graphql } from "../../gql";

/*
 * The mutation answers with the whole new wishlist. It selects what the wishlist page shows
 * of each product (id, name, price), so a cached wishlist query stays complete when its
 * list is replaced below.
 */
const CatalogueAddToWishlist = graphql(`
  mutation CatalogueAddToWishlist($productId: ID!) {
    addToWishlist(productId: $productId) {
      id
      name
      priceCents
    }
  }
`);

/** Adds a product to the signed-in user's wishlist, and to the cached `wishlist` query if there is one. */
export function useAddToWishlist(productId: string) {
  const [mutate, { loading, error, data }] = useMutation(CatalogueAddToWishlist, {
    update(cache, { data: result }) {
      if (!result) return;
      // modify() changes the field only where it is cached: a wishlist never read stays unread.
      cache.modify({
        fields: {
          wishlist: (_existing, { toReference }) => result.addToWishlist.flatMap((product) => toReference(product) ?? []),
        },
      });
    },
  });
  return {
    add: () => void mutate({ variables: { productId } }),
    loading,
    error,
    notice: data ? "Added to wishlist" : null,
  };
}
