/**
 * GameRoom: one per game, id = the game code. Thin by design (Colyseus' "thin room over pure rules"):
 * it authenticates joins, validates every message with the protocol's zod schemas, forwards commands to
 * the game's runtime and copies the runtime's facts into the schema state. Team-private data goes only
 * to that team's clients (and the host) through StateView.
 */
import { Room, ServerError, type Client } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import type { z } from "zod";
import { constantTimeEqual, hashToken } from "../core/index.js";
import {
  HostMessages,
  JoinOptionsSchema,
  ServerMessage,
  TeamMessages,
  type ActivityView,
  type ErrorMessage,
  type HostMessageName,
  type ScheduleMessage,
  type TeamMessageName,
} from "../protocol/index.js";
import { timelineIndexOf, type GameEvent, type RuntimeActivity } from "../engine/index.js";
import type { ActiveGame } from "./active-game.js";
import { ACTIVITY_FEED_LENGTH, projectPrivate, projectTeams, type ProjectionInput } from "./projection.js";
import { briefSchema, syncActivity, syncPrivate, syncTeams } from "./schema-sync.js";
import { GameState } from "./state.js";
import { tickerLines, type TickerContext } from "./ticker.js";

/** State patches go out this often (ms): fast enough that a recovery reaches the projector in well under 100 ms. */
export const PATCH_INTERVAL_MS = 20;
/** How long a dropped client may come back into its seat, in seconds. */
export const RECONNECT_WINDOW_S = 60;

export interface GameRoomOptions {
  code: string;
  lookup: (code: string) => ActiveGame | undefined;
}

type Auth = { role: "team"; teamId: string; playerName: string } | { role: "host" } | { role: "screen" };

export class GameRoom extends Room<{ state: GameState }> {
  state = new GameState();
  private game!: ActiveGame;
  private readonly online = new Map<string, number>();
  private readonly announcedWaves = new Set<string>();
  private hostViews = new Set<StateView>();
  /** Last schedule sent to hosts (JSON), so it is re-sent only when it changes. */
  private lastSchedule = "";
  private unsubscribe: (() => void) | undefined;

  onCreate(options: GameRoomOptions): void {
    const game = options.lookup(options.code);
    if (!game) throw new ServerError(404, `no game ${options.code}`);
    this.game = game;
    this.roomId = game.code;
    this.autoDispose = false;
    this.patchRate = PATCH_INTERVAL_MS;
    this.state.code = game.code;
    this.state.name = game.name;
    for (const e of game.runtime.events()) if (e.type === "incident-injected") this.announcedWaves.add(e.waveId ?? e.scenarioId);
    this.unsubscribe = game.runtime.subscribe({
      onEvents: (events) => this.onGameEvents(events),
      onActivity: (teamId, activity) => this.onTeamActivity(teamId, activity),
      onError: (message) => this.broadcastToHosts({ code: "internal", message }),
    });
    this.registerMessages();
    this.project();
  }

  async onAuth(_client: Client, options: unknown): Promise<Auth> {
    const parsed = JoinOptionsSchema.safeParse(options);
    if (!parsed.success) throw new ServerError(400, `invalid join options: ${parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; ")}`);
    const opts = parsed.data;
    if (opts.code.toUpperCase() !== this.game.code) throw new ServerError(404, "this room is another game");
    if (opts.role === "screen") return { role: "screen" };
    if (opts.role === "host") {
      if (!constantTimeEqual(hashToken(opts.hostKey), this.game.hostKeyHash)) throw new ServerError(403, "wrong host key");
      return { role: "host" };
    }
    const teamId = await this.game.teamForToken(opts.teamToken);
    if (!teamId || !this.game.runtime.team(teamId)) throw new ServerError(403, "unknown team token for this game");
    if ((this.online.get(teamId) ?? 0) >= this.game.maxPlayersPerTeam) throw new ServerError(409, `team is full (${this.game.maxPlayersPerTeam} players)`);
    return { role: "team", teamId, playerName: opts.playerName };
  }

  onJoin(client: Client, _options: unknown, auth: Auth): void {
    client.view = new StateView();
    if (auth.role === "team") {
      this.online.set(auth.teamId, (this.online.get(auth.teamId) ?? 0) + 1);
      const entry = this.state.privates.get(auth.teamId);
      if (entry) client.view.add(entry);
      this.project();
    } else if (auth.role === "host") {
      this.hostViews.add(client.view);
      for (const entry of this.state.privates.values()) client.view.add(entry);
      client.send(ServerMessage.schedule, this.schedule(this.game.runtime.phase === "running" ? this.game.runtime.nextInjection() : null));
    }
  }

  async onDrop(client: Client): Promise<void> {
    await this.allowReconnection(client, RECONNECT_WINDOW_S);
  }

