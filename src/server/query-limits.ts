import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from "graphql";
import type { QueryLimits } from "../config/config.js";

/** Mutations that cost a password hash or mint tokens: a document may hold only a few. */
export const EXPENSIVE_MUTATIONS: ReadonlySet<string> = new Set(["login", "register", "refreshToken", "changePassword"]);

/**
 * Limits on what one GraphQL document may ask (GraphQL Armor: depth, aliases, directives,
 * cost; graphql-js: tokens), plus a cap on expensive mutations,
 * so that one request cannot be a thousand sign-in attempts.
 */
export function queryLimits(limits: QueryLimits): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[]; parseOptions: ParseOptions } {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.depth, exposeLimits: true },
    maxAliases: { n: limits.aliases, exposeLimits: true },
    maxDirectives: { n: limits.directives, exposeLimits: true },
    // graphql-js counts tokens while parsing (a 400 parse error); Armor's plugin answers 500.
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.cost, exposeLimits: true },
    // Suggestions are removed in formatError instead: Armor's mask misses enum values.
    blockFieldSuggestion: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  return {
    // Armor is typed against Apollo's CommonJS build; the plugins are the same objects.
    plugins: plugins as unknown as ApolloServerPlugin[],
    validationRules: [...validationRules, maxExpensiveMutations(limits.authOperations)],
    parseOptions: { maxTokens: limits.tokens },
  };
}

export function maxExpensiveMutations(max: number): ValidationRule {
  return (context: ValidationContext) => {
    let count = 0;
    return {
      Field(node) {
        if (context.getParentType()?.name !== "Mutation" || !EXPENSIVE_MUTATIONS.has(node.name.value)) return;
        count += 1;
        if (count === max + 1) {
          context.reportError(
            new GraphQLError(`At most ${max} of login, register, refreshToken and changePassword in one request`, {
              nodes: [node],
            }),
          );
        }
      },
    };
  };
}
