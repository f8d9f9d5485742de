import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

/** Slow suites (real servers, kubectl, Chromium) get generous per-test time; unit tests don't. */
const INTEGRATION_TEST_TIMEOUT_MS = 120_000;
const UNIT_TEST_TIMEOUT_MS = 10_000;

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "node",
          // Projects run as ordered groups (fast ones first); each group has its own worker limits.
          sequence: { groupOrder: 0 },
          include: ["tests/unit/**/*.test.ts"],
          exclude: ["tests/unit/client/**"],
          testTimeout: UNIT_TEST_TIMEOUT_MS,
        },
      },
      {
        extends: true,
        test: {
          name: "client",
          environment: "jsdom",
          sequence: { groupOrder: 1 },
          include: ["tests/unit/client/**/*.test.{ts,tsx}"],
          testTimeout: UNIT_TEST_TIMEOUT_MS,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          environment: "node",
          sequence: { groupOrder: 2 },
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
          sequence: { groupOrder: 3 },
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: INTEGRATION_TEST_TIMEOUT_MS * 2,
          hookTimeout: INTEGRATION_TEST_TIMEOUT_MS * 2,
          fileParallelism: false,
        },
      },
    ],
  },
});
