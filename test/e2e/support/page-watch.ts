import type { BrowserContext, Request } from "playwright-core";

/**
 * What went wrong in a browser context while a test clicked through it, page by page: script
 * errors, CSP violations, console errors, failed requests, and the refusals the API answered.
 * It also counts the session's Refresh mutations. Tests assert on it at their end.
 */
export interface PageWatch {
  pageErrors: string[];
  cspViolations: string[];
  consoleErrors: string[];
  failedRequests: string[];
  /** `extensions.reason` (or `code`) of every GraphQL error the API answered. */
  refusals: string[];
  /** The Refresh mutations sent, with the page that sent them. */
  refreshes: { page: string; at: number }[];
}

/** Chromium reports a violation to the console; the DOM event says so too, whatever the wording. */
const CSP_CONSOLE = /Content Security Policy|securitypolicyviolation/i;

export async function watchContext(context: BrowserContext): Promise<PageWatch> {
  const watch: PageWatch = { pageErrors: [], cspViolations: [], consoleErrors: [], failedRequests: [], refusals: [], refreshes: [] };
  const pageNames = new Map<unknown, string>();
  const nameOf = (page: unknown) => {
    if (!pageNames.has(page)) pageNames.set(page, `page ${pageNames.size + 1}`);
    return pageNames.get(page)!;
  };

  // An init script runs through the DevTools protocol, which the page's CSP does not govern.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`securitypolicyviolation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
    });
  });
  context.on("weberror", (error) => watch.pageErrors.push(`${nameOf(error.page())}: ${error.error().message}`));
  context.on("console", (message) => {
    if (CSP_CONSOLE.test(message.text())) watch.cspViolations.push(message.text());
    else if (message.type() === "error") watch.consoleErrors.push(`${nameOf(message.page())}: ${message.text()}`);
  });
  context.on("requestfailed", (request) => {
    // A reload or navigation cancels what the page had in flight: that is not a failure.
    if (request.failure()?.errorText !== "net::ERR_ABORTED") watch.failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  context.on("request", (request) => {
    if (operationOf(request) === "Refresh") watch.refreshes.push({ page: nameOf(request.frame().page()), at: Date.now() });
  });
  context.on("response", async (response) => {
    if (!new URL(response.url()).pathname.startsWith("/graphql")) return;
    const body = (await response.json().catch(() => null)) as { errors?: { extensions?: { code?: string; reason?: string } }[] } | null;
    for (const error of body?.errors ?? []) watch.refusals.push(error.extensions?.reason ?? error.extensions?.code ?? "unknown");
  });
  return watch;
}

/**
 * A GraphQL request's operation: `operationName` when the body has one (Apollo Client sends
 * it), else the name in the document (the session's own fetches send the query alone).
 */
export function operationOf(request: Request): string | null {
  if (request.method() !== "POST" || !new URL(request.url()).pathname.startsWith("/graphql")) return null;
  const body = bodyOf(request);
  return body?.operationName ?? /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(body?.query ?? "")?.[1] ?? null;
}

function bodyOf(request: Request): { operationName?: string; query?: string } | null {
  try {
    return request.postDataJSON() as { operationName?: string; query?: string } | null;
  } catch {
    return null;
  }
}
