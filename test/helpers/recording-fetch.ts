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
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const method = (init.method ?? "GET").toUpperCase();
    const sent = (
      method === "GET"
        ? { query: url.searchParams.get("query"), variables: JSON.parse(url.searchParams.get("variables") ?? "{}") }
        : JSON.parse(String(init.body))
    ) as { query?: string | null; variables?: Record<string, unknown> };
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

function rootFieldsOf(query: string): string[] {
  const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return (operation?.selectionSet.selections ?? []).flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
}
