import { Link } from "react-router";

/** In place of the shop buttons for visitors: back here once signed in. */
export function SignInToBuy({ next }: { next: string }) {
  return (
    <Link to={`/sign-in?next=${encodeURIComponent(next)}`} className="button button-secondary">
      Sign in to buy
    </Link>
  );
}
