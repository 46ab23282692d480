"use strict";
// `npm install` runs this after building the memory addon (package.json's install script):
// five object literals on the request path of @apollo/server (three) and @mikro-orm/core
// (two, for every SQL statement), rewritten with Object.assign.
//
// Why: on Node 20 (V8 11.3) an object literal with a spread followed by another key
// ({ ...requestContext, useLegacyIncremental }) gets a new hidden class (map) for every
// object once its site is warm. Each such object is promoted to the old generation with its
// map, and every site that reads them goes megamorphic: Apollo's three left ~450 bytes a
// request in the old space until a full collection (BENCHMARKS.md, Memory).
// Object.assign({}, a, { b }) builds the same object with one shared map; none of these
// objects holds a key of a client's (Object.assign would run a "__proto__" key's setter).
//
// Each edit replaces an exact text. A file already patched is left alone; a file whose text
// is not the one expected (another version), or that cannot be read or written, is left
// alone with a warning, and test/unit/hidden-classes.test.ts fails until the edits are
// brought up to date. The install goes on and the server works either way; only its memory
// and speed differ. A file is written whole under another name and renamed into place.
const { existsSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");

const PATCHES = [
  {
    file: "@apollo/server/dist/esm/requestPipeline.js",
    edits: [
      // The start and the end of the literal passed to execute (its middle stays as it is).
      [
        `            const fullResult = await execute({
                ...requestContext,
                useLegacyIncremental: new Negotiator({`,
        `            const fullResult = await execute(Object.assign({}, requestContext, {
                useLegacyIncremental: new Negotiator({`,
      ],
      [
        `                ]) === MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2,
            });`,
        `                ]) === MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2,
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
        // The head is copied before the await, as the spread did.
        `        const head = Object.assign({}, graphQLResponse.http);
        return Object.assign(head, {
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

/** Where `file` is installed for a package at `root`: its node_modules, or a parent's (hoisted). */
function installed(root, file) {
  for (let dir = root; ; dir = dirname(dir)) {
    const path = join(dir, "node_modules", file);
    if (existsSync(path)) return path;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Applies PATCHES for the package at `root`; returns each file's state: one of patchText's,
 * "missing" (not installed) or "failed" (with the error's message).
 */
function patchDependencies(root, patches = PATCHES) {
  return patches.map(({ file, edits }) => {
    const path = installed(root, file);
    if (!path) return { file, state: "missing" };
    try {
      const { text, state } = patchText(readFileSync(path, "utf8"), edits);
      if (state === "patched") {
        writeFileSync(`${path}.patching`, text);
        renameSync(`${path}.patching`, path);
      }
      return { file, state };
    } catch (error) {
      return { file, state: "failed", reason: error.message };
    }
  });
}

module.exports = { PATCHES, patchText, patchDependencies };

if (require.main === module) {
  const why = { missing: "not installed", unrecognised: "not the text expected", failed: "" };
  for (const { file, state, reason } of patchDependencies(join(__dirname, ".."))) {
    if (state in why) {
      console.warn(`graphql-auth-api: ${file} was not patched (${reason ?? why[state]}); the server works, with more memory per request (bin/patch-dependencies.cjs).`);
    }
  }
}
