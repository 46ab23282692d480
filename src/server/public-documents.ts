import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { PUBLIC_OPERATIONS } from "../auth/public-operations.js";
import type { RequestContext } from "./context.js";

/**
 * A bad Authorization header on a document whose root fields are all public (login,
 * refreshToken, products...) is ignored: the request runs anonymous, so a client holding a
 * stale token can still sign in or refresh. Any protected root field, and the request gets
 * the token's 401. Decided once the document is parsed and validated, before anything runs.
 */
export function bearerOnPublicDocuments(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      // The usual request (no header, or a good token) pays for nothing here.
      if (!contextValue.rejectedToken) return;
      const rejected = contextValue.rejectedToken;
      return {
        async didResolveOperation({ operation, document }) {
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          }
          // Apollo resolves the operation before this hook: it is always there.
          if (!operation || !onlyPublicRootFields(operation, fragments)) throw rejected;
        },
      };
    },
  };
}

/** Root fields through inline fragments and fragment spreads; `__typename` and introspection are public. */
export function onlyPublicRootFields(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): boolean {
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        return name.startsWith("__") || PUBLIC_OPERATIONS.has(name);
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) return walk(selection.selectionSet);
      const name = selection.name.value;
      if (seen.has(name)) return true;
      seen.add(name);
      const fragment = fragments.get(name);
      return fragment !== undefined && walk(fragment.selectionSet);
    });
  return walk(operation.selectionSet);
}
