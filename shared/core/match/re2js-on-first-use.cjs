'use strict';

/*
 * re2js, loaded on the first call rather than at import: its Unicode tables cost about 9 ms of a
 * function's cold start, and only policies with `"regex": true` rules use it. A CommonJS `require`
 * inside a function is lazy, where an ECMAScript import is always evaluated with the module importing
 * it. The Lambda bundles go further and leave re2js out, requiring it from node_modules beside them:
 * V8 parses a bundle's code even when it never runs, and that saves about 9 ms of every cold start
 * of decide and await (infra/function-bundle.ts, docs/performance.md, figure 3).
 */
let re2js;

module.exports = function re2() {
  re2js ??= require('re2js');
  return re2js.RE2JS;
};
