/** Interval between checks while waiting for something that happens asynchronously, in ms. */
export const WAIT_POLL_MS = 100;
/** Default longest wait, in ms. */
export const WAIT_TIMEOUT_MS = 60_000;

/**
 * Resolves with the first truthy value `check` returns; rejects naming what it waited for. For
 * integration tests against real servers, where "eventually" is the honest assertion.
 */
export async function waitFor<T>(check: () => T | Promise<T>, what: string | (() => string), timeoutMs = WAIT_TIMEOUT_MS): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "function" ? what() : what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
  }
}
