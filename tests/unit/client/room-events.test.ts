import { describe, expect, it } from "vitest";
import { MAX_TICKER_LINES, MAX_TOASTS, initialRoomEvents, roomEventsReducer, type RoomEvent } from "../../../client/src/lib/room-events.js";

const run = (events: RoomEvent[]) => events.reduce(roomEventsReducer, initialRoomEvents);

describe("roomEventsReducer", () => {
  it.each<[string, RoomEvent[], string]>([
    ["connects", [{ type: "connected" }], "connected"],
    ["drops and keeps trying", [{ type: "connected" }, { type: "dropped" }], "reconnecting"],
    ["comes back", [{ type: "connected" }, { type: "dropped" }, { type: "reconnected" }], "connected"],
    ["closes", [{ type: "connected" }, { type: "closed", code: 4000 }], "closed"],
    ["fails to join", [{ type: "failed", message: "no such game" }], "failed"],
  ])("%s", (_label, events, status) => {
    expect(run(events).status).toBe(status);
  });

  it("keeps the failure message and clears it on connect", () => {
    const failed = run([{ type: "failed", message: "This game does not exist" }]);
    expect(failed.failure).toBe("This game does not exist");
    expect(roomEventsReducer(failed, { type: "connected" }).failure).toBeNull();
  });

  it("turns broadcasts and server errors into toasts, capped, dismissable by id", () => {
    const events: RoomEvent[] = Array.from({ length: MAX_TOASTS + 2 }, (_, i) => ({ type: "broadcast", message: { text: `msg ${i}`, at: i } }));
    const s = run([...events, { type: "server-error", message: { code: "forbidden", message: "screens are read-only" } }]);
    expect(s.toasts).toHaveLength(MAX_TOASTS);
    expect(s.toasts.at(-1)).toMatchObject({ kind: "error", text: "screens are read-only" });
    const first = s.toasts[0]!;
    expect(roomEventsReducer(s, { type: "dismiss", id: first.id }).toasts.map((t) => t.id)).not.toContain(first.id);
  });

  it("keeps the newest ticker lines first, capped", () => {
    const events: RoomEvent[] = Array.from({ length: MAX_TICKER_LINES + 5 }, (_, i) => ({ type: "ticker", message: { kind: "info", text: `line ${i}`, at: i } }));
    const s = run(events);
    expect(s.ticker).toHaveLength(MAX_TICKER_LINES);
    expect(s.ticker[0]!.text).toBe(`line ${MAX_TICKER_LINES + 4}`);
  });
});
