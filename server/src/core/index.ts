export * from "./clock.js";
export * from "./ids.js";
export * from "./errors.js";
export * from "./event-bus.js";
export * from "./logger.js";
export * from "./duration.js";
export * from "./slug.js";
