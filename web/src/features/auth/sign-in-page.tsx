import { useLocation } from "react-router";
import { Loading, Page } from "../../components";
import { useSessionState } from "../../session";
import "./auth.css";
import { sessionEndedMessage } from "./session-ended-message";
import { SignedInNotice } from "./signed-in-notice";
import { SignInForm } from "./sign-in-form";

export function SignInPage() {
  const state = useSessionState();
  const location = useLocation();
  if (state.status === "starting") return <Loading />;
  if (state.status === "signed-in") {
    return (
      <Page title="Sign in">
        <SignedInNotice username={state.user.username} />
      </Page>
    );
  }
  // The guard or page that sent us here passes the reason in the route state, the news of this
  // navigation (a password reset from a tab signed out earlier); this tab's session knows it too.
  const routeReason: unknown = (location.state as { reason?: unknown } | null)?.reason;
  const note = sessionEndedMessage(routeReason) ?? sessionEndedMessage(state.reason);
  return (
    <Page title="Sign in">
      {note && (
        <p role="status" className="session-ended">
          {note}
        </p>
      )}
      <SignInForm />
    </Page>
  );
}
