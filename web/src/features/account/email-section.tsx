import { useQuery } from "@apollo/client/react";
import { ErrorMessage, Loading } from "../../components";
import { ChangeEmailForm } from "./change-email-form";
import { EmailStatusDocument } from "./email-status";
import { SendVerificationLink } from "./send-verification-link";

/** The account's address, whether it is verified (and a link to verify it), and changing it. */
export function EmailSection() {
  const { data, loading, error } = useQuery(EmailStatusDocument);
  return (
    <section aria-labelledby="account-email">
      <h2 id="account-email">E-mail address</h2>
      {loading && !data ? (
        <Loading />
      ) : error && !data ? (
        <ErrorMessage error={error} />
      ) : data ? (
        <div className="email-status">
          {data.me.email ? (
            <>
              <p>
                <strong>{data.me.email}</strong>{" "}
                <span className={data.me.emailVerified ? "email-verified" : "email-unverified"}>
                  {data.me.emailVerified ? "Verified" : "Not verified"}
                </span>
              </p>
              {!data.mailEnabled ? (
                <p className="hint">This site does not send e-mail, so the address cannot be verified or changed by a link here.</p>
              ) : data.me.emailVerified ? (
                <p className="hint">Password reset links are sent to this address.</p>
              ) : (
                <>
                  <p className="hint">Verify it, so that a password reset link can reach you if you forget your password.</p>
                  <SendVerificationLink email={data.me.email} />
                </>
              )}
            </>
          ) : (
            <p>
              <span className="not-given">No address given.</span>
              {data.mailEnabled && " Add one below, so that you can reset your password if you forget it."}
            </p>
          )}
        </div>
      ) : null}
      {data?.mailEnabled && <ChangeEmailForm hasEmail={data.me.email != null} />}
    </section>
  );
}
