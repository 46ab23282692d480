import { AsyncLocalStorage } from "node:async_hooks";

/** The id of the HTTP request being served, wherever in its async flow the code runs. */
const storage = new AsyncLocalStorage<{ requestId: string }>();

export const runWithRequestId = <T>(requestId: string, work: () => T): T => storage.run({ requestId }, work);

export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;
