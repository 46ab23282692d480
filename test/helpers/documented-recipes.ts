import { expect } from "vitest";
import type { RecordedExchange } from "./recording-fetch.js";

/**
 * Props for running the client libraries' own documented recipes as written: the storage
 * they read tokens from, and the check that their refreshes kept the session alive.
 */

/** The part of the Web Storage API the documented recipes use, in memory (Node has no localStorage). */
export function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (key: string): string | null => items.get(key) ?? null,
    setItem: (key: string, value: unknown): void => void items.set(key, String(value)), // coerces, as localStorage does
    removeItem: (key: string): void => void items.delete(key),
    clear: (): void => items.clear(),
  };
}

/**
 * Every refresh succeeded, and the refreshes that presented the same refresh token (two
 * operations racing) all got the same new one back: the reuse interval, not a revocation.
 */
export function expectOneSuccessorPerToken(refreshes: RecordedExchange[]): void {
  expect(refreshes.map((e) => [e.status, e.reasons])).toEqual(refreshes.map(() => [200, []]));
  const successors = new Map<unknown, Set<string>>();
  for (const exchange of refreshes) {
    const presented = exchange.variables.refreshToken;
    const issued = (exchange.body?.data?.refreshToken ?? exchange.body?.data?.refreshLogin)?.refreshToken as string;
    successors.set(presented, (successors.get(presented) ?? new Set()).add(issued));
  }
  for (const issued of successors.values()) expect(issued.size).toBe(1);
}

/**
 * Two operations refused at once each refreshed with the same refresh token, `presented`
 * (the race happened: neither waited for the other), and both got the same new one back.
 */
export function expectRacingRefreshes(refreshes: RecordedExchange[], presented: string): void {
  expect(refreshes.map((e) => e.variables.refreshToken)).toEqual([presented, presented]);
  expectOneSuccessorPerToken(refreshes);
}
