import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { authChecker } from "../auth/auth-checker.js";
import { resolvers } from "../resolvers/index.js";

/** The executable schema; no database or config needed, so `npm run schema` can print it. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, authChecker, validate: false });
}
