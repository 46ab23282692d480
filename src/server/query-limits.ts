import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from "graphql";
import type { QueryLimits } from "../config/config.js";
import { LIST_SIZES, costLimit } from "./query-cost.js";

/** Mutations that cost a password hash or mint tokens: a document may hold only a few. */
export const EXPENSIVE_MUTATIONS: ReadonlySet<string> = new Set([
  "login",
  "register",
  "refreshToken",
  "changePassword",
  // A password hash, or an e-mail, each.
  "changeEmail",
  "deleteAccount",
  "resetPassword",
  "requestPasswordReset",
  "requestEmailVerification",
]);

/**
 * Limits on what one GraphQL document may ask (GraphQL Armor: depth, aliases, directives,
 * cost; graphql-js: tokens), plus a cap on expensive mutations,
 * so that one request cannot be a thousand sign-in attempts.
 */
export function queryLimits(limits: QueryLimits, maxSessionsPerUser: number): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[]; parseOptions: ParseOptions } {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.depth, exposeLimits: true },
    maxAliases: { n: limits.aliases, exposeLimits: true },
    maxDirectives: { n: limits.directives, exposeLimits: true },
    // graphql-js counts tokens while parsing (a 400 parse error); Armor's plugin answers 500.
    maxTokens: { enabled: false },
    // Our own estimate (query-cost.ts): Armor's prices a fragment above its inline form and
    // ignores `first` given as a variable.
    costLimit: { enabled: false },
    // Suggestions are removed in formatError instead: Armor's mask misses enum values.
    blockFieldSuggestion: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  return {
    // Armor is typed against Apollo's CommonJS build; the plugins are the same objects.
    plugins: [...(plugins as unknown as ApolloServerPlugin[]), costLimit(limits.cost, Object.assign({}, LIST_SIZES, { "Query.sessions": maxSessionsPerUser }))],
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
            new GraphQLError(`At most ${max} of login, register, refreshToken, changePassword and the e-mail flows in one request`, {
              nodes: [node],
            }),
          );
        }
      },
    };
  };
}

/**
 * GraphQL Armor and graphql-js word a limit as a "Syntax Error:", which sends a client
 * looking for a typo. These say which limit it was, and its variable.
 */
const LIMIT_MESSAGES: [RegExp, (found: string[]) => string][] = [
  [/^Syntax Error: Query depth limit of (\d+) exceeded, found (\d+)\.$/, ([max, found]) => `Query depth ${found} exceeds the limit of ${max} (GRAPHQL_MAX_DEPTH)`],
  [/^Syntax Error: Aliases limit of (\d+) exceeded, found (\d+)\.$/, ([max, found]) => `${found} aliases exceed the limit of ${max} (GRAPHQL_MAX_ALIASES)`],
  [/^Syntax Error: Directives limit of (\d+) exceeded, found (\d+)\.$/, ([max, found]) => `${found} directives exceed the limit of ${max} (GRAPHQL_MAX_DIRECTIVES)`],
  [/^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/, ([max]) => `The document has more than ${max} tokens, the limit (GRAPHQL_MAX_TOKENS)`],
];

/** The message of a query-limit refusal, said plainly; undefined for any other message. */
export function describeLimitError(message: string): string | undefined {
  for (const [pattern, describe] of LIMIT_MESSAGES) {
    const match = pattern.exec(message);
    if (match) return describe(match.slice(1));
  }
  return undefined;
}
