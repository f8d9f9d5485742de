/**
 * The Colyseus server on Firedrill's HTTP server (REST and websockets share one port), with the game
 * room defined. Scale-out (Redis presence + driver) plugs in through `presence`/`driver`.
 */
import type http from "node:http";
import { Server, type Presence, type MatchMakerDriver } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import type { Logger } from "../core/index.js";
import { GAME_ROOM_NAME } from "../protocol/index.js";
import type { ActiveGame } from "./active-game.js";
import { GameRoom, type GameRoomOptions } from "./room.js";

export interface GameServerOptions {
  httpServer: http.Server;
  logger: Logger;
  lookup: (code: string) => ActiveGame | undefined;
  presence?: Presence;
  driver?: MatchMakerDriver;
}

export function createGameServer(opts: GameServerOptions): Server {
  const server = new Server({
    transport: new WebSocketTransport({ server: opts.httpServer }),
    greet: false,
    // We own shutdown (main.ts); Colyseus' own signal handlers stay off.
    gracefullyShutdown: false,
    logger: opts.logger.child({ module: "colyseus" }),
    ...(opts.presence ? { presence: opts.presence } : {}),
    ...(opts.driver ? { driver: opts.driver } : {}),
  });
  // The code arrives with matchMaker.createRoom(); the lookup is a default option every room gets.
  server.define(GAME_ROOM_NAME, GameRoom, { lookup: opts.lookup } as unknown as GameRoomOptions);
  return server;
}

export type { Server as GameServer };
