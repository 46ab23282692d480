import { GraphQLError, type ValidationContext, type ValidationRule } from "graphql";

/**
 * Refuses an operation whose type the schema has no root for (this API has no
 * subscriptions): graphql-js 16 lets one through validation and fails it in execution,
 * which would answer a client's mistake as an internal error.
 */
export const knownOperationTypes: ValidationRule = (context: ValidationContext) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    context.reportError(
      new GraphQLError(`This API has no ${node.operation} operations: send a query or a mutation`, { nodes: [node] }),
    );
  },
});
