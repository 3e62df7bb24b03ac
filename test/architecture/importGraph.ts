import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One `import`, `export … from`, `import()` or `require()` between two files of the tree. */
export interface ImportEdge {
  /** Paths relative to the tree's root, with `/` separators. */
  from: string;
  to: string;
}

function sourceFiles(root: string, folder = ''): string[] {
  return fs.readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return sourceFiles(root, relative);
    return /\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

/** Every module specifier the file names, types-only imports and dynamic ones included. */
export function moduleSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if ((isImport || isRequire) && first && ts.isStringLiteralLike(first)) found.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The file a relative specifier names, as the compiler would find it; null for a package. */
function resolve(root: string, from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')];
  for (const candidate of candidates) {
    const full = path.join(root, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  throw new Error(`${from} imports "${specifier}", which names no file`);
}

/** Every import between two files under `root`. */
export function readImportGraph(root: string): { files: string[]; edges: ImportEdge[] } {
  const files = sourceFiles(root);
  const edges = files.flatMap((from) =>
    moduleSpecifiers(from, fs.readFileSync(path.join(root, from), 'utf8'))
      .map((specifier) => resolve(root, from, specifier))
      .filter((to): to is string => to !== null)
      .map((to) => ({ from, to })),
  );
  return { files, edges };
}

/** The top-level folder a file lives in, or the file itself when it sits at the root (main.ts). */
export const topLevel = (file: string): string => file.split('/')[0] as string;

export interface Layer {
  folders: readonly string[];
  /** Folders of a shared layer may import one another (still without a cycle); others may not. */
  shared?: boolean;
}

export interface LayerViolation {
  edge: ImportEdge;
  why: string;
}

/** Imports that run up a layer, or sideways between folders of a layer that is not shared. */
export function layerViolations(edges: readonly ImportEdge[], layers: readonly Layer[]): LayerViolation[] {
  const levelOf = new Map<string, number>();
  layers.forEach((layer, level) => layer.folders.forEach((folder) => levelOf.set(folder, level)));
  const violations: LayerViolation[] = [];
  for (const edge of edges) {
    const from = topLevel(edge.from);
    const to = topLevel(edge.to);
    if (from === to) continue;
    const fromLevel = levelOf.get(from);
    const toLevel = levelOf.get(to);
    if (fromLevel === undefined || toLevel === undefined) {
      violations.push({ edge, why: `${fromLevel === undefined ? from : to} has no layer` });
    } else if (toLevel > fromLevel) {
      violations.push({ edge, why: `${from} is below ${to}` });
    } else if (toLevel === fromLevel && !layers[fromLevel]?.shared) {
      violations.push({ edge, why: `${from} and ${to} are side by side and must not know each other` });
    }
  }
  return violations;
}

/** Groups of nodes that import one another in a circle (Tarjan's strongly connected components). */
export function cycles(edges: ReadonlyArray<{ from: string; to: string }>): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (from === to) continue;
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(node, Math.min(low.get(node) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) as number, index.get(target) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) connect(node);
  return found;
}
