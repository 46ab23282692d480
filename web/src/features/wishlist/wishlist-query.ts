import type { ApolloCache } from "@apollo/client";
import { graphql } from "../../gql";
import type { WishlistPageQuery as WishlistData } from "../../gql/graphql";

export const WishlistPageQuery = graphql(`
  query WishlistPage {
    wishlist {
      id
      ...WishlistPageItem
    }
  }
`);

/**
 * The wishlist mutations answer with the whole new list, selected like the query: it
 * becomes the query's answer (a list of products is not put onto a query by itself). The
 * products are in the cache already (the answer normalized them), so the field takes their
 * references; replacing it this way, not with writeQuery, spares Apollo's "data may be
 * lost" warning for a list that got shorter.
 */
export function writeWishlist(cache: ApolloCache, wishlist: WishlistData["wishlist"]): void {
  cache.modify({
    fields: { wishlist: (_existing, { toReference }) => wishlist.flatMap((product) => toReference(product) ?? []) },
  });
}
