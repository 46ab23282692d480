import { Page } from "../../components";
import "./auth.css";
import { ForgotPasswordForm } from "./forgot-password-form";

export function ForgotPasswordPage() {
  return (
    <Page title="Forgot password">
      <p className="auth-intro">Give the e-mail address of your account: we send it a link to choose a new password.</p>
      <ForgotPasswordForm />
    </Page>
  );
}
