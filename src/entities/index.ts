import { CartItem } from "./cart-item.entity.js";
import { LinkKind, LinkToken } from "./link-token.entity.js";
import { OutboxMail, OutboxStatus } from "./outbox-mail.entity.js";
import { Product } from "./product.entity.js";
import { RetiredRefreshToken } from "./retired-refresh-token.entity.js";
import { Session } from "./session.entity.js";
import { User } from "./user.entity.js";
import { WishlistItem } from "./wishlist-item.entity.js";

export { Role } from "./role.js";
export { RefreshTokenTransport } from "./refresh-token-transport.js";
export { CartItem, LinkKind, LinkToken, OutboxMail, OutboxStatus, Product, RetiredRefreshToken, Session, User, WishlistItem };

export const entities = [User, Session, RetiredRefreshToken, Product, CartItem, WishlistItem, OutboxMail, LinkToken];
