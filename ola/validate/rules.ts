// what an artifact may not do, checked on the acorn ast (each rule names itself).
import type { Node } from 'acorn';
import { full } from 'acorn-walk';
import type { Rejection } from '../core/contracts.ts';

/** names that reach the host, the global object or string-to-code */
const FORBIDDEN_NAMES = new Map<string, string>([
  ['require', 'no-require'],
  ['module', 'no-require'],
  ['process', 'no-process'],
  ['eval', 'no-eval'],
  ['Function', 'no-function-constructor'],
  ['globalThis', 'no-global-object'],
  ['global', 'no-global-object'],
  ['self', 'no-global-object'],
  ['window', 'no-global-object'],
  ['frames', 'no-global-object'],
  ['Proxy', 'no-proxy'],
  ['WebAssembly', 'no-wasm'],
  ['SharedArrayBuffer', 'no-shared-memory'],
  ['Atomics', 'no-shared-memory'],
]);

/** property names that walk to constructors or prototypes */
const FORBIDDEN_PROPS = new Map<string, string>([
  ['constructor', 'no-constructor-chain'],
  ['__proto__', 'no-proto'],
  ['__defineGetter__', 'no-proto'],
  ['__defineSetter__', 'no-proto'],
  ['__lookupGetter__', 'no-proto'],
  ['__lookupSetter__', 'no-proto'],
  ['caller', 'no-constructor-chain'],
  ['callee', 'no-constructor-chain'],
]);

type AnyNode = Node & Record<string, any>;

export function checkRules(ast: Node): Rejection[] {
  const out: Rejection[] = [];
  const reject = (node: AnyNode, rule: string, message: string) =>
    out.push({
      code: 'OLA_ERR_FORBIDDEN_CONSTRUCT',
      rule,
      message,
      line: node.loc?.start.line,
      column: node.loc?.start.column === undefined ? undefined : node.loc.start.column + 1,
    });
  const propName = (n: AnyNode): string | undefined => {
    if (!n.computed && n.property?.type === 'Identifier') return n.property.name;
    if (n.property?.type === 'Literal' && typeof n.property.value === 'string') return n.property.value;
    if (n.property?.type === 'TemplateLiteral' && n.property.expressions.length === 0) return n.property.quasis[0]?.value.cooked;
    return undefined;
  };

  full(ast, (raw) => {
    const node = raw as AnyNode;
    switch (node.type) {
      case 'ImportDeclaration':
        return reject(node, 'no-import', `imports are not allowed (import from '${node.source.value}')`);
      case 'ImportExpression':
        return reject(node, 'no-dynamic-import', 'dynamic import() is not allowed');
      case 'ExportAllDeclaration':
        return reject(node, 'no-import', 'export * from another module is not allowed');
      case 'ExportNamedDeclaration':
        if (node.source) reject(node, 'no-import', `re-exports from '${node.source.value}' are not allowed`);
        return;
      case 'MetaProperty':
        return reject(node, 'no-import-meta', `${node.meta.name}.${node.property.name} is not allowed`);
      case 'WithStatement':
        return reject(node, 'no-with', 'with statements are not allowed');
      case 'DebuggerStatement':
        return reject(node, 'no-debugger', 'debugger statements are not allowed');
      case 'Identifier': {
        const rule = FORBIDDEN_NAMES.get(node.name);
        if (rule) reject(node, rule, `'${node.name}' is not allowed`);
        return;
      }
      case 'MemberExpression': {
        const name = propName(node);
        const rule = name === undefined ? undefined : FORBIDDEN_PROPS.get(name);
        if (rule) reject(node.property, rule, `access to '.${name}' is not allowed`);
        return;
      }
      case 'Property': {
        const key = node.key?.type === 'Identifier' ? node.key.name : node.key?.value;
        if (key === '__proto__') reject(node, 'no-proto', "a '__proto__' key is not allowed");
        return;
      }
    }
  });
  // one rejection per position and rule
  const seen = new Set<string>();
  return out
    .filter((r) => {
      const k = `${r.line}:${r.column}:${r.rule}`;
      return seen.has(k) ? false : (seen.add(k), true);
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** names the module exports */
export function exportedNames(ast: Node): string[] {
  const names: string[] = [];
  for (const raw of (ast as AnyNode).body as AnyNode[]) {
    if (raw.type === 'ExportDefaultDeclaration') names.push('default');
    if (raw.type !== 'ExportNamedDeclaration') continue;
    const d = raw.declaration;
    if (d?.type === 'FunctionDeclaration' || d?.type === 'ClassDeclaration') names.push(d.id.name);
    if (d?.type === 'VariableDeclaration') for (const v of d.declarations) if (v.id.type === 'Identifier') names.push(v.id.name);
    for (const s of raw.specifiers ?? []) names.push(s.exported.type === 'Identifier' ? s.exported.name : String(s.exported.value));
  }
  return names;
}
