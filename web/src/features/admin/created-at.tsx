const format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** When a row was created, as a date people read. */
export function CreatedAt({ iso }: { iso: string }) {
  return <time dateTime={iso}>{format.format(new Date(iso))}</time>;
}
