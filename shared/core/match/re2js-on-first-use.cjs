'use strict';

/*
 * re2js, loaded on the first call rather than at import: its Unicode tables cost about 9 ms of a
 * function's cold start (docs/performance.md, figure 3), and only policies with `"regex": true`
 * rules use it. A CommonJS `require` inside a function is what makes this lazy both in Node (tests,
 * the CLI) and in the esbuild bundles, where esbuild wraps a required module in an initialiser that
 * runs on the first require; an ECMAScript import is always evaluated with the module importing it.
 */
let re2js;

module.exports = function re2() {
  re2js ??= require('re2js');
  return re2js.RE2JS;
};
