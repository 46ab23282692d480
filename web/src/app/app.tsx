import { ApolloProvider } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { BrowserRouter } from "react-router";
import { SessionProvider } from "../session";
import { AppRoutes } from "./routes";
import type { AppServices } from "./services";

export function App({ session, client }: AppServices) {
  const [startProblem, setStartProblem] = useState<string | null>(null);
  useEffect(() => {
    session.start().catch(() => setStartProblem("The server cannot be reached right now: you may be signed out until it answers."));
  }, [session]);
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
