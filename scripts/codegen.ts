import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { codegen } from "@graphql-codegen/core";
import { preset } from "@graphql-codegen/client-preset";
import type { Types } from "@graphql-codegen/plugin-helpers";
import { buildASTSchema, parse } from "graphql";
import config from "../web/codegen.js";
import { graphqlDocumentsIn } from "../web/vite-plugin-graphql-documents.js";

/**
 * `npm run codegen`: GraphQL Code Generator's client preset on web/codegen.ts, through
 * @graphql-codegen/core. Its CLI would do the same, but its loaders (for remote schemas,
 * GitHub, Apollo Studio) pull in packages that need Node.js 22. This reads what the app
 * has: schema.graphql, and the graphql(`…`) calls under web/src.
 */

const root = join(import.meta.dirname, "..");

export interface GeneratedFile {
  /** Relative to the package root. */
  filename: string;
  content: string;
}

export async function generateWebTypes(): Promise<GeneratedFile[]> {
  const [output, target] = Object.entries(config.generates)[0]! as [string, Types.ConfiguredOutput];
  const schemaText = readFileSync(join(root, String(config.schema)), "utf8");
  const schema = parse(schemaText);
  const outputDir = join(root, output);
  const documents = sourceFiles(join(root, "web/src"))
    .filter((file) => !file.startsWith(outputDir))
    .flatMap((file) =>
      graphqlDocumentsIn(readFileSync(file, "utf8")).map((rawSDL) => ({ location: relative(root, file), rawSDL, document: parse(rawSDL) })),
    );
  const outputs = await preset.buildGeneratesSection({
    baseOutputDir: output,
    presetConfig: target.presetConfig ?? {},
    plugins: [],
    pluginMap: {},
    schema,
    schemaAst: buildASTSchema(schema),
    documents,
    config: { ...(target.config as object), emitLegacyCommonJSImports: true },
  });
  return Promise.all(outputs.map(async (options) => ({ filename: options.filename, content: await codegen(options) })));
}

/** Every .ts and .tsx file under `dir`, in a stable order. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return /\.tsx?$/.test(entry.name) ? [path] : [];
    });
}

if (import.meta.filename === process.argv[1]) {
  for (const { filename, content } of await generateWebTypes()) {
    mkdirSync(dirname(join(root, filename)), { recursive: true });
    writeFileSync(join(root, filename), content);
    console.log(`wrote ${filename}`);
  }
}
