/**
 * Game, Team, Season and Player repositories: assertions every provider must pass, run on a
 * migrated database by game-repositories.test.ts for SQLite and PostgreSQL alike.
 */
import { expect } from "vitest";
import { hashToken, newToken, NotFoundError } from "../../../server/src/core/index.js";
import {
  DuplicateKeyError,
  GameRepository,
  PlayerRepository,
  SeasonRepository,
  TeamRepository,
  type Database,
  type NewGame,
} from "../../../server/src/db/index.js";

let counter = 0;
/** Codes unique per process and call, so contract functions can share one database. */
function nextCode(): string {
  counter += 1;
  return `R${process.pid.toString(36).toUpperCase()}${counter}`.slice(0, 12);
}

export function newGame(overrides: Partial<NewGame> = {}): NewGame {
  return {
    code: nextCode(),
    name: "Friday drill",
    hostKeyHash: hashToken("host-key"),
    seed: "seed-42",
    packId: "intro",
    scenarioIds: ["image-pull-backoff", "missing-configmap"],
    settings: { openRegistration: true, maxTeams: 20, maxPlayersPerTeam: 6, scoring: { minSpeedFactor: 0.25 } },
    ...overrides,
  };
}

export async function assertGameCreateAndFind(db: Database): Promise<void> {
  const games = new GameRepository(db);
  const input = newGame();
  const created = await games.create(input);
  expect(created).toMatchObject({
    code: input.code,
    name: "Friday drill",
    hostKeyHash: hashToken("host-key"),
    seed: "seed-42",
    packId: "intro",
    scenarioIds: ["image-pull-backoff", "missing-configmap"],
    settings: { openRegistration: true, maxTeams: 20, maxPlayersPerTeam: 6, scoring: { minSpeedFactor: 0.25 } },
    seasonId: null,
    phase: "lobby",
    startedAt: null,
    endedAt: null,
  });
  expect(created.createdAt).toBeInstanceOf(Date);
  expect(await games.findByCode(input.code)).toEqual(created);
  expect(await games.findById(created.id)).toEqual(created);
  expect(await games.findByCode("NOPE00")).toBeNull();
  expect(await games.findById("no-such-id")).toBeNull();

  // an explicit scenario list and no pack
  const listed = await games.create(newGame({ packId: undefined, scenarioIds: ["service-selector"] }));
  expect(listed).toMatchObject({ packId: null, scenarioIds: ["service-selector"] });
}

export async function assertGameCodeIsUnique(db: Database): Promise<void> {
  const games = new GameRepository(db);
  const input = newGame();
  await games.create(input);
  const err = await games.create({ ...input, name: "other" }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DuplicateKeyError);
  expect((err as DuplicateKeyError).httpStatus).toBe(409);
  expect((err as DuplicateKeyError).fields).toEqual(["code"]);
}

export async function assertGameSeasonMustExist(db: Database): Promise<void> {
  const games = new GameRepository(db);
  await expect(games.create(newGame({ seasonId: "no-such-season" }))).rejects.toBeInstanceOf(NotFoundError);
}

export async function assertGamePhaseStamps(db: Database): Promise<void> {
  const games = new GameRepository(db);
  const game = await games.create(newGame());
  const t1 = new Date("2026-11-21T10:00:00.000Z");
  const t2 = new Date("2026-11-21T10:05:00.000Z");
  const t3 = new Date("2026-11-21T10:07:00.000Z");
  const t4 = new Date("2026-11-21T10:30:00.000Z");
  expect(await games.setPhase(game.id, "running", t1)).toMatchObject({ phase: "running", startedAt: t1, endedAt: null });
  expect(await games.setPhase(game.id, "paused", t2)).toMatchObject({ phase: "paused", startedAt: t1, endedAt: null });
  // resuming keeps the first start
  expect(await games.setPhase(game.id, "running", t3)).toMatchObject({ phase: "running", startedAt: t1 });
  expect(await games.setPhase(game.id, "ended", t4)).toMatchObject({ phase: "ended", startedAt: t1, endedAt: t4 });
  expect(await games.findById(game.id)).toMatchObject({ phase: "ended", startedAt: t1, endedAt: t4 });
  await expect(games.setPhase("no-such-id", "running", t1)).rejects.toBeInstanceOf(NotFoundError);
  // @ts-expect-error: not a phase
  await expect(games.setPhase(game.id, "exploded", t1)).rejects.toThrow(/unknown game phase/);
}

