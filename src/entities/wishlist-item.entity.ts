import { randomUUID } from "node:crypto";
import { DateTimeType, Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from "@mikro-orm/core";
import { Product } from "./product.entity.js";
import { User } from "./user.entity.js";

/** A product on a user's wishlist: at most once per user. */
@Entity({ tableName: "wishlist_items" })
@Unique({ properties: ["user", "product"] })
export class WishlistItem {
  [OptionalProps]?: "id" | "createdAt";

  @PrimaryKey({ type: "uuid" })
  id: string = randomUUID();

  @ManyToOne(() => User, { ref: true, deleteRule: "cascade" })
  user!: Ref<User>;

  @ManyToOne(() => Product, { deleteRule: "cascade", index: true })
  product!: Product;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}
