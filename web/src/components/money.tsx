const format = new Intl.NumberFormat(undefined, { style: "currency", currency: "USD" });

/** Cents as the server counts them, shown as money. */
export function Money({ cents }: { cents: number }) {
  return <span className="money">{format.format(cents / 100)}</span>;
}
