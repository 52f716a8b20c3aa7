// where structure can attach in a module: nodes with their ancestors, identifiers read as
// values, numeric state it keeps (scalars, arrays, parameters), fresh names, snippets.
import { parseModule, type AnyNode, type Slot } from './ast.ts';

export interface Located extends Slot {
  /** ancestors, from the program down to the parent */
  path: AnyNode[];
}

export function located(root: AnyNode): Located[] {
  const out: Located[] = [];
  const visit = (parent: AnyNode, path: AnyNode[]) => {
    const down = [...path, parent];
    for (const key of Object.keys(parent)) {
      if (key === 'loc' || key === 'start' || key === 'end') continue;
      const v = parent[key];
      const one = (node: AnyNode, index?: number) => {
        if (!node || typeof node.type !== 'string') return;
        out.push({ parent, key, index, node, path: down });
        visit(node, down);
      };
      if (Array.isArray(v)) v.forEach((n, i) => one(n, i));
      else if (v && typeof v === 'object') one(v);
    }
  };
  visit(root, []);
  return out;
}

const FUNCTION = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const PATTERN = new Set(['ArrayPattern', 'ObjectPattern', 'AssignmentPattern', 'RestElement']);

export const isFunction = (n: AnyNode | undefined) => n !== undefined && FUNCTION.has(n.type);

/** the nearest enclosing function of a located node */
export function fnOf(l: Located): AnyNode | undefined {
  for (let i = l.path.length - 1; i >= 0; i--) if (isFunction(l.path[i])) return l.path[i];
  return undefined;
}

/** an identifier or member expression in a position where it is read as a value */
export function isValueRead(l: Located): boolean {
  const p = l.parent;
  if (l.path.some((a) => PATTERN.has(a.type))) return false;
  switch (p.type) {
    case 'VariableDeclarator':
      return l.key === 'init';
    case 'AssignmentExpression':
      return l.key === 'right';
    case 'UpdateExpression':
      return false;
    case 'MemberExpression':
      return l.key === 'object' || p.computed === true;
    case 'Property':
      return l.key === 'value' && !p.shorthand;
    case 'CallExpression':
    case 'NewExpression':
      return l.key === 'arguments';
    case 'ForInStatement':
    case 'ForOfStatement':
      return l.key === 'right';
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'ExportSpecifier':
    case 'CatchClause':
    case 'MethodDefinition':
      return false;
    default:
      return !(isFunction(p) && (l.key === 'params' || l.key === 'id'));
  }
}

const ARITH = new Set(['+', '-', '*', '/', '%', '<', '<=', '>', '>=', '**']);

/** the node is an operand of arithmetic or a comparison */
export const inArithmetic = (l: Located) => l.parent.type === 'BinaryExpression' && ARITH.has(l.parent.operator);

/** every identifier name used anywhere in the module */
export function namesIn(ast: AnyNode): Set<string> {
  return new Set(located(ast).filter((l) => l.node.type === 'Identifier').map((l) => l.node.name as string));
}

/** a name the module does not use yet: base, base2, base3, ... */
export function freshName(ast: AnyNode, base: string, taken: Set<string> = namesIn(ast)): string {
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}${k}`;
  taken.add(name);
  return name;
}

export function stmt(source: string): AnyNode {
  return parseModule(source).body[0] as AnyNode;
}

export function expr(source: string): AnyNode {
  return (parseModule(`(${source});`).body[0] as AnyNode).expression;
}

const isNumberInit = (n: AnyNode | null | undefined): boolean =>
  !n ||
  (n.type === 'Literal' && typeof n.value === 'number') ||
  (n.type === 'UnaryExpression' && n.operator === '-' && isNumberInit(n.argument)) ||
  (n.type === 'Identifier' && (n.name === 'NaN' || n.name === 'Infinity'));

export interface Declared {
  name: string;
  kind: 'let' | 'var' | 'const';
  /** the statement list that holds the declaration, and where */
  holder: AnyNode[];
  index: number;
  /** the program or block the name lives in */
  scope: AnyNode;
  init: AnyNode | null;
}

/** variables declared once in the whole module (a name declared twice is left alone) */
export function declared(ast: AnyNode): Declared[] {
  const count = new Map<string, number>();
  const out: Declared[] = [];
  for (const l of located(ast)) {
    if (l.node.type === 'VariableDeclarator' && l.node.id.type === 'Identifier') count.set(l.node.id.name, (count.get(l.node.id.name) ?? 0) + 1);
    if (isFunction(l.node)) for (const p of l.node.params) if (p.type === 'Identifier') count.set(p.name, (count.get(p.name) ?? 0) + 1);
    if (l.node.type !== 'VariableDeclaration' || l.index === undefined || l.key !== 'body') continue;
    for (const d of l.node.declarations as AnyNode[]) {
      if (d.id.type !== 'Identifier') continue;
      out.push({ name: d.id.name, kind: l.node.kind, holder: l.parent.body, index: l.index, scope: l.parent, init: d.init });
    }
  }
  return out.filter((d) => count.get(d.name) === 1);
}

/** assignments (x = ..., x += ..., x++) that stand as statements, with their slot */
export function assignStatements(root: AnyNode, name: string): Located[] {
  return located(root).filter((l) => {
    if (l.node.type !== 'ExpressionStatement') return false;
    const e = l.node.expression;
    const target = e.type === 'AssignmentExpression' ? e.left : e.type === 'UpdateExpression' ? e.argument : undefined;
    return target?.type === 'Identifier' && target.name === name && (root.type !== 'Program' || fnOf(l) !== undefined);
  });
}

/** let/var numbers the module keeps and changes */
export function numericScalars(ast: AnyNode): Declared[] {
  return declared(ast).filter((d) => d.kind !== 'const' && isNumberInit(d.init) && assignStatements(ast, d.name).length > 0);
}

/** numeric constants and scalars, for growing expressions */
export function numericNames(ast: AnyNode): Declared[] {
  return declared(ast).filter((d) => d.init !== null && isNumberInit(d.init));
}

/** arrays that start empty or as numbers, filled at run time */
export function keptArrays(ast: AnyNode): Declared[] {
  return declared(ast).filter((d) => d.init?.type === 'ArrayExpression' && (d.init.elements as AnyNode[]).every((e) => e && e.type === 'Literal' && typeof e.value === 'number'));
}

/** the statement list and index of a located statement, making a block when it has none */
export function statementList(l: Located): { list: AnyNode[]; index: number } {
  if (l.index !== undefined && Array.isArray(l.parent[l.key])) return { list: l.parent[l.key], index: l.index };
  const block = { type: 'BlockStatement', body: [l.node] } as unknown as AnyNode;
  l.parent[l.key] = block;
  return { list: block.body, index: 0 };
}

/** identifiers and members (`p.x`) read in this subtree that match (inside functions: top-level code runs once) */
export function reads(root: AnyNode, match: (n: AnyNode) => boolean): Located[] {
  return located(root).filter((l) => match(l.node) && isValueRead(l) && (root.type !== 'Program' || fnOf(l) !== undefined));
}

export const sameRef = (a: AnyNode, b: AnyNode): boolean =>
  a.type === b.type &&
  (a.type === 'Identifier' ? a.name === b.name : a.type === 'MemberExpression' && !a.computed && !b.computed && a.property.name === b.property.name && sameRef(a.object, b.object));
