/** GraphQL's Int is 32-bit: no Int field may return more. */
export const GRAPHQL_INT_MAX = 2_147_483_647;
