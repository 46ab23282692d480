import { useMutation } from "@apollo/client/react";
import { Button } from "../../components";
import { graphql } from "../../gql";
import type { AdminProductRowFragment as Product } from "../../gql/graphql";
import { ProductForm, type ProductValues } from "./product-form";

const UpdateProduct = graphql(`
  mutation AdminUpdateProduct($id: ID!, $input: UpdateProductInput!) {
    updateProduct(id: $id, input: $input) {
      id
      ...AdminProductRow
    }
  }
`);

/** The row as a form: Save writes the product back (the cache updates the row by id). */
export function EditProductRow({ product, onDone }: { product: Product; onDone: () => void }) {
  const [update, { loading, error }] = useMutation(UpdateProduct);

  function save(values: ProductValues) {
    update({ variables: { id: product.id, input: values } }).then(onDone, () => undefined); // shown by the form
  }

  return (
    <tr>
      <td colSpan={4}>
        <div onKeyDown={(event) => event.key === "Escape" && onDone()}>
          <ProductForm label={`Edit ${product.name}`} initial={{ name: product.name, description: product.description ?? null, priceCents: product.priceCents }}
            submitLabel="Save" busy={loading} error={error} onSubmit={save} autoFocus>
            <Button variant="secondary" onClick={onDone}>
              Cancel
            </Button>
          </ProductForm>
        </div>
      </td>
    </tr>
  );
}
