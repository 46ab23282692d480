import { NavLink, Outlet, useLocation } from "react-router";
import { Button } from "../components";
import { VerifyEmailBanner } from "../features/account/verify-email-banner";
import { noticeOf } from "../lib/route-notice";
import { useSession, useSessionState } from "../session";

export function Layout({ startProblem }: { startProblem: string | null }) {
  const session = useSession();
  const state = useSessionState();
  const admin = state.status === "signed-in" && state.user.role === "ADMIN";
  const notice = noticeOf(useLocation().state);
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="site-header">
        <NavLink to="/" className="brand" end>
          Shop
        </NavLink>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/" end>
                Catalogue
              </NavLink>
            </li>
            {state.status === "signed-in" && (
              <>
                <li>
                  <NavLink to="/cart">Cart</NavLink>
                </li>
                <li>
                  <NavLink to="/wishlist">Wishlist</NavLink>
                </li>
                <li>
                  <NavLink to="/account">Account</NavLink>
                </li>
              </>
            )}
            {admin && (
              <>
                <li>
                  <NavLink to="/admin/products">Products</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/users">Users</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
        <div className="session-controls">
          {state.status === "signed-in" ? (
            <>
              <span className="signed-in-as">
                <span className="signed-in-label">Signed in as </span>
                <strong>{state.user.username}</strong>
              </span>
              <Button variant="secondary" onClick={() => void session.signOut()}>
                Sign out
              </Button>
            </>
          ) : state.status === "signed-out" ? (
            <>
              <NavLink to="/sign-in">Sign in</NavLink>
              <NavLink to="/register" className="button button-primary">
                Register
              </NavLink>
            </>
          ) : null}
        </div>
      </header>
      {startProblem && (
        <p role="alert" className="banner">
          {startProblem}
        </p>
      )}
      {state.status === "signed-in" && <VerifyEmailBanner />}
      {notice && (
        <p role="status" className="banner banner-done">
          {notice}
        </p>
      )}
      <main id="content">
        <Outlet />
      </main>
    </>
  );
}
