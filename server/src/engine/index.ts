/**
 * The engine's public face for the game module: the runtime and the pieces of scenarios/ and scoring/
 * the game needs (game/ imports only engine, protocol, db and core; DESIGN.md import directions).
 */
export * from "./runtime/index.js";
export { scheduleFromPack, type TimelineSchedule } from "./timeline.js";
export { incidentSpecFromScenario } from "./incident-machine.js";
export { applyMutations, MUTATION_APPLIERS, type MutationCluster } from "./mutations/index.js";
export {
  computeLeaderboard,
  parseGameEvent,
  safeParseGameEvent,
  scoreTimeline,
  sortBySeq,
  resolveScoringRules,
  rulesFromPackScoring,
  type GameEvent,
  type GameEventDraft,
  type Leaderboard,
  type ScoringRulesOverride,
} from "../scoring/index.js";
export { loadScenarioLibrary, type LoadedPack, type LoadedScenario, type ScenarioLibrary } from "../scenarios/index.js";
