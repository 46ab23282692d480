import { graphql } from "../../gql";

/*
 * What the cart page shows, and what every mutation here answers with: Cart is a singleton
 * in the cache (keyFields: []), so each answer replaces the cached cart whole. A mutation
 * selecting less would leave the `cart` query incomplete. The catalogue's and the
 * wishlist's addToCart select these same fields (they cannot import this fragment).
 */
export const CartPageCart = graphql(`
  fragment CartPageCart on Cart {
    items {
      product {
        id
      }
      ...CartPageLine
    }
    itemCount
    totalCents
  }
`);
