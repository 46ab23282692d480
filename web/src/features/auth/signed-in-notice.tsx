import { Link } from "react-router";

/** Instead of a sign-in or register form, for someone already signed in. */
export function SignedInNotice({ username }: { username: string }) {
  return (
    <p>
      You are signed in as <strong>{username}</strong>. <Link to="/">Go to the catalogue</Link>
    </p>
  );
}
