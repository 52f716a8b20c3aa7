// block: canonical prefix codes (huffman). code lengths from symbol counts, limited to
// maxLen bits; canonical codes from lengths; encode and decode through the bits block.
// lengths are all a decoder needs, so an encoder stores those (4 bits each with huffPutLengths).
function huffLengths(freqs, maxLen) {
  const n = freqs.length;
  const lens = new Uint8Array(n);
  const syms = [];
  for (let i = 0; i < n; i++) if (freqs[i] > 0) syms.push(i);
  if (syms.length === 0) return lens;
  // a limit too small for the alphabet is raised to the least that fits it
  while (1 << maxLen < syms.length) maxLen++;
  if (syms.length === 1) {
    lens[syms[0]] = 1;
    return lens;
  }
  syms.sort((a, b) => freqs[a] - freqs[b] || a - b);
  // two-queue huffman: leaves in order of weight, merged nodes in order of creation
  const m = syms.length;
  const weight = new Float64Array(2 * m);
  const parent = new Int32Array(2 * m).fill(-1);
  for (let i = 0; i < m; i++) weight[i] = freqs[syms[i]];
  let leaf = 0, node = m, made = m;
  const take = () => {
    if (leaf < m && (node >= made || weight[leaf] <= weight[node])) return leaf++;
    return node++;
  };
  while (made < 2 * m - 1) {
    const x = take(), y = take();
    weight[made] = weight[x] + weight[y];
    parent[x] = made;
    parent[y] = made;
    made++;
  }
  const depth = new Int32Array(2 * m);
  for (let i = made - 2; i >= 0; i--) depth[i] = depth[parent[i]] + 1;
  for (let i = 0; i < m; i++) lens[syms[i]] = Math.min(depth[i], maxLen);
  // clamping may break the kraft sum: lengthen the rarest codes under the limit until it holds
  let kraft = 0;
  const one = 1 << maxLen;
  for (let i = 0; i < m; i++) kraft += one >> lens[syms[i]];
  for (let i = 0; kraft > one; i = (i + 1) % m) {
    const s = syms[i];
    if (lens[s] < maxLen) {
      kraft -= one >> (lens[s] + 1);
      lens[s]++;
    }
  }
  return lens;
}

// canonical codes: shorter codes first, then by symbol
function huffCodes(lens) {
  let maxLen = 0;
  for (let i = 0; i < lens.length; i++) if (lens[i] > maxLen) maxLen = lens[i];
  const count = new Int32Array(maxLen + 2);
  for (let i = 0; i < lens.length; i++) if (lens[i] > 0) count[lens[i]]++;
  const next = new Int32Array(maxLen + 2);
  let code = 0;
  for (let l = 1; l <= maxLen; l++) {
    code = (code + count[l - 1]) << 1;
    next[l] = code;
  }
  const codes = new Uint32Array(lens.length);
  for (let i = 0; i < lens.length; i++) if (lens[i] > 0) codes[i] = next[lens[i]]++;
  return codes;
}

// the code goes out most significant bit first, one bit at a time through the lsb-first writer
function huffPut(w, codes, lens, sym) {
  const c = codes[sym];
  for (let b = lens[sym] - 1; b >= 0; b--) bitsPut(w, (c >>> b) & 1, 1);
}

// decoding tables: how many codes of each length, and the symbols in canonical order
function huffDecoder(lens) {
  let maxLen = 0;
  for (let i = 0; i < lens.length; i++) if (lens[i] > maxLen) maxLen = lens[i];
  const count = new Int32Array(maxLen + 1);
  for (let i = 0; i < lens.length; i++) if (lens[i] > 0) count[lens[i]]++;
  const offs = new Int32Array(maxLen + 2);
  for (let l = 1; l <= maxLen; l++) offs[l + 1] = offs[l] + count[l];
  const symbols = new Int32Array(offs[maxLen + 1]);
  for (let i = 0; i < lens.length; i++) if (lens[i] > 0) symbols[offs[lens[i]]++] = i;
  return { maxLen: maxLen, count: count, symbols: symbols };
}

// one symbol, or -1 when the bits name no code
function huffGet(r, d) {
  let code = 0, first = 0, index = 0;
  for (let l = 1; l <= d.maxLen; l++) {
    code |= bitsGet(r, 1);
    const c = d.count[l];
    if (code - first < c) return d.symbols[index + code - first];
    index += c;
    first = (first + c) << 1;
    code <<= 1;
  }
  return -1;
}

function huffPutLengths(w, lens) {
  for (let i = 0; i < lens.length; i++) bitsPut(w, lens[i], 4);
}

function huffGetLengths(r, n) {
  const lens = new Uint8Array(n);
  for (let i = 0; i < n; i++) lens[i] = bitsGet(r, 4);
  return lens;
}
