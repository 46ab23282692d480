import type { Types } from "@graphql-codegen/plugin-helpers";

/**
 * Typed documents for the web app, from the committed schema.graphql: `npm run codegen`
 * (scripts/codegen.ts) after changing a graphql() document or the schema. The output
 * (src/gql/) is committed and never edited; a test fails when it is stale. The same file
 * works with the CLI (`graphql-codegen --config web/codegen.ts`) on Node.js 22.
 */
const config: Types.Config = {
  schema: "schema.graphql",
  documents: ["web/src/**/*.{ts,tsx}", "!web/src/gql/**"],
  ignoreNoDocuments: true,
  generates: {
    "web/src/gql/": {
      preset: "client",
      // A plain function, not a hook: the name React's rules of hooks would misread.
      presetConfig: { fragmentMasking: { unmaskFunctionName: "getFragmentData" } },
      config: {
        // Dates arrive as ISO strings; SafeInt is a JavaScript number.
        scalars: { DateTimeISO: "string", SafeInt: "number" },
        strictScalars: true,
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: false,
      },
    },
  },
};

export default config;
