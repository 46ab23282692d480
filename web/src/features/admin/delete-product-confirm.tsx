import { useMutation } from "@apollo/client/react";
import { useId } from "react";
import { Button } from "../../components";
import { graphql } from "../../gql";
import type { AdminProductRowFragment as Product } from "../../gql/graphql";
import { AdminErrorMessage } from "./admin-error-message";

const DeleteProduct = graphql(`
  mutation AdminDeleteProduct($id: ID!) {
    deleteProduct(id: $id)
  }
`);

/** "Delete <name>?": deleting takes the product out of the cache, and out of the count. */
export function DeleteProductConfirm({ product, onCancel, onDeleted }: { product: Product; onCancel: () => void; onDeleted: () => void }) {
  const questionId = useId();
  const [remove, { loading, error }] = useMutation(DeleteProduct, {
    update(cache, { data }) {
      if (!data?.deleteProduct) return;
      // Every list that showed it (catalogue, carts, wishlists) drops it; counts go down by one.
      cache.evict({ id: cache.identify(product) });
      cache.modify<{ products: { totalCount: number } }>({
        fields: {
          products: (existing, { isReference }) => (isReference(existing) ? existing : { ...existing, totalCount: existing.totalCount - 1 }),
        },
      });
      cache.gc();
    },
  });

  function confirm() {
    remove({ variables: { id: product.id } }).then(onDeleted, () => undefined); // shown below
  }

  return (
    <div role="group" aria-labelledby={questionId} className="admin-confirm" onKeyDown={(event) => event.key === "Escape" && onCancel()}>
      <p id={questionId}>Delete {product.name}?</p>
      <div className="actions">
        <Button variant="danger" busy={loading} onClick={confirm}>
          Yes, delete
        </Button>
        <Button variant="secondary" onClick={onCancel} autoFocus>
          Cancel
        </Button>
      </div>
      <AdminErrorMessage error={error} />
    </div>
  );
}
