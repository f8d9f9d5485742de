/** Public scenario facts for the room and the catalog: never the correct answer or hint texts. */
import { parseDuration } from "../core/index.js";
import type { PackSummary, ScenarioBriefView, ScenarioSummary } from "../protocol/index.js";
import type { LoadedPack, LoadedScenario } from "../engine/index.js";

export function scenarioBrief(s: LoadedScenario, points = s.spec.points): ScenarioBriefView {
  const spec = s.spec;
  return {
    scenarioId: spec.id,
    title: spec.title,
    summary: spec.summary,
    difficulty: spec.difficulty,
    points,
    timeLimitMs: parseDuration(spec.timeLimit),
    rootCauseQuestion: spec.rootCause.question,
    rootCauseOptions: spec.rootCause.options.map((o) => ({ id: o.id, text: o.text })),
    hints: spec.hints.map((h) => ({ cost: h.cost, unlockAfterMs: parseDuration(h.unlockAfter) })),
  };
}

export function scenarioSummary(s: LoadedScenario): ScenarioSummary {
  const spec = s.spec;
  return {
    id: spec.id,
    title: spec.title,
    difficulty: spec.difficulty,
    points: spec.points,
    timeLimitMs: parseDuration(spec.timeLimit),
    summary: spec.summary,
    tags: spec.tags ?? [],
  };
}

export function packSummary(p: LoadedPack): PackSummary {
  return {
    id: p.spec.id,
    title: p.spec.title,
    description: p.spec.description ?? "",
    durationMs: parseDuration(p.spec.duration),
    scenarios: p.spec.timeline.map((e) => e.scenario),
  };
}
