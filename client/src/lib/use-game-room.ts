/**
 * Connects to a game's Colyseus room and keeps a plain-JSON view of its state. Reconnection is the
 * SDK's own (0.18 auto-reconnect); this hook reflects it in `status` without dropping the last view.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { Client, type Room } from "@colyseus/sdk";
import {
  ServerMessage,
  type BroadcastMessage,
  type ErrorMessage,
  type GameStateView,
  type JoinOptions,
  type ScheduleMessage,
  type TickerMessage,
} from "../../../server/src/protocol/index.js";
import { initialRoomEvents, roomEventsReducer, type RoomEventsState } from "./room-events.js";

export interface GameRoomHandle extends RoomEventsState {
  state: GameStateView | null;
  /** The pack's timeline; only hosts receive it. */
  schedule: ScheduleMessage | null;
  send: (type: string, payload?: unknown) => void;
  dismissToast: (id: number) => void;
}

function describeJoinError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/not found|no rooms found|room .* not found/i.test(message)) return "This game does not exist or has been archived. Check the code.";
  return message || "Could not connect to the game.";
}

/** `options` null = don't connect yet (e.g. credentials not loaded). */
export function useGameRoom(options: JoinOptions | null): GameRoomHandle {
  const [events, dispatch] = useReducer(roomEventsReducer, initialRoomEvents);
  const [state, setState] = useState<GameStateView | null>(null);
  const [schedule, setSchedule] = useState<ScheduleMessage | null>(null);
  const roomRef = useRef<Room | null>(null);
  const key = options ? JSON.stringify(options) : null;

  useEffect(() => {
    if (!key) return;
    const opts = JSON.parse(key) as JoinOptions;
    let cancelled = false;
    const client = new Client(window.location.origin);
    client
      .joinById(opts.code.toUpperCase(), opts)
      .then((room) => {
        if (cancelled) {
          void room.leave();
          return;
        }
        roomRef.current = room;
        dispatch({ type: "connected" });
        room.onStateChange((s: { toJSON(): unknown }) => setState(s.toJSON() as GameStateView));
        room.onMessage(ServerMessage.broadcast, (m: BroadcastMessage) => dispatch({ type: "broadcast", message: m }));
        room.onMessage(ServerMessage.ticker, (m: TickerMessage) => dispatch({ type: "ticker", message: m }));
        room.onMessage(ServerMessage.error, (m: ErrorMessage) => dispatch({ type: "server-error", message: m }));
        room.onMessage(ServerMessage.schedule, (m: ScheduleMessage) => setSchedule(m));
        room.onDrop(() => dispatch({ type: "dropped" }));
        room.onReconnect(() => dispatch({ type: "reconnected" }));
        room.onLeave((code: number) => dispatch({ type: "closed", code }));
      })
      .catch((err: unknown) => {
        if (!cancelled) dispatch({ type: "failed", message: describeJoinError(err) });
      });
    return () => {
      cancelled = true;
      void roomRef.current?.leave();
      roomRef.current = null;
    };
  }, [key]);

  const send = useCallback((type: string, payload: unknown = {}) => {
    roomRef.current?.send(type, payload);
  }, []);
  const dismissToast = useCallback((id: number) => dispatch({ type: "dismiss", id }), []);

  return { ...events, state, schedule, send, dismissToast };
}
