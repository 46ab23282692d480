import { Money } from "../../components";

/** The totals as the server computed them: prices can change, so the browser never adds up. */
export function CartSummary({ itemCount, totalCents }: { itemCount: number; totalCents: number }) {
  return (
    <dl className="cart-summary">
      <div>
        <dt>Items</dt>
        <dd>
          {itemCount} {itemCount === 1 ? "item" : "items"}
        </dd>
      </div>
      <div>
        <dt>Total</dt>
        <dd>
          <Money cents={totalCents} />
        </dd>
      </div>
    </dl>
  );
}
