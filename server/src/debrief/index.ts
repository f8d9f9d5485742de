export { buildDebrief, redactDebrief, type BuildDebriefInput } from "./build-debrief.js";
export { renderDebriefMarkdown } from "./markdown-export.js";
export type { DebriefActivity, DebriefScenario, DebriefViewer } from "./types.js";
