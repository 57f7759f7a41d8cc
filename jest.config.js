/** One jest run for the whole workspace; packages resolve to their sources, so no build is needed. */
module.exports = {
  testEnvironment: 'node',
  // Tests never assert on time; this only stops a hung test. Many start child processes or
  // servers, and the shared 2-core machines are slow at times, so jest's 5 s default is too tight.
  testTimeout: 60_000,
  testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/examples/*/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper: {
    '^@oxide-mirror/([a-z0-9-]+)$': '<rootDir>/packages/$1/src',
  },
  setupFiles: ['reflect-metadata'],
  reporters: ['default', '<rootDir>/scripts/plain-summary-reporter.js'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
};
