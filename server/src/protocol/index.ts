export * from "./rest.js";
export * from "./messages.js";
export * from "./state.js";
