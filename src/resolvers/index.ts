import { AccountResolver } from "./account.resolver.js";
import { AuthResolver } from "./auth.resolver.js";
import { CartResolver } from "./cart.resolver.js";
import { ProductConnectionResolver, ProductResolver } from "./product.resolver.js";
import { SessionResolver } from "./session.resolver.js";
import { UserConnectionResolver, UserResolver } from "./user.resolver.js";
import { WishlistResolver } from "./wishlist.resolver.js";

export const resolvers = [
  AuthResolver,
  AccountResolver,
  SessionResolver,
  UserResolver,
  UserConnectionResolver,
  ProductResolver,
  ProductConnectionResolver,
  CartResolver,
  WishlistResolver,
] as const;
