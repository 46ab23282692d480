import { Page } from "../../components";
import "./account.css";
import { ChangePasswordSection } from "./change-password-section";
import { ProfileSection } from "./profile-section";
import { SessionsSection } from "./sessions-section";

export function AccountPage() {
  return (
    <Page title="Account">
      <ProfileSection />
      <ChangePasswordSection />
      <SessionsSection />
    </Page>
  );
}
