const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** "900" -> 900, "30s" -> 30, "15m" -> 900, "12h", "30d"; null when malformed or not positive. */
export function parseDuration(value: string): number | null {
  const match = /^(\d{1,9})([smhd])?$/.exec(value.trim());
  if (!match) return null;
  const seconds = Number(match[1]) * UNIT_SECONDS[(match[2] ?? "s") as keyof typeof UNIT_SECONDS];
  return seconds > 0 ? seconds : null;
}
