import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from "@apollo/server";
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { PAGE_SIZE_MAX } from "../db/keyset-page.js";

/**
 * The cost of a document, estimated the same however it is written: every field costs 1,
 * and a field that returns many things multiplies what is selected under it by how many
 * it may return. That number comes from `first` (a literal or a variable alike, else its
 * default), never above the field's maximum; a list without `first` counts as its
 * maximum size (LIST_SIZES). A fragment costs what its inline form costs. Introspection
 * (`__schema`, `__type`) and `__typename` are free.
 */

/** The most a `first` argument may ask for: the connections refuse more. */
const MAX_PAGE = PAGE_SIZE_MAX;

/**
 * The most items each list field without `first` can hold, by "Type.field". A connection's
 * `edges` hold at most its `first`, already counted on the connection. A test walks the
 * schema so that no list of objects is missing here.
 */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  "Query.sessions": 100, // MAX_SESSIONS_PER_USER's default; costLimit takes the configured one
  "Query.wishlist": 100,
  "Query.users": 1000, // every account at once: deprecated for usersConnection
  "Cart.items": 100,
  "Mutation.addToWishlist": 100,
  "Mutation.removeFromWishlist": 100,
  "ProductConnection.edges": 1,
  "UserConnection.edges": 1,
};

type Variables = Record<string, unknown> | undefined;

/** The cost of the operation of `document` that runs, with the request's variables. */
export function documentCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
  listSizes: Readonly<Record<string, number>> = LIST_SIZES,
): number {
  // A variable the request leaves out has the default its definition gives.
  const given: Record<string, unknown> = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (given[name] === undefined && definition.defaultValue) given[name] = valueOf(definition.defaultValue, undefined);
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  // Validation has refused fragment cycles already; the memo makes each fragment cost one walk.
  const fragmentCosts = new Map<string, number>();

  const selectionCost = (set: SelectionSetNode, parent: GraphQLNamedType): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        cost += fieldCost(selection, parent);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type) cost += selectionCost(selection.selectionSet, type);
      } else {
        const name = selection.name.value;
        let known = fragmentCosts.get(name);
        if (known === undefined) {
          const fragment = fragments.get(name);
          const type = fragment && schema.getType(fragment.typeCondition.name.value);
          known = fragment && type ? selectionCost(fragment.selectionSet, type) : 0;
          fragmentCosts.set(name, known);
        }
        cost += known;
      }
    }
    return cost;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLNamedType): number => {
    const name = node.name.value;
    if (name === "__typename" || name === "__schema" || name === "__type") return 0;
    if (!isObjectType(parent) && !isInterfaceType(parent)) return 1;
    const field = parent.getFields()[name];
    if (!field) return 1;
    if (!node.selectionSet) return 1;
    return 1 + multiplier(parent.name, field, node, given, listSizes) * selectionCost(node.selectionSet, getNamedType(field.type));
  };

  return selectionCost(operation.selectionSet, root);
}

function multiplier(
  parent: string,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Variables,
  listSizes: Readonly<Record<string, number>>,
): number {
  const first = field.args.find((arg) => arg.name === "first");
  if (first) {
    const given = node.arguments?.find((arg) => arg.name.value === "first")?.value;
    const asked = given ? valueOf(given, variables) : undefined;
    const value = typeof asked === "number" ? asked : typeof first.defaultValue === "number" ? first.defaultValue : MAX_PAGE;
    return Math.max(0, Math.min(value, MAX_PAGE));
  }
  if (isListType(getNullableType(field.type))) return listSizes[`${parent}.${field.name}`] ?? MAX_PAGE;
  return 1;
}

function valueOf(value: ValueNode, variables: Variables): unknown {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) return variables?.[value.name.value];
  return undefined;
}

/** Refuses (400, before anything runs) a document whose cost passes GRAPHQL_MAX_COST. */
export function costLimit(maxCost: number, listSizes: Readonly<Record<string, number>> = LIST_SIZES): ApolloServerPlugin {
  // One listener for every request: it keeps no state of its own.
  const listener: GraphQLRequestListener<BaseContext> = {
    async didResolveOperation({ schema, document, operation, request }) {
      if (!operation) return; // Apollo answers a missing or ambiguous operation itself
      const cost = documentCost(schema, document, operation, request.variables, listSizes);
      if (cost <= maxCost) return;
      throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${maxCost} (GRAPHQL_MAX_COST)`, {
        extensions: { code: "GRAPHQL_VALIDATION_FAILED", cost, maxCost, http: { status: 400 } },
      });
    },
  };
  return { requestDidStart: async () => listener };
}
