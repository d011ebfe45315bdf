/**
 * The inputs every command reads events from: files, folders, stdin, gzip-compressed or not, in any
 * of the formats readEvents knows (docs/cli.md, "Inputs").
 */
export { type EventInputs, openEventInputs } from './event-inputs.js';
export { type InputEvent, InputEvents } from './input-events.js';
export { fileProblem, inputName, readTextInput, readWholeInput, requireReadableFile } from './text-input.js';