  onLeave(client: Client): void {
    const auth = client.auth as Auth | undefined;
    if (auth?.role === "team") {
      this.online.set(auth.teamId, Math.max(0, (this.online.get(auth.teamId) ?? 1) - 1));
      this.project();
    } else if (auth?.role === "host" && client.view) {
      this.hostViews.delete(client.view);
    }
  }

  onDispose(): void {
    this.unsubscribe?.();
  }

  // ------------------------------------------------------------------ messages

  private registerMessages(): void {
    for (const name of Object.keys(TeamMessages) as TeamMessageName[]) {
      this.onMessage(name, (client: Client, payload: unknown) => this.handleTeam(client, name, payload));
    }
    for (const name of Object.keys(HostMessages) as HostMessageName[]) {
      this.onMessage(name, (client: Client, payload: unknown) => this.handleHost(client, name, payload));
    }
    this.onMessage("*", (client: Client, type: string | number) => {
      this.sendError(client, { code: "invalid-message", message: `unknown message type "${String(type)}"`, type: String(type) });
    });
  }

  private parse<S extends z.ZodType>(client: Client, schema: S, type: string, payload: unknown): z.infer<S> | undefined {
    const r = schema.safeParse(payload ?? {});
    if (r.success) return r.data;
    this.sendError(client, {
      code: "invalid-message",
      type,
      message: `invalid "${type}": ${r.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ")}`,
    });
    return undefined;
  }

  private async handleTeam(client: Client, type: TeamMessageName, payload: unknown): Promise<void> {
    const auth = client.auth as Auth;
    if (auth.role !== "team") return this.sendError(client, { code: "forbidden", type, message: "only team members can do that" });
    const runtime = this.game.runtime;
    if (type === "declareRootCause") {
      const msg = this.parse(client, TeamMessages.declareRootCause, type, payload);
      if (!msg) return;
      const r = await runtime.declare(auth.teamId, msg.incidentId, msg.optionId);
      if (!r.ok) this.sendError(client, { code: "not-allowed-now", type, message: r.reason });
    } else {
      const msg = this.parse(client, TeamMessages.buyHint, type, payload);
      if (!msg) return;
      const r = await runtime.buyHint(auth.teamId, msg.incidentId, msg.hintIndex);
      if (!r.ok) this.sendError(client, { code: "not-allowed-now", type, message: r.reason });
    }
  }

  private async handleHost(client: Client, type: HostMessageName, payload: unknown): Promise<void> {
    if ((client.auth as Auth).role !== "host") return this.sendError(client, { code: "forbidden", type, message: "only the host can do that" });
    const msg = this.parse(client, HostMessages[type] as z.ZodType, type, payload) as Record<string, unknown> | undefined;
    if (!msg) return;
    const runtime = this.game.runtime;
    try {
      switch (type) {
        case "start":
          return await runtime.start();
        case "pause":
          return await runtime.pause();
        case "resume":
          return await runtime.resume();
        case "end":
          return await runtime.end();
        case "injectNow":
          await runtime.injectNow(msg.scenario as string, msg.teams as string[] | undefined);
          return;
        case "resetTeam":
          return await runtime.resetTeam(msg.teamId as string, "reset by the host");
        case "broadcast":
          return await runtime.broadcast(msg.text as string);
        case "freeze":
          return await runtime.setFrozen(msg.frozen as boolean);
      }
    } catch (err) {
      this.sendError(client, { code: "not-allowed-now", type, message: err instanceof Error ? err.message : String(err) });
    }
  }

  private sendError(client: Client, error: ErrorMessage): void {
    client.send(ServerMessage.error, error);
  }

  private broadcastToHosts(error: ErrorMessage): void {
    for (const c of this.clients) if ((c.auth as Auth | undefined)?.role === "host") this.sendError(c, error);
  }

  // ------------------------------------------------------------------ projection

  private onGameEvents(events: readonly GameEvent[]): void {
    const runtime = this.game.runtime;
    const ctx: TickerContext = {
      teamName: (id) => runtime.team(id)?.name ?? id,
      scenarioTitle: (id) => this.game.briefs[id]?.title ?? id,
      injection: (incidentId) => {
        const inc = runtime.incident(incidentId);
        return inc ? { at: inc.state.injectedAt, scenarioId: inc.state.scenarioId, waveId: inc.waveId } : undefined;
      },
      isFirstRecovery: (incidentId, seq) => {
        const wave = runtime.incident(incidentId)?.waveId;
        return !runtime.events().some((e) => e.type === "incident-recovered" && e.seq < seq && runtime.incident(e.incidentId)?.waveId === wave);
      },
      frozen: runtime.isFrozen(),
      announcedWaves: this.announcedWaves,
    };
    for (const line of tickerLines(events, ctx)) this.broadcast(ServerMessage.ticker, line);
    for (const e of events) if (e.type === "broadcast") this.broadcast(ServerMessage.broadcast, { text: e.message, at: e.at });
    this.project();
  }

