import { Kind, parse, type OperationDefinitionNode } from "graphql";

/**
 * A fetch that writes down every GraphQL exchange it carries, for tests that count what a
 * client library sent: how many refreshes, which requests were refused and why.
 */

export interface RecordedExchange {
  method: string;
  /** The root fields of the operation sent, e.g. ["refreshToken"]. */
  rootFields: string[];
  variables: Record<string, unknown>;
  /** The bearer token sent, if any. */
  token: string | null;
  status: number;
  /** extensions.reason of every error in the answer. */
  reasons: string[];
  /** The answer's JSON (undefined when it was not JSON). */
  body: { data?: Record<string, any> | null; errors?: { extensions?: Record<string, unknown> }[] } | undefined;
}

export interface RecordingFetch {
  fetch: typeof fetch;
  exchanges: RecordedExchange[];
  /** The exchanges whose operation has `field` at its root. */
  of(field: string): RecordedExchange[];
}

export function createRecordingFetch(send: typeof fetch = fetch): RecordingFetch {
  const exchanges: RecordedExchange[] = [];
  const recording = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const { method, sent } = requestOf(input, init);
    const authorization = new Headers(init.headers).get("authorization");
    const response = await send(input, init);
    const text = await response.clone().text();
    let body: RecordedExchange["body"];
    try {
      body = JSON.parse(text) as RecordedExchange["body"];
    } catch {
      body = undefined;
    }
    exchanges.push({
      method,
      rootFields: sent.query ? rootFieldsOf(sent.query) : [],
      variables: sent.variables ?? {},
      token: authorization?.replace(/^Bearer /, "") ?? null,
      status: response.status,
      reasons: (body?.errors ?? []).map((e) => String(e.extensions?.reason ?? "")),
      body,
    });
    return response;
  };
  return {
    fetch: recording as typeof fetch,
    exchanges,
    of: (field) => exchanges.filter((e) => e.rootFields.includes(field)),
  };
}

/**
 * A fetch whose answers to operations with `field` at their root reach the caller `ms` late:
 * the server has answered (and, for a browser, sent its Set-Cookie), the network is slow.
 * For tests that need something else to happen while such a request is out.
 */
export function withSlowAnswers(send: typeof fetch, field: string, ms: number): typeof fetch {
  const slow = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const { sent } = requestOf(input, init);
    const response = await send(input, init);
    if (sent.query && rootFieldsOf(sent.query).includes(field)) await new Promise((resolve) => setTimeout(resolve, ms));
    return response;
  };
  return slow as typeof fetch;
}

/**
 * A fetch that answers operations with `field` at their root last: such an answer reaches the
 * caller only once no other request is out (and the caller has had a moment with those
 * answers). Two queries sent together on an expired token then both meet the refusal before
 * any refresh is answered, every run: the race the documented recipes are tested in.
 */
export function withAnswersLast(send: typeof fetch, field: string): typeof fetch {
  let othersOut = 0;
  let held: (() => void)[] = [];
  const release = () => {
    if (othersOut > 0) return;
    const waiting = held;
    held = [];
    setTimeout(() => waiting.forEach((resume) => resume()), 10);
  };
  const last = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const { sent } = requestOf(input, init);
    if (!(sent.query && rootFieldsOf(sent.query).includes(field))) {
      othersOut++;
      try {
        return await send(input, init);
      } finally {
        othersOut--;
        release();
      }
    }
    const response = await send(input, init);
    await new Promise<void>((resume) => {
      held.push(resume);
      release();
    });
    return response;
  };
  return last as typeof fetch;
}

function requestOf(input: string | URL | Request, init: RequestInit) {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const method = (init.method ?? "GET").toUpperCase();
  const sent = (
    method === "GET"
      ? { query: url.searchParams.get("query"), variables: JSON.parse(url.searchParams.get("variables") ?? "{}") }
      : JSON.parse(String(init.body))
  ) as { query?: string | null; variables?: Record<string, unknown> };
  return { method, sent };
}

function rootFieldsOf(query: string): string[] {
  const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return (operation?.selectionSet.selections ?? []).flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
}
