import { type FragmentType } from "../../gql";
import { CartLine, type CartPageLine } from "./cart-line";

type Line = { product: { id: string } } & FragmentType<typeof CartPageLine>;

/** The cart's lines; below 40rem each row stacks, its cells named by `data-label`. */
export function CartTable({ lines }: { lines: readonly Line[] }) {
  return (
    <table className="responsive cart-table">
      <caption className="visually-hidden">Products in your cart</caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col">Price</th>
          <th scope="col">Quantity</th>
          <th scope="col">Subtotal</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <CartLine key={line.product.id} line={line} />
        ))}
      </tbody>
    </table>
  );
}
