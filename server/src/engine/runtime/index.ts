export { GameRuntime, EVALUATION_DEBOUNCE_MS, INJECTION_SETTLE_MS, PROXY_RECHECK_MS, incidentExpiresAt, type CommandResult, type LiveIncident } from "./game-runtime.js";
export { restoreFacts, timelineIndexOf, TIMELINE_WAVE_PREFIX, type GamePhase, type RestoredGame } from "./restore.js";
export { evaluateIncident, PROXY_PROBE_TIMEOUT_MS } from "./evaluator.js";
export type { EventLog, GameDefinition, RuntimeActivity, RuntimeCluster, RuntimeDeps, RuntimeListener, RuntimeTeam } from "./types.js";
