import { Link, useSearchParams } from "react-router";
import { Page } from "../../components";
import "./auth.css";
import { ResetPasswordForm } from "./reset-password-form";

/** /reset-password?token=…: the page a reset e-mail links to. */
export function ResetPasswordPage() {
  const [searchParams] = useSearchParams();
  const token = searchParams.get("token");
  return (
    <Page title="Choose a new password">
      {token ? (
        <ResetPasswordForm key={token} token={token} />
      ) : (
        <div role="alert" className="link-problem">
          <p>This link is incomplete: open the link from the e-mail again (all of it), or ask for a new one.</p>
          <p>
            <Link to="/forgot-password">Ask for a new link</Link>
          </p>
        </div>
      )}
    </Page>
  );
}
