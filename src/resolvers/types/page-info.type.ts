import { Field, ObjectType } from "type-graphql";

/** Where a page of a Relay connection ends, and whether another follows. */
@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
