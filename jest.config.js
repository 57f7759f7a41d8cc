/** One jest run for the whole workspace; packages resolve to their sources, so no build is needed. */
module.exports = {
  testEnvironment: 'node',
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
