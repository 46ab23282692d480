import { Loading, Page } from "../../components";
import { useSessionState } from "../../session";
import "./auth.css";
import { RegisterForm } from "./register-form";
import { SignedInNotice } from "./signed-in-notice";

export function RegisterPage() {
  const state = useSessionState();
  if (state.status === "starting") return <Loading />;
  return <Page title="Create an account">{state.status === "signed-in" ? <SignedInNotice username={state.user.username} /> : <RegisterForm />}</Page>;
}
