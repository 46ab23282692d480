import { useQuery } from "@apollo/client/react";
import { useState } from "react";
import { useLocation } from "react-router";
import { Button } from "../../components";
import { useSessionState } from "../../session";
import { EmailStatusDocument } from "./email-status";
import { SendVerificationLink } from "./send-verification-link";
import "./verify-email-banner.css";

/**
 * Above every page, for a signed-in user whose address is not verified: until it is, no
 * password reset can reach them. Not on /verify-email, which is verifying it; "Not now"
 * hides it until the next page load.
 */
export function VerifyEmailBanner() {
  const state = useSessionState();
  const { pathname } = useLocation();
  const signedIn = state.status === "signed-in";
  const { data } = useQuery(EmailStatusDocument, { skip: !signedIn });
  const [dismissed, setDismissed] = useState(false);
  const me = signedIn ? data?.me : undefined;
  if (!data?.mailEnabled || !me?.email || me.emailVerified || dismissed || pathname === "/verify-email") return null;
  return (
    <section className="banner verify-email-banner" aria-label="E-mail not verified">
      <p>
        <strong>Verify your e-mail address.</strong> {me.email} is not verified yet: until it is, we cannot send you a link to reset your
        password.
      </p>
      <div className="verify-email-banner-actions">
        <SendVerificationLink email={me.email} />
        <Button variant="secondary" onClick={() => setDismissed(true)}>
          Not now
        </Button>
      </div>
    </section>
  );
}
