import { useMemo } from "react";
import { apiErrorsOf, splitByField } from "./graphql-errors";

/** A failed mutation's errors: by field (shown beside it) and the rest (above the form). */
export function useFormErrors(error: unknown) {
  return useMemo(() => splitByField(apiErrorsOf(error)), [error]);
}