export async function assertListRunningAndBySeason(db: Database): Promise<void> {
  const games = new GameRepository(db);
  const seasons = new SeasonRepository(db);
  const season = await seasons.create({ name: "Autumn class" });
  const at = new Date("2026-11-21T11:00:00.000Z");
  const lobby = await games.create(newGame({ seasonId: season.id, name: "one" }));
  const running = await games.create(newGame({ seasonId: season.id, name: "two" }));
  const paused = await games.create(newGame({ name: "three" }));
  const ended = await games.create(newGame({ seasonId: season.id, name: "four" }));
  await games.setPhase(running.id, "running", at);
  await games.setPhase(paused.id, "running", at);
  await games.setPhase(paused.id, "paused", at);
  await games.setPhase(ended.id, "running", at);
  await games.setPhase(ended.id, "ended", at);

  const runningIds = (await games.listRunning()).map((g) => g.id);
  expect(runningIds).toEqual(expect.arrayContaining([running.id, paused.id]));
  expect(runningIds).not.toContain(lobby.id);
  expect(runningIds).not.toContain(ended.id);
  const unfinished = (await games.listUnfinished()).map((g) => g.id);
  expect(unfinished).toEqual(expect.arrayContaining([lobby.id, running.id, paused.id]));
  expect(unfinished).not.toContain(ended.id);

  expect((await games.listBySeason(season.id)).map((g) => g.name)).toEqual(["one", "two", "four"]);
  expect(await games.listBySeason("no-such-season")).toEqual([]);
}

