import { Product } from "../../entities/product.entity.js";
import { Connection } from "./connection.type.js";

/** `totalCount` is resolved by ProductConnectionResolver, only when asked for. */
export const ProductConnection = Connection("Product", Product, "A page of the catalogue, newest first (Relay connection).");
export type ProductConnection = InstanceType<typeof ProductConnection>;
