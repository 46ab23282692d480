import { useQuery } from "@apollo/client/react";
import { Link } from "react-router";
import { Empty, ErrorMessage, Loading, Page } from "../../components";
import { getFragmentData, graphql } from "../../gql";
import { CartPageCart } from "./cart-fragment";
import { CartSummary } from "./cart-summary";
import { CartTable } from "./cart-table";
import { ClearCart } from "./clear-cart";
import "./cart.css";

const CartPageQuery = graphql(`
  query CartPage {
    cart {
      ...CartPageCart
    }
  }
`);

export function CartPage() {
  // The cached cart shows at once; the network's answers for changes made in another tab.
  const { data, loading, error } = useQuery(CartPageQuery, { fetchPolicy: "cache-and-network" });
  if (!data) {
    return <Page title="Cart">{loading ? <Loading /> : <ErrorMessage error={error} />}</Page>;
  }
  const cart = getFragmentData(CartPageCart, data.cart);
  return (
    <Page title="Cart">
      <ErrorMessage error={error} />
      {cart.items.length === 0 ? (
        <Empty>
          <p>Your cart is empty.</p>
          <p>
            <Link to="/">Browse the catalogue</Link>
          </p>
        </Empty>
      ) : (
        <>
          <CartTable lines={cart.items} />
          <CartSummary itemCount={cart.itemCount} totalCents={cart.totalCents} />
          <ClearCart itemCount={cart.itemCount} />
        </>
      )}
    </Page>
  );
}
