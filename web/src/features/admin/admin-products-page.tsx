import { Page } from "../../components";
import { NewProductSection } from "./new-product-section";
import { ProductsSection } from "./products-section";
import "./admin.css";

export function AdminProductsPage() {
  return (
    <Page title="Manage products">
      <NewProductSection />
      <ProductsSection />
    </Page>
  );
}
