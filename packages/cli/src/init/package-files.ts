import type { ScaffoldNames } from './scaffold-names';

/** The versions a scaffold is written against: the CLI's own core, and the test tools it knows. */
export interface ScaffoldVersions {
  /** Range of the oxide-mirror packages, from the core the CLI runs with: `^0.1.0`. */
  oxideMirror: string;
}

/** `package.json`: core as a peer, the kit and the test tools as dev dependencies. */
export function packageJson(names: ScaffoldNames, versions: ScaffoldVersions): string {
  const isSource = names.kind === 'source';
  const manifest = {
    name: names.packageName,
    version: '0.1.0',
    description: `oxide-mirror ${names.kind} plugin: ${names.name}`,
    license: 'MIT',
    keywords: ['oxide-mirror', 'oxide-mirror-plugin', `oxide-mirror-${names.kind}`],
    main: 'dist/index.js',
    types: 'dist/index.d.ts',
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    files: ['dist'],
    engines: { node: '>=20' },
    scripts: { build: 'tsc -p tsconfig.json', test: 'tsc -p tsconfig.test.json && jest' },
    ...(isSource ? { dependencies: { zod: '^4.6.0' } } : {}),
    // The store the source contract runs on compiles better-sqlite3; npm 12 runs only the
    // install scripts a project allows.
    ...(isSource ? { allowScripts: { 'better-sqlite3': true } } : {}),
    peerDependencies: { '@oxide-mirror/core': versions.oxideMirror },
    devDependencies: {
      '@oxide-mirror/core': versions.oxideMirror,
      ...(isSource ? { '@oxide-mirror/store-sqlite': versions.oxideMirror } : {}),
      '@oxide-mirror/testing': versions.oxideMirror,
      '@types/jest': '^30.0.0',
      '@types/node': '^20.19.0',
      jest: '^30.2.0',
      'ts-jest': '^29.4.5',
      typescript: '~5.9.3',
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Strict TypeScript, declarations checked against every dependency's (`skipLibCheck: false`). */
export const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2022"],
    "module": "Node16",
    "moduleResolution": "Node16",
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "esModuleInterop": true,
    "isolatedModules": true,
    "skipLibCheck": false,
    "declaration": true,
    "sourceMap": true,
    "rootDir": "src",
    "outDir": "dist",
    "types": ["node"]
  },
  "include": ["src"]
}
`;

/** The tests' type check: the sources and the tests, with jest's globals, nothing emitted. */
export const TSCONFIG_TEST = `{
  "extends": "./tsconfig.json",
  "compilerOptions": { "rootDir": ".", "noEmit": true, "types": ["node", "jest"] },
  "include": ["src", "test"]
}
`;

/** Jest with ts-jest, so tests run from the TypeScript sources without a build. */
export const JEST_CONFIG = `/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
};
`;

/** What git should not track. */
export const GITIGNORE = 'node_modules/\ndist/\n*.db\n*.db-*\n';

/** The README: what the package is, how to develop it, how users load it. */
export function readme(names: ScaffoldNames, optionsExample: string): string {
  const configKey = names.kind === 'source' ? `"sources": { "${names.name}": ` : '"strategy": ';
  return `# ${names.packageName}

An oxide-mirror ${names.kind} plugin (\`${names.className}\`), made with \`oxide-mirror init ${names.kind}\`.

## Develop

\`\`\`sh
npm install
npm test        # type-checks, then runs the oxide-mirror contract suite and the plugin's tests
npm run build   # dist/, with type declarations
\`\`\`

\`test/contract.test.ts\` runs \`@oxide-mirror/testing\`'s ${names.kind} contract: keep it passing
as you change \`src/${names.classFile}.ts\`. The kit's README explains every scenario.

## Use

\`\`\`sh
npm install ${names.packageName}
\`\`\`

\`\`\`json
{ ${configKey}{ "use": "${names.packageName}", "options": ${optionsExample} }${names.kind === 'source' ? ' }' : ''} }
\`\`\`

The options are checked with the schema in \`src/plugin.ts\`; \`oxide-mirror plugins ${names.packageName}\`
lists them, and \`oxide-mirror check\` tries the config without writing anything.
`;
}
