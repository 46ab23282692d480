import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { Plugin } from "vite";

/**
 * What the client preset's Babel plugin does, for Vite: each `graphql(`…`)` call becomes an
 * import of the document codegen generated for it (`SignInDocument`, `CartLineFragmentDoc`),
 * looked up by its text in the map codegen wrote (src/gql/gql.ts). The bundle then holds the
 * documents the app uses, and not that map, which repeats every document's text. A call
 * codegen has not seen fails the build: run `npm run codegen`.
 */
const CALL = /\bgraphql\(\s*(?:\/\*\s*GraphQL\s*\*\/\s*)?`([^`]*)`\s*\)/g;
// A line of gql.ts's map: "<the document's text, as a JSON string>": types.<Export>,
const MAP_ENTRY = /^\s*("(?:[^"\\]|\\.)*"): types\.(\w+),$/gm;

/** The text of every graphql(`…`) call in a source file, as written (scripts/codegen.ts reads them too). */
export function graphqlDocumentsIn(code: string): string[] {
  return [...code.matchAll(CALL)].map((match) => match[1]!);
}

/** Each document's text -> the name of its generated export, from gql.ts. */
function generatedExports(gqlFile: string): Map<string, string> {
  const text = readFileSync(gqlFile, "utf8");
  const body = text.slice(text.indexOf("const documents"));
  return new Map([...body.matchAll(MAP_ENTRY)].map((match) => [JSON.parse(match[1]!) as string, match[2]!]));
}

export function graphqlDocuments(src: string): Plugin {
  const generated = join(src, "gql/graphql.ts");
  return {
    name: "graphql-documents",
    enforce: "pre",
    transform(code, id) {
      const file = id.split("?")[0]!;
      if (!file.startsWith(src) || file.startsWith(join(src, "gql")) || !/\.tsx?$/.test(file) || !code.includes("graphql(")) return null;
      const calls = graphqlDocumentsIn(code);
      if (calls.length === 0) return null;
      // Read each time: codegen may have run since (dev server); it is a small file.
      const exports = generatedExports(join(src, "gql/gql.ts"));
      const imports = new Map<string, string>();
      const transformed = code.replace(CALL, (_call, text: string) => {
        const exported = exports.get(text);
        if (!exported) this.error(`${relative(src, file)}: a graphql() document codegen has not seen: run \`npm run codegen\``);
        const local = `__gql_${exported}`;
        imports.set(exported, local);
        return local;
      });
      let path = relative(dirname(file), generated).replace(/\.ts$/, "");
      if (!path.startsWith(".")) path = `./${path}`;
      const names = [...imports].map(([exported, local]) => `${exported} as ${local}`).join(", ");
      // On the first line, not a new one: line numbers stay as in the source.
      return { code: `import { ${names} } from ${JSON.stringify(path)}; ${transformed}`, map: null };
    },
  };
}
