import { useEffect, useRef, useState } from "react";
import { Button, ErrorMessage } from "../../components";
import { useSession, useSessionAction } from "../../session";

/** Ends every session of the account, this one too, after an inline "Are you sure?". */
export function SignOutEverywhere() {
  const session = useSession();
  const signOutEverywhere = useSessionAction(() => session.signOutEverywhere());
  const [confirming, setConfirming] = useState(false);
  // The button that was clicked goes away: focus follows to the other state's last button
  // (Cancel, the safe choice; or "Sign out everywhere" again), not to the top of the page.
  const boxRef = useRef<HTMLDivElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) boxRef.current?.querySelector<HTMLButtonElement>("button:last-of-type")?.focus();
  }, [confirming]);

  function ask(next: boolean) {
    asked.current = true;
    setConfirming(next);
  }

  return (
    <div className="sign-out-everywhere" ref={boxRef}>
      {confirming ? (
        <div role="group" aria-labelledby="sign-out-everywhere-question" className="confirm">
          <p id="sign-out-everywhere-question">
            <strong>Are you sure?</strong> Every device signed in to your account is signed out, this one too.
          </p>
          <div className="actions">
            <Button variant="danger" busy={signOutEverywhere.busy} onClick={() => void signOutEverywhere.run()}>
              Yes, sign out everywhere
            </Button>
            <Button variant="secondary" disabled={signOutEverywhere.busy} onClick={() => ask(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <Button variant="secondary" onClick={() => ask(true)}>
          Sign out everywhere
        </Button>
      )}
      <ErrorMessage errors={signOutEverywhere.other} />
    </div>
  );
}
