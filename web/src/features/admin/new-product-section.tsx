import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Notice } from "../../components";
import { graphql } from "../../gql";
import { ProductForm, type ProductValues } from "./product-form";

const CreateProduct = graphql(`
  mutation AdminCreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      id
      name
    }
  }
`);

/** "New product": the form, emptied after each product it creates. */
export function NewProductSection() {
  const [create, { loading, error }] = useMutation(CreateProduct, {
    // Newest first: the first page, fetched again, starts with it (and counts it).
    refetchQueries: ["AdminProducts"],
    awaitRefetchQueries: true,
  });
  const [created, setCreated] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);

  function submit(values: ProductValues) {
    setCreated(null);
    create({ variables: { input: values } }).then(
      ({ data }) => {
        if (!data) return;
        setCreated(data.createProduct.name);
        setFormKey((key) => key + 1);
      },
      () => undefined, // shown by the form, from `error`
    );
  }

  return (
    <section aria-labelledby="new-product-title" className="admin-section">
      <h2 id="new-product-title">New product</h2>
      {created !== null && <Notice>Created “{created}”.</Notice>}
      <ProductForm
        // A new form for each product created: empty, with focus back on its first field.
        key={formKey}
        autoFocus={formKey > 0}
        labelledBy="new-product-title"
        submitLabel="Create product"
        busy={loading}
        error={error}
        onSubmit={submit}
      />
    </section>
  );
}
