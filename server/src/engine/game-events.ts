/**
 * The GameEvent vocabulary (discriminated union on `type`, zod-validated, JSON-serialisable).
 * Defined in scoring/game-events.ts because scoring may not import engine; import it from here.
 */
export * from "../scoring/game-events.js";
