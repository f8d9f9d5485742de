/**
 * The Colyseus room state. Field names and types mirror server/src/protocol/state.ts, which is what
 * clients see after `state.toJSON()`. Team-private data lives in `privates`, tagged `.view()` so it is
 * sent only to clients whose StateView holds that team's entry (the team itself and the host).
 */
import { schema, t, type SchemaType } from "@colyseus/schema";

export const RootCauseOption = schema({ id: t.string(), text: t.string() }, "RootCauseOption");
export type RootCauseOption = SchemaType<typeof RootCauseOption>;

export const HintBrief = schema({ cost: t.number(), unlockAfterMs: t.number() }, "HintBrief");
export type HintBrief = SchemaType<typeof HintBrief>;

export const ScenarioBrief = schema(
  {
    scenarioId: t.string(),
    title: t.string(),
    summary: t.string(),
    difficulty: t.string(),
    points: t.number(),
    timeLimitMs: t.number(),
    rootCauseQuestion: t.string(),
    rootCauseOptions: t.array(RootCauseOption),
    hints: t.array(HintBrief),
  },
  "ScenarioBrief",
);
export type ScenarioBrief = SchemaType<typeof ScenarioBrief>;

export const Incident = schema(
  {
    incidentId: t.string(),
    scenarioId: t.string(),
    title: t.string(),
    summary: t.string(),
    status: t.string(),
    injectedAt: t.number(),
    diagnosedAt: t.number(),
    fixAttemptedAt: t.number(),
    recoveredAt: t.number(),
    expiresAt: t.number(),
    points: t.number(),
  },
  "Incident",
);
export type Incident = SchemaType<typeof Incident>;

export const Team = schema(
  {
    teamId: t.string(),
    name: t.string(),
    namespace: t.string(),
    points: t.number(),
    rank: t.number(),
    rankChange: t.number(),
    playersOnline: t.number(),
    incidents: t.array(Incident),
  },
  "Team",
);
export type Team = SchemaType<typeof Team>;

export const Hint = schema(
  { incidentId: t.string(), hintIndex: t.number(), cost: t.number(), unlockAt: t.number(), text: t.string() },
  "Hint",
);
export type Hint = SchemaType<typeof Hint>;

export const Declaration = schema(
  { incidentId: t.string(), optionId: t.string(), correct: t.boolean(), at: t.number() },
  "Declaration",
);
export type Declaration = SchemaType<typeof Declaration>;

export const Activity = schema(
  {
    at: t.number(),
    kubectlCommand: t.string(),
    verb: t.string(),
    resource: t.string(),
    name: t.string(),
    code: t.number(),
    allowed: t.boolean(),
  },
  "Activity",
);
export type Activity = SchemaType<typeof Activity>;

export const TeamPrivate = schema(
  { teamId: t.string(), incidents: t.array(Incident), hints: t.array(Hint), declarations: t.array(Declaration), activity: t.array(Activity) },
  "TeamPrivate",
);
export type TeamPrivate = SchemaType<typeof TeamPrivate>;

export const GameState = schema(
  {
    code: t.string(),
    name: t.string(),
    phase: t.string(),
    startedAt: t.number(),
    endsAt: t.number(),
    nextInjectionAt: t.number(),
    frozen: t.boolean(),
    scenarios: t.map(ScenarioBrief),
    teams: t.map(Team),
    privates: t.map(TeamPrivate).view(),
  },
  "GameState",
);
export type GameState = SchemaType<typeof GameState>;
