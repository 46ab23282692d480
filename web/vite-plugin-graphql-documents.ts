import { relative, dirname, join } from "node:path";
import type { Plugin } from "vite";

/**
 * What the client preset's Babel plugin does, for Vite: each `graphql(`…`)` call becomes an
 * import of the document codegen generated for it (`SignInDocument`, `CartLineFragmentDoc`).
 * Without it every page's bundle holds the map of all documents (src/gql/gql.ts), admin's
 * included; with it each lazy page carries only its own.
 */
const CALL = /\bgraphql\(\s*`([^`]*)`\s*\)/g;
const DEFINITION = /\b(query|mutation|subscription|fragment)\s+([A-Za-z_]\w*)/;

/** The text of every graphql(`…`) call in a source file, as written (scripts/codegen.ts reads them too). */
export function graphqlDocumentsIn(code: string): string[] {
  return [...code.matchAll(CALL)].map((match) => match[1]!);
}

export function graphqlDocuments(src: string): Plugin {
  const generated = join(src, "gql/graphql.ts");
  return {
    name: "graphql-documents",
    enforce: "pre",
    transform(code, id) {
      const file = id.split("?")[0]!;
      if (!file.startsWith(src) || file.startsWith(join(src, "gql")) || !/\.tsx?$/.test(file) || !code.includes("graphql(")) return null;
      const imports = new Map<string, string>();
      const transformed = code.replace(CALL, (call, text: string) => {
        const definition = DEFINITION.exec(text);
        if (!definition) return call;
        const [, kind, name] = definition;
        const exported = kind === "fragment" ? `${name}FragmentDoc` : `${name}Document`;
        const local = `__gql_${exported}`;
        imports.set(exported, local);
        return local;
      });
      if (imports.size === 0) return null;
      let path = relative(dirname(file), generated).replace(/\.ts$/, "");
      if (!path.startsWith(".")) path = `./${path}`;
      const names = [...imports].map(([exported, local]) => `${exported} as ${local}`).join(", ");
      return { code: `import { ${names} } from ${JSON.stringify(path)};\n${transformed}`, map: null };
    },
  };
}
