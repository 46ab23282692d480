import { useQuery } from "@apollo/client/react";
import { useState } from "react";
import { Link } from "react-router";
import { Empty, ErrorMessage, Loading, Notice, Page } from "../../components";
import { WishlistItem } from "./wishlist-item";
import { WishlistPageQuery } from "./wishlist-query";

export function WishlistPage() {
  // The cached list shows at once; the network's answers for changes made in another tab.
  const { data, loading, error } = useQuery(WishlistPageQuery, { fetchPolicy: "cache-and-network" });
  // The moved product leaves the list, so the confirmation lives here rather than on its card.
  const [moved, setMoved] = useState<string | null>(null);
  if (!data) {
    return <Page title="Wishlist">{loading ? <Loading /> : <ErrorMessage error={error} />}</Page>;
  }
  return (
    <Page title="Wishlist">
      <ErrorMessage error={error} />
      {moved && (
        <Notice>
          Moved {moved} to your cart. <Link to="/cart">View cart</Link>
        </Notice>
      )}
      {data.wishlist.length === 0 ? (
        <Empty>
          <p>Your wishlist is empty.</p>
          <p>
            <Link to="/">Browse the catalogue</Link>
          </p>
        </Empty>
      ) : (
        <ul className="grid">
          {data.wishlist.map((product) => (
            <WishlistItem key={product.id} product={product} onMoved={setMoved} />
          ))}
        </ul>
      )}
    </Page>
  );
}
