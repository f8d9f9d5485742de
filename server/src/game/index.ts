export { GameService, HOST_KEY_PREFIX, TEAM_TOKEN_PREFIX, type GameServiceDeps, type TeamProvisioner, type CredentialSink, type RecordedActivity } from "./game-service.js";
export { createGameServer, type GameServer, type GameServerOptions } from "./colyseus-server.js";
export { GameRoom, PATCH_INTERVAL_MS, RECONNECT_WINDOW_S } from "./room.js";
export type { GameServiceApi, GameViewer, DebriefInputs, ControlAction } from "./service-types.js";
export type { ActiveGame } from "./active-game.js";
