/** Inputs of the debrief builder: the game's event log plus what the gateway recorded and the scenario texts. */
export interface DebriefActivity {
  teamId: string;
  /** Epoch ms. */
  at: number;
  verb: string;
  resource: string;
  subresource?: string | null;
  name?: string | null;
  kubectlCommand?: string | null;
  code: number;
  allowed: boolean;
}

export interface DebriefScenario {
  title: string;
  debriefMarkdown: string;
  points: number;
  timeLimitMs: number;
}

/** Who is reading: team detail (full command lists) is for that team and the host only. */
export type DebriefViewer = { role: "host" } | { role: "team"; teamId: string } | { role: "public" };
