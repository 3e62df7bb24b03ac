/**
 * Type errors are caught once by `npm run typecheck`; jest only transpiles, so suites stay fast.
 *
 * Tests wait for events, never for durations, so the time limit only says how long a broken test
 * takes to fail: generous, because CI runs on two busy cores where the slowest suites take minutes.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  testTimeout: 120_000,
  maxWorkers: 2,
};
