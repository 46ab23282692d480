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
  // The guard that sent us here passes the reason in the route state; this tab's session knows it too.
  const routeReason: unknown = (location.state as { reason?: unknown } | null)?.reason;
  const note = sessionEndedMessage(state.reason ?? routeReason);
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
