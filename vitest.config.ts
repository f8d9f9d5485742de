import { defineConfig } from "vitest/config";

/** Slow suites (real servers, kubectl, Chromium) get generous per-test time; unit tests don't. */
const INTEGRATION_TEST_TIMEOUT_MS = 120_000;
const UNIT_TEST_TIMEOUT_MS = 10_000;

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "node",
          include: ["tests/unit/**/*.test.ts"],
          testTimeout: UNIT_TEST_TIMEOUT_MS,
        },
      },
      {
        extends: true,
        test: {
          name: "client",
          environment: "jsdom",
          include: ["tests/unit/client/**/*.test.tsx"],
          testTimeout: UNIT_TEST_TIMEOUT_MS,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          environment: "node",
          include: ["tests/integration/**/*.test.ts"],
          testTimeout: INTEGRATION_TEST_TIMEOUT_MS,
          hookTimeout: INTEGRATION_TEST_TIMEOUT_MS,
          // kubectl subprocesses and real servers: two cores, so keep files from starving each other
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          environment: "node",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: INTEGRATION_TEST_TIMEOUT_MS * 2,
          hookTimeout: INTEGRATION_TEST_TIMEOUT_MS * 2,
          fileParallelism: false,
        },
      },
    ],
  },
});
