import { ApolloProvider } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { BrowserRouter } from "react-router";
import { AuthApiError, SessionProvider } from "../session";
import { describe } from "../lib/graphql-errors";
import { AppRoutes } from "./routes";
import type { AppServices } from "./services";

export function App({ session, client }: AppServices) {
  const [startProblem, setStartProblem] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    let failed = false;
    // Could not tell (offline, the server down): ask again when the browser is back online,
    // and then fetch again what the pages showed as failed meanwhile.
    const attempt = () => {
      session.start().then(
        () => {
          if (!active) return;
          setStartProblem(null);
          if (failed) void client.refetchQueries({ include: "active" }).catch(() => undefined);
        },
        (error: unknown) => {
          if (!active) return;
          failed = true;
          setStartProblem(startProblemOf(error));
          window.addEventListener("online", attempt, { once: true });
        },
      );
    };
    attempt();
    return () => {
      active = false;
      window.removeEventListener("online", attempt);
    };
  }, [session, client]);
  return (
    <SessionProvider session={session}>
      <ApolloProvider client={client}>
        <BrowserRouter>
          <AppRoutes startProblem={startProblem} />
        </BrowserRouter>
      </ApolloProvider>
    </SessionProvider>
  );
}

/** Why start() could not tell whether this browser is signed in. */
function startProblemOf(error: unknown): string {
  if (error instanceof AuthApiError) {
    // The page's origin is not the one the API trusts (PUBLIC_URL, CORS_ORIGINS): a set-up mistake.
    if (error.reason === "CROSS_SITE_REQUEST") return "This page is not served from the origin the API expects (its PUBLIC_URL), so it cannot sign you in.";
    if (error.errors[0]) return describe(error.errors[0]);
  }
  return "The server cannot be reached right now: you may be signed out until it answers.";
}
