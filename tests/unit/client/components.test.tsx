import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { IncidentView, ScenarioBriefView, TeamView } from "../../../server/src/protocol/index.js";
import { Leaderboard } from "../../../client/src/components/Leaderboard.js";
import { HintPanel } from "../../../client/src/components/HintPanel.js";
import { DeclarationForm } from "../../../client/src/components/DeclarationForm.js";
import { IncidentCard, incidentElapsedMs } from "../../../client/src/components/IncidentCard.js";
import { ConnectionBanner } from "../../../client/src/components/ConnectionBanner.js";

afterEach(cleanup);

const brief: ScenarioBriefView = {
  scenarioId: "image-pull-backoff",
  title: "Frontend won't start",
  summary: "The frontend rollout is stuck.",
  difficulty: "easy",
  points: 100,
  timeLimitMs: 600_000,
  rootCauseQuestion: "Why won't the frontend pods start?",
  rootCauseOptions: [
    { id: "tag", text: "The image tag does not exist" },
    { id: "oom", text: "Out of memory" },
  ],
  hints: [
    { cost: 10, unlockAfterMs: 0 },
    { cost: 25, unlockAfterMs: 10 * 60_000 },
  ],
};

function incident(over: Partial<IncidentView> = {}): IncidentView {
  const now = Date.now();
  return {
    incidentId: "i1",
    scenarioId: "image-pull-backoff",
    title: brief.title,
    summary: brief.summary,
    status: "injected",
    injectedAt: now - 102_000,
    diagnosedAt: 0,
    fixAttemptedAt: 0,
    recoveredAt: 0,
    expiresAt: now + 498_000,
    points: 0,
    ...over,
  };
}

function team(name: string, rank: number, points: number, rankChange = 0): TeamView {
  return { teamId: name.toLowerCase(), name, namespace: `fd-x-${name.toLowerCase()}`, points, rank, rankChange, playersOnline: 1, incidents: [] };
}

describe("Leaderboard", () => {
  it("orders rows by rank, marks my team and shows rank movement", () => {
    render(<Leaderboard teams={{ v: team("Vega", 2, 80, -1), o: team("Orion", 1, 120, 1) }} highlightTeamId="orion" />);
    const rows = screen.getAllByRole("listitem");
    expect(rows.map((r) => r.getAttribute("data-team"))).toEqual(["Orion", "Vega"]);
    expect(rows[0]!.className).toContain("mine");
    expect(screen.getByLabelText("up 1")).toBeTruthy();
    expect(screen.getByLabelText("down 1")).toBeTruthy();
    expect(screen.getByTestId("points-Orion").textContent).toBe("120");
  });

  it("says so when there are no teams", () => {
    render(<Leaderboard teams={{}} />);
    expect(screen.getByText("No teams yet.")).toBeTruthy();
  });
});

describe("HintPanel", () => {
  it("asks for confirmation before buying, and only then sends", () => {
    const onBuy = vi.fn();
    render(<HintPanel incidentId="i1" injectedAt={Date.now()} brief={brief} bought={[]} onBuy={onBuy} />);
    fireEvent.click(screen.getByRole("button", { name: "Buy hint 1 (−10 pts)" }));
    expect(onBuy).not.toHaveBeenCalled();
    expect(screen.getByText(/Spend 10 points on hint 1\?/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onBuy).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Buy hint 1 (−10 pts)" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, buy it" }));
    expect(onBuy).toHaveBeenCalledWith(0);
  });

  it("keeps locked hints disabled with the time left, and shows bought texts", () => {
    render(
      <HintPanel
        incidentId="i1"
        injectedAt={Date.now()}
        brief={brief}
        bought={[{ incidentId: "i1", hintIndex: 0, cost: 10, unlockAt: 0, text: "Look at the events of a frontend pod." }]}
        onBuy={() => {}}
      />,
    );
    expect(screen.getByText("Look at the events of a frontend pod.")).toBeTruthy();
    const locked = screen.getByRole("button", { name: /Hint 2 unlocks in 10:00|Hint 2 unlocks in 9:5\d/ }) as HTMLButtonElement;
    expect(locked.disabled).toBe(true);
  });
});

describe("DeclarationForm", () => {
  it("sends the chosen option and counts tries down", () => {
    const onDeclare = vi.fn();
    const { rerender } = render(<DeclarationForm incidentId="i1" brief={brief} declarations={[]} onDeclare={onDeclare} />);
    const submit = screen.getByRole("button", { name: /Declare root cause \(2 tries left\)/ }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText("Out of memory"));
    fireEvent.click(submit);
    expect(onDeclare).toHaveBeenCalledWith("oom");
    rerender(<DeclarationForm incidentId="i1" brief={brief} declarations={[{ incidentId: "i1", optionId: "oom", correct: false, at: 1 }]} onDeclare={onDeclare} />);
    expect(screen.getByText(/Not it: Out of memory/)).toBeTruthy();
    expect(screen.getByRole("button", { name: /1 try left/ })).toBeTruthy();
  });

  it("hides the form once the cause is found", () => {
    render(<DeclarationForm incidentId="i1" brief={brief} declarations={[{ incidentId: "i1", optionId: "tag", correct: true, at: 1 }]} onDeclare={() => {}} />);
    expect(screen.getByText(/Correct: The image tag does not exist/)).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
  });
});

describe("IncidentCard", () => {
  it("shows the live timer since injection and the time left", () => {
    render(<IncidentCard incident={incident()} />);
    expect(screen.getByRole("heading", { name: brief.title })).toBeTruthy();
    expect(screen.getByText(/^1:4[12]$/)).toBeTruthy();
    expect(screen.getByText("Investigating")).toBeTruthy();
  });

  it.each([
    ["running", incident({ injectedAt: 1_000 }), 61_000, 60_000],
    ["recovered", incident({ injectedAt: 1_000, recoveredAt: 31_000, status: "recovered" }), 99_000, 30_000],
    ["expired", incident({ injectedAt: 1_000, expiresAt: 601_000, status: "expired" }), 999_000, 600_000],
  ])("elapsed time when %s", (_label, inc, now, expected) => {
    expect(incidentElapsedMs(inc, now)).toBe(expected);
  });
});

describe("ConnectionBanner", () => {
  it.each([
    ["connected", null],
    ["reconnecting", /reconnecting/],
    ["failed", /no such game/],
  ] as const)("%s", (status, text) => {
    const { container } = render(<ConnectionBanner status={status} failure="no such game" />);
    if (text === null) expect(container.textContent).toBe("");
    else expect(container.textContent).toMatch(text);
  });
});
