/**
 * Pure reducer for everything a room connection produces besides state: connection status, host
 * broadcasts (shown as toasts), ticker lines and server errors. Kept apart from the hook so it is
 * testable without a server.
 */
import type { BroadcastMessage, ErrorMessage, TickerMessage } from "../../../server/src/protocol/index.js";

/** How many ticker lines a screen keeps. */
export const MAX_TICKER_LINES = 30;
/** How many toasts stay on screen at once. */
export const MAX_TOASTS = 4;

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "closed" | "failed";

export interface Toast {
  id: number;
  kind: "broadcast" | "error" | "info";
  text: string;
  at: number;
}

export interface RoomEventsState {
  status: ConnectionStatus;
  failure: string | null;
  toasts: Toast[];
  ticker: TickerMessage[];
  nextToastId: number;
}

export type RoomEvent =
  | { type: "connected" }
  | { type: "dropped" }
  | { type: "reconnected" }
  | { type: "closed"; code: number }
  | { type: "failed"; message: string }
  | { type: "broadcast"; message: BroadcastMessage }
  | { type: "ticker"; message: TickerMessage }
  | { type: "server-error"; message: ErrorMessage }
  | { type: "dismiss"; id: number };

export const initialRoomEvents: RoomEventsState = { status: "connecting", failure: null, toasts: [], ticker: [], nextToastId: 1 };

function pushToast(state: RoomEventsState, kind: Toast["kind"], text: string, at: number): RoomEventsState {
  const toast: Toast = { id: state.nextToastId, kind, text, at };
  return { ...state, nextToastId: state.nextToastId + 1, toasts: [...state.toasts, toast].slice(-MAX_TOASTS) };
}

export function roomEventsReducer(state: RoomEventsState, event: RoomEvent): RoomEventsState {
  switch (event.type) {
    case "connected":
    case "reconnected":
      return { ...state, status: "connected", failure: null };
    case "dropped":
      return { ...state, status: "reconnecting" };
    case "closed":
      return { ...state, status: "closed" };
    case "failed":
      return { ...state, status: "failed", failure: event.message };
    case "broadcast":
      return pushToast(state, "broadcast", event.message.text, event.message.at);
    case "ticker":
      return { ...state, ticker: [event.message, ...state.ticker].slice(0, MAX_TICKER_LINES) };
    case "server-error":
      return pushToast(state, "error", event.message.message, Date.now());
    case "dismiss":
      return { ...state, toasts: state.toasts.filter((t) => t.id !== event.id) };
  }
}
