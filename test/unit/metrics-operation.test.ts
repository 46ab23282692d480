import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { INVALID, MULTIPLE, operationLabeler, operationLabels } from "../../src/server/metrics-operation.js";

const schema = buildSchema(`
  type User { id: ID! name: String }
  type Query { me: User products: [String!]! }
  type Mutation { login(username: String!): String logout: Boolean }
`);
const label = operationLabeler(schema);

/** The label of `source`'s operation (its first, or the one named). */
function labelOf(source: string, name?: string): string {
  const document = parse(source);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  return label(document, operations.find((o) => name === undefined || o.name?.value === name)!);
}

describe("the operation label of the GraphQL metrics", () => {
  it("is the root field asked for, whatever the client names its operation", () => {
    expect(labelOf("{ me { id } }")).toBe("me");
    expect(labelOf("query WhoAmI { me { id name } }")).toBe("me");
    expect(labelOf('mutation AnyNameAtAll_4f2a9c { login(username: "x") }')).toBe("login");
  });

  it("takes field names, not aliases, and sees through fragments", () => {
    expect(labelOf('mutation { a: login(username: "x") b: login(username: "y") }')).toBe("login");
    expect(labelOf("{ ... on Query { me { id } } }")).toBe("me");
    expect(labelOf("query { ...Root } fragment Root on Query { me { id } __typename }")).toBe("me");
    expect(labelOf("query { ...A ...A } fragment A on Query { ...B } fragment B on Query { products }")).toBe("products");
  });

  it("is `multiple` for several root fields, and `__typename` for that alone", () => {
    expect(labelOf("{ me { id } products }")).toBe(MULTIPLE);
    expect(labelOf("{ me { id } ... on Query { products } }")).toBe(MULTIPLE);
    expect(labelOf("{ __typename me { id } }")).toBe("me");
    expect(labelOf("{ __typename }")).toBe("__typename");
  });

  it("picks the operation run out of several in a document", () => {
    const document = "query A { me { id } } mutation B { logout }";
    expect(labelOf(document, "A")).toBe("me");
    expect(labelOf(document, "B")).toBe("logout");
  });

  it("never takes a value outside the schema's bounded set, so clients cannot add series", () => {
    // Validation refuses such a document first; were one to get here, it adds no label value.
    expect(labelOf("{ notAField }")).toBe(INVALID);
    const values = new Set(operationLabels(schema));
    for (let i = 0; i < 1000; i++) values.add(labelOf(`query Op${i} { x${i}: me { id } }`));
    expect([...values].sort()).toEqual(
      ["__schema", "__type", "__typename", "invalid", "login", "logout", "me", "multiple", "products"].sort(),
    );
  });
});
