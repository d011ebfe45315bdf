import type { RE2JS } from 're2js';

/** re2js' `RE2JS` class, the module loaded on the first call (re2js-on-first-use.cjs). */
declare function re2(): typeof RE2JS;
export = re2;
