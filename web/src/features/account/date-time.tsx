const dateAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "long" });

/** An instant from the API (ISO 8601) in the reader's language and time zone. */
export function DateTime({ value, date = false }: { value: string; date?: boolean }) {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return <>{value}</>;
  return <time dateTime={instant.toISOString()}>{(date ? dateOnly : dateAndTime).format(instant)}</time>;
}
