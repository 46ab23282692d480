import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "data/", "scratch/", "src/db/migrations/sqlite/", "src/db/migrations/postgres/", "web/src/gql/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // The code a request runs through. On Node 20 (V8 11.3) an object literal with a spread
    // followed by anything else ({ ...a, b }, { ...a, ...c }) gets a new hidden class (map)
    // for every object once warm: each one is promoted to the old generation with its map and
    // every site that reads it goes megamorphic (BENCHMARKS.md, Memory). Object.assign({}, a,
    // { b }) builds the same object with one shared map; a spread on its own ({ ...a }) or
    // after the other keys ({ b, ...a }) is fine.
    files: ["src/{server,auth,accounts,shop,db,resolvers,lib}/**/*.ts"],
    // The ORM's options, built once at start.
    ignores: ["src/db/orm.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "ObjectExpression:has(> SpreadElement ~ :matches(Property, SpreadElement))",
          message: "A spread followed by more keys makes a new V8 map per object on Node 20: use Object.assign({}, a, { b }) (see eslint.config.js).",
        },
      ],
    },
  },
  {
    // The web app: React's rules of hooks, and browser globals.
    files: ["web/src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The CommonJS entry points (see bin/threadpool.cjs for why they are CommonJS) and test helpers.
    files: ["bin/**/*.cjs", "test/helpers/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly", __filename: "readonly", console: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["scripts/**", "test/**", "src/cli/**"],
    // Tests read loosely typed JSON responses.
    rules: { "no-console": "off", "@typescript-eslint/no-explicit-any": "off" },
  },
);
