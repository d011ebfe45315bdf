export { type ConsoleLinks, consoleLinks, DEFAULT_BATCH_LOG_GROUP } from './console-links.js';
