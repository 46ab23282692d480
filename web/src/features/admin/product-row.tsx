import { useEffect, useId, useState } from "react";
import { Button, Money } from "../../components";
import { getFragmentData, graphql, type FragmentType } from "../../gql";
import { CreatedAt } from "./created-at";
import { DeleteProductConfirm } from "./delete-product-confirm";
import { EditProductRow } from "./edit-product-row";

export const AdminProductRow = graphql(`
  fragment AdminProductRow on Product {
    id
    name
    description
    priceCents
    createdAt
  }
`);

/** `focus`: the button to return focus to, when an edit or a confirmation closes. */
type Mode = { kind: "view"; focus?: string } | { kind: "edit" } | { kind: "confirm-delete" };

/** One product: shown, edited in place, or asking whether to delete it. */
export function ProductRow({ product: masked, onDeleted }: { product: FragmentType<typeof AdminProductRow>; onDeleted: (name: string) => void }) {
  const product = getFragmentData(AdminProductRow, masked);
  const [mode, setMode] = useState<Mode>({ kind: "view" });
  const editId = useId();
  const deleteId = useId();
  useEffect(() => {
    if (mode.kind === "view" && mode.focus) document.getElementById(mode.focus)?.focus();
  }, [mode]);
  const close = (buttonId: string) => () => setMode({ kind: "view", focus: buttonId });

  if (mode.kind === "edit") return <EditProductRow product={product} onDone={close(editId)} />;
  return (
    <tr>
      <td data-label="Name">{product.name}</td>
      <td data-label="Price">
        <Money cents={product.priceCents} />
      </td>
      <td data-label="Created">
        <CreatedAt iso={product.createdAt} />
      </td>
      <td>
        {mode.kind === "confirm-delete" ? (
          <DeleteProductConfirm product={product} onCancel={close(deleteId)} onDeleted={() => onDeleted(product.name)} />
        ) : (
          <div className="actions">
            <Button id={editId} variant="secondary" aria-label={`Edit ${product.name}`} onClick={() => setMode({ kind: "edit" })}>
              Edit
            </Button>
            <Button id={deleteId} variant="danger" aria-label={`Delete ${product.name}`} onClick={() => setMode({ kind: "confirm-delete" })}>
              Delete
            </Button>
          </div>
        )}
      </td>
    </tr>
  );
}
