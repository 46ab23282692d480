"use strict";
// `npm install` runs this after building the memory addon (package.json's install script):
// three object literals in @apollo/server's request path, rewritten with Object.assign.
//
// Why: on Node 20 (V8 11.3) an object literal with a spread followed by another key
// ({ ...requestContext, useLegacyIncremental }) gets a new hidden class (map) for every
// object once its site is warm. Apollo builds three such objects per request; each is
// promoted to the old generation with its map, and every site that reads them goes
// megamorphic. Together ~450 bytes a request piled up in the old space until a full
// collection (BENCHMARKS.md, Memory). Object.assign({}, a, { b }) builds the same object
// (none of these hold a key of a client's) with one shared map.
//
// Each edit replaces an exact text. A file already patched is left alone; a file whose
// text is not the one expected (another Apollo version) is left alone with a warning, and
// test/unit/patch-dependencies.test.ts fails until the edits are brought up to date. The
// server works either way; only its memory and speed differ.
const { existsSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const PATCHES = [
  {
    file: "@apollo/server/dist/esm/requestPipeline.js",
    edits: [
      [
        `            const fullResult = await execute({
                ...requestContext,
                useLegacyIncremental: new Negotiator({
                    headers: { accept: request.http?.headers.get('accept') },
                }).mediaType([
                    MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_9,
                    MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2,
                ]) === MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2,
            });`,
        `            const fullResult = await execute(Object.assign({}, requestContext, {
                useLegacyIncremental: new Negotiator({
                    headers: { accept: request.http?.headers.get('accept') },
                }).mediaType([
                    MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_9,
                    MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2,
                ]) === MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2,
            }));`,
      ],
      [
        `                    singleResult: {
                        ...result,
                        errors: formattedErrors,
                    },`,
        `                    singleResult: Object.assign({}, result, { errors: formattedErrors }),`,
      ],
    ],
  },
  {
    file: "@apollo/server/dist/esm/runHttpQuery.js",
    edits: [
      [
        `        return {
            ...graphQLResponse.http,
            body: {
                kind: 'complete',
                string: await internals.stringifyResult(orderExecutionResultFields(graphQLResponse.body.singleResult)),
            },
        };`,
        `        return Object.assign({}, graphQLResponse.http, {
            body: {
                kind: 'complete',
                string: await internals.stringifyResult(orderExecutionResultFields(graphQLResponse.body.singleResult)),
            },
        });`,
      ],
    ],
  },
  {
    // Every SQL statement MikroORM runs, logged or not.
    file: "@mikro-orm/core/connections/Connection.js",
    edits: [
      [
        `            this.logQuery(query, {
                ...context,
                took: Date.now() - now,
                results: Array.isArray(res) ? res.length : undefined,
                affected: utils_1.Utils.isPlainObject(res) ? res.affectedRows : undefined,
            });`,
        `            this.logQuery(query, Object.assign({}, context, {
                took: Date.now() - now,
                results: Array.isArray(res) ? res.length : undefined,
                affected: utils_1.Utils.isPlainObject(res) ? res.affectedRows : undefined,
            }));`,
      ],
      [
        `            this.logQuery(query, { ...context, took: Date.now() - now, level: 'error' });`,
        `            this.logQuery(query, Object.assign({}, context, { took: Date.now() - now, level: 'error' }));`,
      ],
      [
        `        this.logger.logQuery({
            level: 'info',
            connection: {
                type: this.type,
                name: this.options.name || this.config.get('name') || this.options.host,
            },
            ...context,
            query,
        });`,
        `        this.logger.logQuery(Object.assign({
            level: 'info',
            connection: {
                type: this.type,
                name: this.options.name || this.config.get('name') || this.options.host,
            },
        }, context, { query }));`,
      ],
    ],
  },
];

/**
 * The text with every edit applied, and what was found: "patched" (now), "already" (every
 * edit was in place) or "unrecognised" (returned unchanged: all of a file's edits or none).
 */
function patchText(text, edits) {
  if (edits.every(([, to]) => text.includes(to))) return { text, state: "already" };
  if (!edits.every(([from]) => text.split(from).length === 2)) return { text, state: "unrecognised" };
  return { text: edits.reduce((patched, [from, to]) => patched.replace(from, () => to), text), state: "patched" };
}

/** Applies PATCHES under `nodeModules`; returns each file's state ("missing" when it is not installed). */
function patchDependencies(nodeModules, patches = PATCHES) {
  return patches.map(({ file, edits }) => {
    const path = join(nodeModules, file);
    if (!existsSync(path)) return { file, state: "missing" };
    const { text, state } = patchText(readFileSync(path, "utf8"), edits);
    if (state === "patched") writeFileSync(path, text);
    return { file, state };
  });
}

module.exports = { PATCHES, patchText, patchDependencies };

if (require.main === module) {
  for (const { file, state } of patchDependencies(join(__dirname, "..", "node_modules"))) {
    if (state === "unrecognised" || state === "missing") {
      console.warn(`graphql-auth-api: ${file} was not patched (${state === "missing" ? "not installed" : "not the text expected"}); the server works, with more memory per request (bin/patch-dependencies.cjs).`);
    }
  }
}
