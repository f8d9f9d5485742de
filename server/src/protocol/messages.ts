/**
 * Colyseus room messages: names and zod schemas for what clients send, and payload types for what the
 * server sends. Every client message is validated at the boundary; an invalid one gets an `error` message
 * back and changes nothing.
 */
import { z } from "zod";

/** Room name clients join. */
export const GAME_ROOM_NAME = "game";
/** Longest host broadcast, in characters. */
export const MAX_BROADCAST_LENGTH = 280;

export const JoinOptionsSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("team"), code: z.string().min(1), teamToken: z.string().min(1), playerName: z.string().trim().min(1).max(40) }).strict(),
  z.object({ role: z.literal("host"), code: z.string().min(1), hostKey: z.string().min(1), playerName: z.string().trim().max(40).optional() }).strict(),
  z.object({ role: z.literal("screen"), code: z.string().min(1) }).strict(),
]);
export type JoinOptions = z.infer<typeof JoinOptionsSchema>;
export type Role = JoinOptions["role"];

/** Messages a team client sends. */
export const TeamMessages = {
  declareRootCause: z.object({ incidentId: z.string().min(1), optionId: z.string().min(1) }).strict(),
  buyHint: z.object({ incidentId: z.string().min(1), hintIndex: z.number().int().min(0) }).strict(),
} as const;

/** Messages only the host may send. */
export const HostMessages = {
  start: z.object({}).strict(),
  pause: z.object({}).strict(),
  resume: z.object({}).strict(),
  end: z.object({}).strict(),
  injectNow: z.object({ scenario: z.string().min(1), teams: z.array(z.string().min(1)).min(1).optional() }).strict(),
  resetTeam: z.object({ teamId: z.string().min(1) }).strict(),
  broadcast: z.object({ text: z.string().trim().min(1).max(MAX_BROADCAST_LENGTH) }).strict(),
  freeze: z.object({ frozen: z.boolean() }).strict(),
} as const;

export type TeamMessageName = keyof typeof TeamMessages;
export type HostMessageName = keyof typeof HostMessages;

/** Server → client message names. */
export const ServerMessage = {
  error: "error",
  broadcast: "broadcast",
  ticker: "ticker",
  /** Host only: the pack's timeline with titles (never in the shared state, so players get no spoilers). */
  schedule: "schedule",
} as const;

export interface ScheduleEntry {
  index: number;
  scenarioId: string;
  title: string;
  trigger: "at" | "after-previous";
  /** Offset from the start (for "at") or delay after the team's previous incident ended, in ms of game time. */
  offsetMs: number;
  /** Teams that already got this entry. */
  injectedTeams: number;
}

export interface ScheduleMessage {
  entries: ScheduleEntry[];
  /** Every scenario of the game, for "inject now" (players only see a scenario once it is injected). */
  scenarios: { scenarioId: string; title: string }[];
  /** The next scheduled injection, or null (manual games, paused, or done). */
  next: { at: number; title: string } | null;
}

export interface ErrorMessage {
  code: "invalid-message" | "forbidden" | "not-allowed-now" | "unknown-incident" | "internal";
  message: string;
  /** The message type that caused the error. */
  type?: string;
}

export interface BroadcastMessage {
  text: string;
  at: number;
}

export interface TickerMessage {
  kind: "diagnosed" | "recovered" | "first-to-recover" | "injected" | "expired" | "info";
  text: string;
  at: number;
  teamId?: string;
}
