/**
 * This package's own test run, as its users have it: dependencies resolve through node_modules
 * to their built `dist` (in this workspace, run `pnpm build` first). The workspace's root jest run
 * picks these tests up as well, against the sources.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: {
          target: 'ES2022',
          module: 'commonjs',
          esModuleInterop: true,
          isolatedModules: true,
          strict: true,
          types: ['node', 'jest'],
        },
      },
    ],
  },
};
