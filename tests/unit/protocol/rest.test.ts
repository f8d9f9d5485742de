import { describe, expect, it } from "vitest";
import { CreateGameRequestSchema, CreateTeamRequestSchema, InjectRequestSchema } from "../../../server/src/protocol/rest.js";
import { HostMessages, JoinOptionsSchema, TeamMessages } from "../../../server/src/protocol/messages.js";

function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  return result.success ? [] : [...new Set(result.error!.issues.map((i) => i.path.join(".")))];
}

describe("REST bodies", () => {
  it.each([
    [{ name: "Friday drill", pack: "classroom-basics" }, []],
    [{ name: "Cup", scenarios: ["image-pull-backoff"], settings: { openRegistration: false, maxTeams: 8 } }, []],
    [{ name: "", pack: "x" }, ["name"]],
    [{ name: "x".repeat(41), pack: "x" }, ["name"]],
    [{ name: "<script>", pack: "x" }, ["name"]],
    [{ name: "No content" }, ["pack"]],
    [{ name: "Both", pack: "a", scenarios: ["b"] }, ["pack"]],
    [{ name: "Extra", pack: "a", admin: true }, [""]],
    [{ name: "Teams", pack: "a", settings: { maxTeams: 1000 } }, ["settings.maxTeams"]],
    [{ name: "Dur", pack: "a", settings: { duration: "ten" } }, ["settings.duration"]],
  ])("CreateGameRequest %j → issues at %j", (body, paths) => {
    expect(issuePaths(CreateGameRequestSchema.safeParse(body))).toEqual(paths);
  });

  it("defaults settings when omitted", () => {
    const parsed = CreateGameRequestSchema.parse({ name: "Lab", pack: "classroom-basics" });
    expect(parsed.settings).toMatchObject({ openRegistration: true, maxTeams: 20 });
  });

  it.each([
    [{ name: "Orion" }, true],
    [{ name: "  " }, false],
    [{ name: 42 }, false],
    [{}, false],
    [null, false],
    ["Orion", false],
  ])("CreateTeamRequest %j valid=%s", (body, ok) => {
    expect(CreateTeamRequestSchema.safeParse(body).success).toBe(ok);
  });

  it.each([
    [{ scenario: "oom-killed" }, true],
    [{ scenario: "oom-killed", teams: ["t1"] }, true],
    [{ scenario: "oom-killed", teams: [] }, false],
    [{ scenario: "" }, false],
  ])("InjectRequest %j valid=%s", (body, ok) => {
    expect(InjectRequestSchema.safeParse(body).success).toBe(ok);
  });
});

describe("room messages", () => {
  it.each([
    [{ role: "team", code: "ABC123", teamToken: "t", playerName: "Ada" }, true],
    [{ role: "team", code: "ABC123", playerName: "Ada" }, false],
    [{ role: "host", code: "ABC123", hostKey: "k" }, true],
    [{ role: "screen", code: "ABC123" }, true],
    [{ role: "screen", code: "ABC123", hostKey: "sneaky" }, false],
    [{ role: "admin", code: "ABC123" }, false],
  ])("join options %j valid=%s", (opts, ok) => {
    expect(JoinOptionsSchema.safeParse(opts).success).toBe(ok);
  });

  it.each([
    [TeamMessages.buyHint, { incidentId: "i1", hintIndex: 0 }, true],
    [TeamMessages.buyHint, { incidentId: "i1", hintIndex: -1 }, false],
    [TeamMessages.buyHint, { incidentId: "i1", hintIndex: 1.5 }, false],
    [TeamMessages.declareRootCause, { incidentId: "i1", optionId: "tag" }, true],
    [TeamMessages.declareRootCause, { incidentId: "i1" }, false],
    [HostMessages.broadcast, { text: "x".repeat(281) }, false],
    [HostMessages.freeze, { frozen: "yes" }, false],
    [HostMessages.start, { now: true }, false],
  ])("payload %#", (schema, payload, ok) => {
    expect(schema.safeParse(payload).success).toBe(ok);
  });
});