  private onTeamActivity(teamId: string, a: RuntimeActivity): void {
    if (a.isDiscovery) return;
    const feed = this.game.activity.get(teamId) ?? [];
    const view: ActivityView = {
      at: a.at,
      kubectlCommand: a.kubectlCommand ?? "",
      verb: a.verb,
      resource: a.subresource ? `${a.resource}/${a.subresource}` : a.resource,
      name: a.name ?? "",
      code: a.code,
      allowed: a.allowed,
    };
    feed.push(view);
    if (feed.length > ACTIVITY_FEED_LENGTH) feed.splice(0, feed.length - ACTIVITY_FEED_LENGTH);
    this.game.activity.set(teamId, feed);
    syncActivity(this.state.privates, teamId, feed);
  }

  private projectionInput(): ProjectionInput {
    const runtime = this.game.runtime;
    const live = runtime.leaderboard({ ignoreFreeze: true });
    return {
      teams: runtime.teamList(),
      publicBoard: runtime.isFrozen() ? runtime.leaderboard() : live,
      liveBoard: live,
      incidents: (id) => runtime.incident(id),
      scenarios: this.game.briefs,
      online: this.online,
    };
  }

  private project(): void {
    const runtime = this.game.runtime;
    const input = this.projectionInput();
    this.state.phase = runtime.phase;
    const started = runtime.events().find((e) => e.type === "game-started");
    this.state.startedAt = started?.at ?? 0;
    const next = runtime.phase === "running" ? runtime.nextInjection() : null;
    this.state.nextInjectionAt = next?.at ?? 0;
    this.state.frozen = runtime.isFrozen();
    this.revealInjectedScenarios();
    this.sendScheduleToHosts(next);
    syncTeams(this.state.teams, projectTeams(input));
    for (const t of input.teams) this.projectPrivateOf(t.teamId, input);
  }

  /** A scenario's brief enters the shared state when it is first injected, never before. */
  private revealInjectedScenarios(): void {
    for (const e of this.game.runtime.events()) {
      if (e.type !== "incident-injected" || this.state.scenarios.has(e.scenarioId)) continue;
      const brief = this.game.briefs[e.scenarioId];
      if (brief) this.state.scenarios.set(e.scenarioId, briefSchema(brief));
    }
  }

  /** The pack's timeline with titles and progress, for the host console only. */
  private schedule(next: { at: number; scenarioId: string } | null): ScheduleMessage {
    const runtime = this.game.runtime;
    const items = runtime.def.schedule?.items ?? [];
    const injected = new Map<number, number>();
    for (const e of runtime.events()) {
      const index = e.type === "incident-injected" ? timelineIndexOf(e.waveId) : null;
      if (index !== null) injected.set(index, (injected.get(index) ?? 0) + 1);
    }
    return {
      entries: items.map((item) => ({
        index: item.index,
        scenarioId: item.scenarioId,
        title: this.game.briefs[item.scenarioId]?.title ?? item.scenarioId,
        trigger: item.afterPreviousMs !== undefined ? "after-previous" : "at",
        offsetMs: item.afterPreviousMs ?? item.atMs ?? 0,
        injectedTeams: injected.get(item.index) ?? 0,
      })),
      scenarios: Object.values(this.game.briefs).map((b) => ({ scenarioId: b.scenarioId, title: b.title })),
      next: next ? { at: next.at, title: this.game.briefs[next.scenarioId]?.title ?? next.scenarioId } : null,
    };
  }

  private sendScheduleToHosts(next: { at: number; scenarioId: string } | null): void {
    const schedule = this.schedule(next);
    const json = JSON.stringify(schedule);
    if (json === this.lastSchedule) return;
    this.lastSchedule = json;
    for (const c of this.clients) if ((c.auth as Auth | undefined)?.role === "host") c.send(ServerMessage.schedule, schedule);
  }

  private projectPrivateOf(teamId: string, input: ProjectionInput): void {
    const view = projectPrivate(input, teamId, this.game.activity.get(teamId) ?? []);
    const { entry, created } = syncPrivate(this.state.privates, teamId, view);
    if (!created) return;
    // A new team: its members (already joined) and every host get to see its private entry.
    for (const hostView of this.hostViews) hostView.add(entry);
    for (const c of this.clients) {
      const auth = c.auth as Auth | undefined;
      if (auth?.role === "team" && auth.teamId === teamId) c.view?.add(entry);
    }
  }
}
