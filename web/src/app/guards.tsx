import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { Loading, Page } from "../components";
import { withNotice } from "../lib/route-notice";
import { useSessionState } from "../session";

/** Pages for signed-in users: others go to sign in, and come back after (a deleted account's: home). */
export function RequireSignedIn({ children }: { children: ReactNode }) {
  const state = useSessionState();
  const location = useLocation();
  if (state.status === "starting") return <Loading />;
  if (state.status === "signed-out") {
    // Nothing to sign in to any more: the home page, saying why (here, or in another tab of the account).
    if (state.reason === "ACCOUNT_DELETED") {
      return <Navigate to="/" replace state={withNotice("Your account was deleted, with its cart, wishlist and sessions. Goodbye!")} />;
    }
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace state={{ reason: state.reason }} />;
  }
  return children;
}

/** ADMIN pages: hidden from the menu for others, and refused here (the API refuses too). */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const state = useSessionState();
  if (state.status === "signed-in" && state.user.role !== "ADMIN") {
    return (
      <Page title="Not allowed">
        <p>This page is for administrators.</p>
      </Page>
    );
  }
  return <RequireSignedIn>{children}</RequireSignedIn>;
}
