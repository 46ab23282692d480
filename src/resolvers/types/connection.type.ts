import { Field, ObjectType, type ClassType } from "type-graphql";
import { PageInfo } from "./page-info.type.js";

/**
 * A Relay connection of `node`: `<Name>Connection { edges: [<Name>Edge!]! pageInfo }`, each
 * edge a cursor and a node. A resolver may add `totalCount` as a field resolver.
 */
export function Connection<T extends object>(name: string, node: ClassType<T>, description: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field(() => String, { description: "Opaque: pass it as `after` to read on from here." })
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description, simpleResolvers: true })
  class Page {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return Page;
}
