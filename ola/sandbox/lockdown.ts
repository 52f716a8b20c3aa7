// runs first in every fresh context: freezes the intrinsics and their prototypes and
// removes string-to-code paths, so an artifact cannot hook the driver or eval.
export const LOCKDOWN = `(function () {
  'use strict';
  var g = globalThis;
  var fnProtos = [
    Object.getPrototypeOf(function () {}),
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function* () {}),
  ];
  for (var i = 0; i < fnProtos.length; i++) {
    Object.defineProperty(fnProtos[i], 'constructor', { value: undefined, writable: false, configurable: false });
  }
  delete g.eval;
  // deterministic runs: a seeded random and no host clock
  var seed = 0x9e3779b9;
  Math.random = function () { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 4294967296; };
  Date.now = function () { return 0; };
  // nor through the constructor: a Date made without a time is the epoch, and Date() its string
  var RealDate = Date;
  var PinnedDate = new Proxy(RealDate, {
    construct: function (t, args, nt) { return Reflect.construct(t, args.length ? args : [0], nt); },
    apply: function () { return new RealDate(0).toString(); },
  });
  RealDate.prototype.constructor = PinnedDate;
  g.Date = PinnedDate;
  var roots = [Object, Array, Function, String, Number, Boolean, Symbol, Error, TypeError, RangeError,
    Math, JSON, Reflect, Promise, Map, Set, WeakMap, Date, RegExp, ArrayBuffer, Float64Array,
    Float32Array, Int32Array, Uint32Array, Uint8Array, Uint8ClampedArray, Int8Array, Int16Array, Uint16Array];
  for (var j = 0; j < roots.length; j++) {
    Object.freeze(roots[j]);
    if (roots[j].prototype) Object.freeze(roots[j].prototype);
  }
  // console: the run's log lines (bounded), read by the driver entry for the run's evidence
  var lines = [], dropped = 0;
  function text(v) {
    try {
      return typeof v === 'string' ? v : JSON.stringify(v) || String(v);
    } catch (e) {
      return '[unprintable]';
    }
  }
  function logger(level) {
    return function () {
      if (lines.length >= 20) return void dropped++;
      var parts = [];
      for (var i = 0; i < arguments.length && i < 8; i++) parts.push(text(arguments[i]));
      lines.push((level + ' ' + parts.join(' ')).slice(0, 200));
    };
  }
  g.console = Object.freeze({ log: logger('log'), info: logger('info'), warn: logger('warn'), error: logger('error'), debug: logger('debug') });
  Object.defineProperty(g, '__olaLogs', {
    value: function () { return dropped ? lines.concat(['(' + dropped + ' more lines dropped)']) : lines.slice(); },
    writable: false, configurable: false, enumerable: false,
  });
  for (var k = 0; k < fnProtos.length; k++) Object.freeze(fnProtos[k]);
  Object.freeze(Object.getPrototypeOf(Uint8Array));
  Object.freeze(Object.getPrototypeOf(Uint8Array.prototype));
  Object.freeze(Object.getPrototypeOf([][Symbol.iterator]()));
})();`;

/** intrinsics a driver may use, captured before the artifact runs (it may reassign globals) */
const CAPTURED = ['Object', 'Array', 'Math', 'JSON', 'Number', 'String', 'Error', 'Map', 'Set', 'Float64Array', 'Float32Array',
  'Int32Array', 'Uint32Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int8Array', 'isFinite', 'isNaN'];

/** where the host leaves `runFresh(name, arg, keep)` (isolate-host.ts freshCall) for the driver entry to take before the artifact runs */
export const FRESH_GLOBAL = '__olaFresh';

/**
 * runs in a context of its own after the lockdown, before the artifact is loaded there: calls one export on an
 * argument copied in. a driver reaches it through `runFresh`, so that export sees no state left by any other call
 */
export const FRESH_CALL = `(function (g) {
  'use strict';
  return function (name, arg) {
    var ns = g.__artifact, f = ns ? ns[name] : undefined;
    if (typeof f !== 'function') throw new TypeError(name + ' is not a function in a fresh context');
    return f(arg);
  };
})(globalThis)`;

/**
 * runs before the artifact: returns the entry the host calls, which binds the artifact's exports to the niche
 * driver; `entry(input, "__run")` returns [output, logs?]; `entry(undefined, name, args)` makes one of the driver's optional
 * `deviceCalls(a)` (guest hardware only)
 */
export function driverEntry(driver: string): string {
  return `(function (g) {
  'use strict';
  ${CAPTURED.map((n) => `var ${n} = g.${n};`).join(' ')}
  // the host's fresh-context call (isolate-host.ts), kept from the artifact; absent in coverage runs
  var runFresh = g.${FRESH_GLOBAL};
  delete g.${FRESH_GLOBAL};
  ${driver}
  // esbuild exports are getters: a plain snapshot keeps them off the driver's hot loop
  var readLogs = g.__olaLogs;
  function bind() {
    var ns = g.__artifact, a = {};
    for (var k in ns) a[k] = ns[k];
    return a;
  }
  // calls the guest's hardware makes into the artifact during a run (fuse: the block codec)
  var calls;
  function device(name, args) {
    if (typeof deviceCalls !== 'function') throw new Error('the driver has no device calls');
    if (!calls) calls = deviceCalls(bind());
    if (typeof calls[name] !== 'function') throw new Error('the driver has no device call ' + name);
    return calls[name].apply(undefined, args);
  }
  var run = function (input, name, args) {
    if (name === '__logs') return readLogs();
    // the output and the run's log lines in one call out of the isolate
    if (name === '__run') {
      var out = drive(bind(), input), lines = readLogs();
      return lines.length > 0 ? [out, lines] : [out];
    }
    return name === undefined ? drive(bind(), input) : device(name, args);
  };
  return run;
})(globalThis)`;
}