export async function assertTeams(db: Database): Promise<void> {
  const games = new GameRepository(db);
  const teams = new TeamRepository(db);
  const game = await games.create(newGame());
  const other = await games.create(newGame());
  const redToken = newToken("fdt_");
  const red = await teams.create({ gameId: game.id, name: "Red", slug: "red", namespace: "fd-x-red", tokenHash: hashToken(redToken) });
  const blue = await teams.create({ gameId: game.id, name: "Blue", slug: "blue", namespace: "fd-x-blue", tokenHash: hashToken(newToken("fdt_")) });
  // the same name in another game is fine
  const otherRed = await teams.create({ gameId: other.id, name: "Red", slug: "red", namespace: "fd-y-red", tokenHash: hashToken(newToken("fdt_")) });
  expect(red).toEqual({ id: expect.any(String), gameId: game.id, name: "Red", slug: "red", namespace: "fd-x-red", createdAt: expect.any(Date) });
  // records never carry the hash
  expect(Object.keys(red)).not.toContain("tokenHash");

  expect((await teams.listByGame(game.id)).map((t) => t.name)).toEqual(["Red", "Blue"]);
  expect(await teams.countByGame(game.id)).toBe(2);
  expect(await teams.findById(blue.id)).toEqual(blue);
  expect(await teams.findById("no-such-team")).toBeNull();

  const dupName = await teams
    .create({ gameId: game.id, name: "Red", slug: "red-2", namespace: "fd-x-red-2", tokenHash: hashToken(newToken()) })
    .catch((e: unknown) => e);
  expect(dupName).toBeInstanceOf(DuplicateKeyError);
  expect((dupName as DuplicateKeyError).fields).toEqual(["gameId", "name"]);
  expect((dupName as DuplicateKeyError).message).toMatch(/already taken/);
  const dupSlug = await teams
    .create({ gameId: game.id, name: "RED!", slug: "red", namespace: "fd-x-red-3", tokenHash: hashToken(newToken()) })
    .catch((e: unknown) => e);
  expect((dupSlug as DuplicateKeyError).fields).toEqual(["gameId", "slug"]);
  await expect(
    teams.create({ gameId: "no-such-game", name: "Ghost", slug: "ghost", namespace: "fd-ghost", tokenHash: hashToken(newToken()) }),
  ).rejects.toBeInstanceOf(NotFoundError);

  // tokens: the registration token, then additional ones, all hashed; scoped to the game
  expect(await teams.findByTokenHash(game.id, hashToken(redToken))).toEqual(red);
  expect(await teams.findByTokenHash(other.id, hashToken(redToken))).toBeNull();
  const extra = newToken("fdt_");
  expect(await teams.findByTokenHash(game.id, hashToken(extra))).toBeNull();
  await teams.addToken(red.id, hashToken(extra));
  expect(await teams.findByTokenHash(game.id, hashToken(extra))).toEqual(red);
  expect(await teams.findByTokenHash(game.id, extra)).toBeNull(); // the raw token is not a key
  await expect(teams.addToken(red.id, hashToken(extra))).rejects.toBeInstanceOf(DuplicateKeyError);
  await expect(teams.addToken("no-such-team", hashToken(newToken()))).rejects.toBeInstanceOf(NotFoundError);

  const hashes = await teams.listTokenHashes(game.id);
  expect(hashes).toEqual([
    { teamId: red.id, tokenHash: hashToken(redToken) },
    { teamId: red.id, tokenHash: hashToken(extra) },
    { teamId: blue.id, tokenHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
  ]);
  expect((await teams.listTokenHashes(other.id)).map((h) => h.teamId)).toEqual([otherRed.id]);

  // nothing raw is stored anywhere
  const tokenRows = await db.teamToken.findMany({ where: { teamId: red.id } });
  expect(tokenRows.map((r) => r.tokenHash)).toEqual([hashToken(extra)]);
}

export async function assertSeasons(db: Database): Promise<void> {
  const seasons = new SeasonRepository(db);
  const a = await seasons.create({ name: "Spring" });
  await new Promise((r) => setTimeout(r, 5)); // distinct createdAt for the order check
  const b = await seasons.create({ name: "Summer" });
  expect(a).toEqual({ id: expect.any(String), name: "Spring", createdAt: expect.any(Date) });
  const listed = (await seasons.list()).map((s) => s.id);
  expect(listed.indexOf(b.id)).toBeLessThan(listed.indexOf(a.id)); // newest first
  expect(await seasons.findById(a.id)).toEqual(a);
  expect(await seasons.findById("no-such-season")).toBeNull();
}

export async function assertPlayerUpsert(db: Database): Promise<void> {
  const games = new GameRepository(db);
  const teams = new TeamRepository(db);
  const players = new PlayerRepository(db);
  const game = await games.create(newGame());
  const other = await games.create(newGame());
  const red = await teams.create({ gameId: game.id, name: "Red", slug: "red", namespace: "fd-p-red", tokenHash: hashToken(newToken()) });
  const blue = await teams.create({ gameId: game.id, name: "Blue", slug: "blue", namespace: "fd-p-blue", tokenHash: hashToken(newToken()) });
  const t1 = new Date("2026-11-21T12:00:00.000Z");
  const t2 = new Date("2026-11-21T12:10:00.000Z");

  const ada = await players.upsert({ gameId: game.id, teamId: red.id, name: "Ada", role: "player", at: t1 });
  expect(ada).toMatchObject({ gameId: game.id, teamId: red.id, name: "Ada", role: "player", createdAt: t1, lastSeenAt: t1 });
  // re-join with the id: same row, moved team, new lastSeenAt
  const again = await players.upsert({ playerId: ada.id, gameId: game.id, teamId: blue.id, name: "Ada L.", role: "player", at: t2 });
  expect(again).toEqual({ ...ada, teamId: blue.id, name: "Ada L.", lastSeenAt: t2 });
  // an id from another game never reaches that game's row
  const stranger = await players.upsert({ playerId: ada.id, gameId: other.id, name: "Mallory", role: "player", at: t2 });
  expect(stranger.id).not.toBe(ada.id);
  expect(stranger).toMatchObject({ gameId: other.id, teamId: null });
  // unknown ids start a new player
  const fresh = await players.upsert({ playerId: "made-up", gameId: game.id, name: "Screen", role: "screen", at: t2 });
  expect(fresh.id).not.toBe("made-up");

  expect((await players.listByGame(game.id)).map((p) => p.name)).toEqual(["Ada L.", "Screen"]);
  expect((await players.listByTeam(blue.id)).map((p) => p.id)).toEqual([ada.id]);
  expect(await players.listByTeam(red.id)).toEqual([]);
}

/** Deleting a game takes its teams and their tokens with it (cascades). */
export async function assertCascade(db: Database): Promise<void> {
  const games = new GameRepository(db);
  const teams = new TeamRepository(db);
  const game = await games.create(newGame());
  const team = await teams.create({ gameId: game.id, name: "Gone", slug: "gone", namespace: "fd-gone", tokenHash: hashToken(newToken()) });
  await teams.addToken(team.id, hashToken(newToken()));
  await db.game.delete({ where: { id: game.id } });
  expect(await teams.findById(team.id)).toBeNull();
  expect(await db.teamToken.count({ where: { teamId: team.id } })).toBe(0);
}
