import { useQuery } from "@apollo/client/react";
import { useRef, useState } from "react";
import { Empty, Loading, Notice } from "../../components";
import { graphql } from "../../gql";
import { AdminErrorMessage } from "./admin-error-message";
import { LoadMore } from "./load-more";
import { ProductRow } from "./product-row";

const PAGE_SIZE = 20;

const AdminProducts = graphql(`
  query AdminProducts($first: Int!, $after: String) {
    products(first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          ...AdminProductRow
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

/** The catalogue as admins see it: a table, newest first, a page at a time. */
export function ProductsSection() {
  const { data, error, fetchMore } = useQuery(AdminProducts, { variables: { first: PAGE_SIZE }, fetchPolicy: "cache-and-network" });
  const [deleted, setDeleted] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const products = data?.products;

  function onDeleted(name: string) {
    setDeleted(name);
    // Its row is gone, and focus with it: the list's heading takes it.
    heading.current?.focus();
  }

  return (
    <section aria-labelledby="products-title" className="admin-section">
      <h2 id="products-title" ref={heading} tabIndex={-1}>
        Products
      </h2>
      {deleted !== null && <Notice>Deleted “{deleted}”.</Notice>}
      <AdminErrorMessage error={error} />
      {!products ? (
        !error && <Loading label="Loading products…" />
      ) : products.edges.length === 0 ? (
        <Empty>
          <p>No products yet. Create the first one above.</p>
        </Empty>
      ) : (
        <>
          <table className="responsive admin-table" aria-labelledby="products-title">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Price</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {products.edges.map(({ node }) => (
                <ProductRow key={node.id} product={node} onDeleted={onDeleted} />
              ))}
            </tbody>
          </table>
          <LoadMore
            shown={products.edges.length}
            total={products.totalCount}
            noun="products"
            hasNextPage={products.pageInfo.hasNextPage}
            onLoadMore={() => fetchMore({ variables: { after: products.pageInfo.endCursor } })}
          />
        </>
      )}
    </section>
  );
}
