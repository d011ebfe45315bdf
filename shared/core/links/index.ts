export {
  type ConsoleLinks,
  consoleLinks,
  DEFAULT_BATCH_LOG_GROUP,
  jobConsoleLinks,
  type LogLocation,
  logLocation,
} from './console-links.js';
