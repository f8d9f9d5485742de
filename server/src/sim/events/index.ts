export { createEventRecorder, EVENTS_GVR, CLUSTER_EVENT_NAMESPACE } from "./recorder.js";
export type { EventRecorder, EventType, EventSource, ObjectReference, RecordOptions } from "./recorder.js";
