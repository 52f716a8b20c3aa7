// parse an artifact module to an estree ast and print it back; helpers to find nodes.
import { parse, type Node } from 'acorn';
import { generate } from 'astring';

export type AnyNode = Node & Record<string, any>;

export interface Slot {
  /** the node that holds the child */
  parent: AnyNode;
  key: string;
  /** set when the child sits in an array */
  index?: number;
  node: AnyNode;
}

export function parseModule(source: string): AnyNode {
  return parse(source, { ecmaVersion: 'latest', sourceType: 'module' }) as AnyNode;
}

export function print(ast: AnyNode): string {
  return generate(ast as never);
}

/** a deep copy of an ast (plain data; positions are kept but never trusted after edits) */
export function clone<T>(node: T): T {
  return structuredClone(node);
}

/** every node with where it hangs, in source order */
export function slots(root: AnyNode): Slot[] {
  const out: Slot[] = [];
  const visit = (parent: AnyNode) => {
    for (const key of Object.keys(parent)) {
      if (key === 'loc' || key === 'start' || key === 'end') continue;
      const v = parent[key];
      if (Array.isArray(v)) {
        v.forEach((node, index) => {
          if (node && typeof node.type === 'string') {
            out.push({ parent, key, index, node });
            visit(node);
          }
        });
      } else if (v && typeof v === 'object' && typeof v.type === 'string') {
        out.push({ parent, key, node: v });
        visit(v);
      }
    }
  };
  visit(root);
  return out;
}

export function replace(slot: Slot, node: AnyNode): void {
  if (slot.index === undefined) slot.parent[slot.key] = node;
  else (slot.parent[slot.key] as AnyNode[])[slot.index] = node;
}

/** functions declared at the top level or exported, by name */
export function topFunctions(root: AnyNode): Map<string, { holder: AnyNode[]; index: number; fn: AnyNode }> {
  const out = new Map<string, { holder: AnyNode[]; index: number; fn: AnyNode }>();
  (root.body as AnyNode[]).forEach((stmt, index) => {
    const decl = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt;
    if (decl?.type === 'FunctionDeclaration' && decl.id) out.set(decl.id.name, { holder: root.body, index, fn: decl });
  });
  return out;
}

const LOOPS = new Set(['ForStatement', 'WhileStatement', 'DoWhileStatement', 'ForOfStatement', 'ForInStatement']);

export function loopCount(root: AnyNode): number {
  return slots(root).filter((s) => LOOPS.has(s.node.type)).length;
}
