export * from "./rules.js";
export * from "./game-events.js";
export * from "./pause.js";
export * from "./calc.js";
export * from "./scenario-table.js";
