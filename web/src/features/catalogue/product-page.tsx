import { useQuery } from "@apollo/client/react";
import { Link, useParams } from "react-router";
import { ErrorMessage, Loading, Money, Page } from "../../components";
import { graphql } from "../../gql";
import { ProductPurchase } from "./product-purchase";
import "./catalogue.css";

const CatalogueProduct = graphql(`
  query CatalogueProduct($id: ID!) {
    product(id: $id) {
      id
      name
      priceCents
      description
      createdAt
    }
  }
`);

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "long" });

export function ProductPage() {
  const { id = "" } = useParams();
  const { data, loading, error } = useQuery(CatalogueProduct, { variables: { id } });

  if (!data) {
    return <Page title={loading ? "Product" : "Product unavailable"}>{loading ? <Loading /> : <ErrorMessage error={error} />}</Page>;
  }
  const { product } = data;
  if (!product) {
    return (
      <Page title="Product not found">
        <p>There is no product at this address: it may have been removed.</p>
        <p>
          <Link to="/">Back to the catalogue</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={product.name}>
      <p>
        <Money cents={product.priceCents} />
      </p>
      {product.description ? <p className="product-description">{product.description}</p> : <p className="product-meta">No description.</p>}
      <p className="product-meta">
        Added on <time dateTime={product.createdAt}>{dateFormat.format(new Date(product.createdAt))}</time>
      </p>
      <ProductPurchase productId={product.id} />
      <p>
        <Link to="/">Back to the catalogue</Link>
      </p>
    </Page>
  );
}
