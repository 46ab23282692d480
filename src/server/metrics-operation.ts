import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from "graphql";

/**
 * The `operation` label of the GraphQL request metrics. A client names its operations as it
 * likes (`query AnythingAtAll`), so that name would let any caller add time series without
 * end. The label is what the request asked the schema for instead: its root field (`me`,
 * `login`, `products`), a set the schema bounds; `multiple` for a document with several
 * different root fields, `invalid` for one that never got to run (unparsable, invalid, no
 * such operation), `__typename` for one that asks only for that. Aliases and fragments
 * change nothing: `a: login(...)` is `login`.
 */

export const MULTIPLE = "multiple";
export const INVALID = "invalid";

export type OperationLabeler = (document: DocumentNode, operation: OperationDefinitionNode) => string;

/** Every value the label can take with this schema: the root fields, introspection's, and the three above. */
export function operationLabels(schema: GraphQLSchema): string[] {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  const fields = roots.flatMap((root) => (root ? Object.keys(root.getFields()) : []));
  return [...new Set([...fields, "__schema", "__type", "__typename", MULTIPLE, INVALID])];
}

export function operationLabeler(schema: GraphQLSchema): OperationLabeler {
  const known = new Set(operationLabels(schema));
  return (document, operation) => {
    const label = plainRootField(operation.selectionSet) ?? labelOf(rootFields(document, operation.selectionSet));
    // Validation has made sure of it; should anything slip past, it still adds no series.
    return known.has(label) ? label : INVALID;
  };
}

/** The usual document, fields only at the root: its label without allocating anything; null when fragments are there. */
function plainRootField(selectionSet: SelectionSetNode): string | null {
  let found: string | undefined;
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return null;
    const name = selection.name.value;
    if (name === "__typename" || name === found) continue;
    if (found !== undefined) return MULTIPLE;
    found = name;
  }
  return found ?? "__typename";
}

function labelOf(names: ReadonlySet<string>): string {
  if (names.size === 0) return "__typename";
  return names.size === 1 ? names.values().next().value! : MULTIPLE;
}

/** The root field names through inline fragments and fragment spreads (each spread once), `__typename` left out. */
function rootFields(
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  names = new Set<string>(),
  spread = new Set<string>(),
): Set<string> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== "__typename") names.add(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      rootFields(document, selection.selectionSet, names, spread);
    } else if (!spread.has(selection.name.value)) {
      spread.add(selection.name.value);
      const fragment = document.definitions.find(
        (definition): definition is FragmentDefinitionNode =>
          definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
      );
      if (fragment) rootFields(document, fragment.selectionSet, names, spread);
    }
  }
  return names;
}
