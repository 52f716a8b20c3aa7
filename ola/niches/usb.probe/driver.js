// runs inside the isolate: hands the artifact a read-only reader over the scenario's sysfs
// files, calls probe(sys) once, and copies the device list it returns field by field (each
// field read once, bounded sizes), so the host gets plain data or a reason.
// input: { sysfs: { 'usb1/idVendor': '1d6b\n', ... }, plug } (plug is the vm host's, kept here)
var MAX_DEVICES = 64;
var MAX_INTERFACES = 32;
var MAX_ENDPOINTS = 32;
var MAX_TEXT = 256;
var ENDPOINT_TYPES = ['control', 'isoc', 'bulk', 'interrupt'];

function kindOf(v) {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** list(dir) and read(path) over the files; directories come from the paths */
function makeReader(files) {
  var byPath = new Map();
  var dirs = new Map();
  var keys = Object.keys(files);
  for (var i = 0; i < keys.length; i++) {
    var key = keys[i];
    byPath.set(key, String(files[key]));
    var parts = key.split('/');
    for (var j = 0; j < parts.length; j++) {
      var dir = parts.slice(0, j).join('/');
      var set = dirs.get(dir);
      if (!set) dirs.set(dir, (set = new Set()));
      set.add(parts[j]);
    }
  }
  var listed = new Map();
  dirs.forEach(function (set, dir) {
    listed.set(dir, Array.from(set).sort());
  });
  function norm(p) {
    if (p === undefined) return '';
    if (typeof p !== 'string') return null;
    var s = 0, e = p.length;
    while (s < e && p.charCodeAt(s) === 47) s++;
    while (e > s && p.charCodeAt(e - 1) === 47) e--;
    return p.slice(s, e);
  }
  return Object.freeze({
    list: function (dir) {
      var d = norm(dir);
      var entries = d === null ? undefined : listed.get(d);
      return entries ? entries.slice() : [];
    },
    read: function (path) {
      var p = norm(path);
      return p !== null && byPath.has(p) ? byPath.get(p) : null;
    },
  });
}

function drive(a, input) {
  var FAIL = {};
  var reason = '';
  function fail(msg) {
    reason = msg;
    throw FAIL;
  }
  function obj(v, at) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(at + ' is ' + kindOf(v) + ', not an object');
    return v;
  }
  function arr(v, at, max) {
    if (!Array.isArray(v)) fail(at + ' is ' + kindOf(v) + ', not an array');
    var n = v.length;
    if (typeof n !== 'number' || n > max) fail(at + ' has ' + n + ' entries (at most ' + max + ')');
    return n;
  }
  function int(o, k, at, max) {
    var v = o[k];
    if (typeof v !== 'number' || !isFinite(v) || Math.floor(v) !== v || v < 0 || v > max) {
      fail(at + '.' + k + ' is ' + (typeof v === 'number' ? v : kindOf(v)) + ', not an integer in 0..' + max);
    }
    return v;
  }
  function text(o, k, at, nullable) {
    var v = o[k];
    if (v === null && nullable) return null;
    if (typeof v !== 'string') fail(at + '.' + k + ' is ' + kindOf(v) + ', not a string' + (nullable ? ' or null' : ''));
    if (v.length > MAX_TEXT) fail(at + '.' + k + ' is ' + v.length + ' characters (at most ' + MAX_TEXT + ')');
    return v;
  }
  function endpoint(v, at) {
    var e = obj(v, at);
    var type = e.type, direction = e.direction;
    if (ENDPOINT_TYPES.indexOf(type) < 0) fail(at + '.type is not one of ' + ENDPOINT_TYPES.join(', '));
    if (direction !== 'in' && direction !== 'out') fail(at + ".direction is not 'in' or 'out'");
    return { address: int(e, 'address', at, 255), type: type, direction: direction, maxPacketSize: int(e, 'maxPacketSize', at, 0xffff), interval: int(e, 'interval', at, 255) };
  }
  function iface(v, at) {
    var x = obj(v, at);
    var out = {
      number: int(x, 'number', at, 255),
      alternate: int(x, 'alternate', at, 255),
      class: int(x, 'class', at, 255),
      subclass: int(x, 'subclass', at, 255),
      protocol: int(x, 'protocol', at, 255),
      name: text(x, 'name', at, true),
      endpoints: [],
    };
    var eps = x.endpoints;
    var n = arr(eps, at + '.endpoints', MAX_ENDPOINTS);
    for (var i = 0; i < n; i++) out.endpoints.push(endpoint(eps[i], at + '.endpoints[' + i + ']'));
    return out;
  }
  function config(v, at) {
    if (v === null) return null;
    var c = obj(v, at);
    var out = { value: int(c, 'value', at, 255), attributes: int(c, 'attributes', at, 255), maxPowerMa: int(c, 'maxPowerMa', at, 0xffff), name: text(c, 'name', at, true), interfaces: [] };
    var list = c.interfaces;
    var n = arr(list, at + '.interfaces', MAX_INTERFACES);
    for (var i = 0; i < n; i++) out.interfaces.push(iface(list[i], at + '.interfaces[' + i + ']'));
    return out;
  }
  function device(v, at) {
    var d = obj(v, at);
    var path = text(d, 'path', at, false);
    var bus = int(d, 'bus', at, 255);
    var speed = d.speed;
    if (typeof speed !== 'number' || !isFinite(speed) || speed < 0) fail(at + '.speed is ' + kindOf(speed) + ', not a number of Mbit/s');
    return {
      path: path,
      bus: bus,
      speed: speed,
      version: text(d, 'version', at, false),
      vendorId: int(d, 'vendorId', at, 0xffff),
      productId: int(d, 'productId', at, 0xffff),
      bcdDevice: int(d, 'bcdDevice', at, 0xffff),
      class: int(d, 'class', at, 255),
      subclass: int(d, 'subclass', at, 255),
      protocol: int(d, 'protocol', at, 255),
      maxPacketSize0: int(d, 'maxPacketSize0', at, 0xffff),
      manufacturer: text(d, 'manufacturer', at, true),
      product: text(d, 'product', at, true),
      serial: text(d, 'serial', at, true),
      numConfigurations: int(d, 'numConfigurations', at, 255),
      config: config(d.config, at + '.config'),
    };
  }

  var method = typeof a.method === 'string' ? a.method.slice(0, 64) : '';
  if (typeof a.probe !== 'function') return { devices: [], method: method, badType: 'probe is ' + kindOf(a.probe) + ', not a function' };
  var got = a.probe(makeReader(input.sysfs));
  if (!Array.isArray(got)) return { devices: [], method: method, badType: 'probe returned ' + kindOf(got) + ', not an array of devices' };
  var devices = [];
  try {
    var n = arr(got, 'the device list', MAX_DEVICES);
    for (var i = 0; i < n; i++) devices.push(device(got[i], 'devices[' + i + ']'));
  } catch (err) {
    if (err !== FAIL) throw err;
    return { devices: [], method: method, badType: reason };
  }
  return { devices: devices, method: method, badType: '' };
}
