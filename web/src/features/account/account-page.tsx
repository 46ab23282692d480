import { Page } from "../../components";
import "./account.css";
import { ChangePasswordSection } from "./change-password-section";
import { DeleteAccountSection } from "./delete-account-section";
import { EmailSection } from "./email-section";
import { ProfileSection } from "./profile-section";
import { SessionsSection } from "./sessions-section";

export function AccountPage() {
  return (
    <Page title="Account">
      <ProfileSection />
      <EmailSection />
      <ChangePasswordSection />
      <SessionsSection />
      <DeleteAccountSection />
    </Page>
  );
}
