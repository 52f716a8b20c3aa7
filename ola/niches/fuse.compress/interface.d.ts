// niche `fuse.compress`: the block codec of a compression file system.
// a file is stored as blocks of 16384 plain bytes (the last block of a file may be
// shorter, never empty); each block is compressed on its own and decompressed on its
// own, in any order, whenever the file system reads, rewrites (append, overwrite,
// truncate) or checks it. the data is real: prose, source code, json, service logs,
// native binaries and already-compressed (gzip) data.
//
// judged: every block must decompress to exactly the bytes it was made from (one wrong
// byte or a wrong length fails the run), and every file-system read must return what was
// written. the headline is the ratio: plain bytes over compressed bytes of the blocks,
// totalled over all scenarios (higher is better; below 1 is a net expansion and fails).
// speed is reported (MB per cpu second of the whole run, both directions together), not gated.
//
// rules: compress and decompress must be pure functions of their argument. the module is
// fresh for every scenario, and decompress never runs in the module compress ran in: each
// call of the block pass gets a freshly loaded copy of the module (the file-system session
// shares one such copy, apart from compress), so nothing compress kept is there (no
// dictionaries built from earlier blocks, no lookup tables of what was compressed), and
// top-level code runs again for each copy (build large tables lazily, or not at all).
// a block must decode with nothing but its own bytes; the same block compressed twice must
// give the same bytes; blocks far below what deflate achieves are treated as cheating.
// never modify the array you are handed; return a new Uint8Array (it is copied at once).

/** compress one block (1..16384 bytes); any format you like */
export function compress(data: Uint8Array): Uint8Array;

/** the inverse: the exact plain bytes of a block from compress's output alone */
export function decompress(data: Uint8Array): Uint8Array;

/** optional: a short name for the method */
export const method: string;
