import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { Money } from "../../components";
import { getFragmentData, graphql, type FragmentType } from "../../gql";
import { CardActions } from "./card-actions";
import { shorten } from "./shorten";

export const CatalogueProductCard = graphql(`
  fragment CatalogueProductCard on Product {
    id
    name
    priceCents
    description
  }
`);

/** One product of the catalogue's grid. `focus`: the first of a page just loaded takes the focus. */
export function ProductCard({ product: masked, focus = false }: { product: FragmentType<typeof CatalogueProductCard>; focus?: boolean }) {
  const product = getFragmentData(CatalogueProductCard, masked);
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (focus) link.current?.focus();
  }, [focus]);
  return (
    <li className="card">
      <h2>
        <Link ref={link} to={`/products/${product.id}`}>
          {product.name}
        </Link>
      </h2>
      <Money cents={product.priceCents} />
      {product.description && <p className="card-description">{shorten(product.description)}</p>}
      <CardActions productId={product.id} productName={product.name} />
    </li>
  );
}
