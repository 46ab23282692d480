import { useQuery } from "@apollo/client/react";
import { useState } from "react";
import { Link } from "react-router";
import { Button, Empty, ErrorMessage, Loading, Page } from "../../components";
import { graphql } from "../../gql";
import { useSessionState } from "../../session";
import { ProductCard } from "./product-card";
import "./catalogue.css";

const PAGE_SIZE = 12;

const CatalogueProducts = graphql(`
  query CatalogueProducts($first: Int!, $after: String) {
    products(first: $first, after: $after) {
      edges {
        node {
          id
          ...CatalogueProductCard
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export function CataloguePage() {
  const { data, loading, error, fetchMore } = useQuery(CatalogueProducts, { variables: { first: PAGE_SIZE } });
  const [more, setMore] = useState<{ loading: boolean; error: unknown; firstNew: number | null }>({ loading: false, error: null, firstNew: null });

  if (!data) {
    return <Page title="Catalogue">{loading ? <Loading /> : <ErrorMessage error={error} />}</Page>;
  }
  const { edges, pageInfo, totalCount } = data.products;

  async function loadMore() {
    setMore({ loading: true, error: null, firstNew: null });
    try {
      // The cache's relayStylePagination() appends the page to the edges already shown.
      await fetchMore({ variables: { after: pageInfo.endCursor } });
      setMore({ loading: false, error: null, firstNew: edges.length });
    } catch (failure) {
      setMore({ loading: false, error: failure, firstNew: null });
    }
  }

  return (
    <Page title="Catalogue">
      <ErrorMessage error={error} />
      {edges.length === 0 ? (
        <NoProducts />
      ) : (
        <>
          <p className="catalogue-count" aria-live="polite">
            {edges.length} of {totalCount} {totalCount === 1 ? "product" : "products"}
          </p>
          <ul className="grid">
            {edges.map(({ node }, index) => (
              <ProductCard key={node.id} product={node} focus={index === more.firstNew} />
            ))}
          </ul>
          <ErrorMessage error={more.error} />
          {pageInfo.hasNextPage && (
            <div className="actions">
              <Button variant="secondary" busy={more.loading} onClick={() => void loadMore()}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </Page>
  );
}

function NoProducts() {
  const state = useSessionState();
  const admin = state.status === "signed-in" && state.user.role === "ADMIN";
  return (
    <Empty>
      <p>No products yet.</p>
      {admin && (
        <p>
          <Link to="/admin/products">Add the first product</Link>
        </p>
      )}
    </Empty>
  );
}
