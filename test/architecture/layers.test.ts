import fs from 'node:fs';
import path from 'node:path';
import { cycles, layerViolations, moduleSpecifiers, readImportGraph, topLevel, type ImportEdge, type Layer } from './importGraph';

/**
 * The layers of src/, from the ground up: a folder imports only folders of a lower layer, and, in
 * the shared foundation only, folders of its own. The README's "How it is built" draws the same.
 */
const LAYERS: readonly Layer[] = [
  // Foundation: words, time, logging, errors and configuration, known to everything above.
  { folders: ['log', 'text', 'time', 'errors', 'config'], shared: true },
  // Adapters that know nothing of Pulse: the warehouses, and the stand-ins (Slack, Fivetran's API) of the preview.
  { folders: ['warehouse', 'preview'] },
  // The read model: the Platform Connector's tables and the tenants table, read into typed rows; and
  // live state from Fivetran's REST API and webhooks, normalised at the edge.
  { folders: ['fivetran', 'live'] },
  // Pure judgments: health, alert rules, thresholds, tenant matching, scope.
  { folders: ['health'] },
  // The lifecycle of an alert across runs, and its state.
  { folders: ['alerts'] },
  // The generated demo warehouse: made, detected, refreshed and reset.
  { folders: ['demo'] },
  // How things look: Block Kit, terminal text, JSON.
  { folders: ['views'] },
  // What both surfaces run: the monitor, the services, the scheduled jobs, opening the warehouse.
  { folders: ['jobs'] },
  // The two surfaces, which never reach into each other.
  { folders: ['slack', 'cli'] },
  // Wiring only.
  { folders: ['main.ts'] },
];

/**
 * Imports known to run the wrong way, each to be removed when fixed (the test fails while an
 * entry no longer happens, so the list cannot go stale). None today.
 */
const KNOWN_EXCEPTIONS: ReadonlyArray<{ from: string; to: string }> = [];

const SRC = path.resolve(__dirname, '../../src');
const graph = readImportGraph(SRC);
const isKnown = (edge: ImportEdge) => KNOWN_EXCEPTIONS.some((known) => topLevel(edge.from) === known.from && topLevel(edge.to) === known.to);
const described = (edges: ReadonlyArray<{ from: string; to: string }>) => edges.map((edge) => `${edge.from} -> ${edge.to}`);

describe('the layers of src/', () => {
  it('reads every import, types-only, re-exports and dynamic ones included', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "export * from './d';",
      "import './e';",
      "type F = import('./f').F;",
      "const g = () => import('./g');",
      "const h = require('./h');",
      "import i = require('./i');",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect(moduleSpecifiers('x.ts', text)).toEqual(['./a', '../b', './c', './d', './e', './f', './g', './h', './i', 'node:fs']);
    // The tree itself is read: main.ts wires the app from below it.
    expect(graph.edges.filter((edge) => edge.from === 'main.ts').length).toBeGreaterThan(5);
  });

  it('gives every top-level folder of src/ a layer', () => {
    const known = new Set(LAYERS.flatMap((layer) => layer.folders));
    expect([...new Set(graph.files.map(topLevel))].filter((folder) => !known.has(folder))).toEqual([]);
  });

  it('catches an import that runs up a layer, sideways between surfaces, or from a folder with no layer', () => {
    const edges = [
      { from: 'views/a.ts', to: 'health/b.ts' },
      { from: 'health/b.ts', to: 'views/a.ts' },
      { from: 'cli/c.ts', to: 'slack/d.ts' },
      { from: 'config/e.ts', to: 'log/f.ts' },
      { from: 'stray/g.ts', to: 'log/f.ts' },
    ];
    expect(layerViolations(edges, LAYERS).map((violation) => violation.why)).toEqual([
      'health is below views',
      'cli and slack are side by side and must not know each other',
      'stray has no layer',
    ]);
    expect(cycles([{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }, { from: 'c', to: 'd' }])).toEqual([['a', 'b', 'c']]);
  });

  it('has no import that runs up a layer or sideways', () => {
    const violations = layerViolations(graph.edges, LAYERS).filter((violation) => !isKnown(violation.edge));
    expect(violations.map((violation) => `src/${violation.edge.from} imports src/${violation.edge.to}: ${violation.why}`)).toEqual([]);
  });

  it('still has each known exception, so none outlives its fix', () => {
    const folderEdges = graph.edges.map((edge) => ({ from: topLevel(edge.from), to: topLevel(edge.to) }));
    for (const known of KNOWN_EXCEPTIONS) expect(described(folderEdges)).toContain(`${known.from} -> ${known.to}`);
  });

  it('has no circle of imports between folders', () => {
    const folderEdges = graph.edges.filter((edge) => !isKnown(edge)).map((edge) => ({ from: topLevel(edge.from), to: topLevel(edge.to) }));
    expect(cycles(folderEdges)).toEqual([]);
  });

  it('has no circle of imports between files', () => {
    expect(cycles(graph.edges)).toEqual([]);
  });

  it("is the picture the README's \"How it is built\" draws, top layer first", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const section = readme.split('\n## How it is built\n')[1]?.split('\n## ')[0] ?? '';
    const picture = section.split('```')[1] ?? '';
    // A layer's line starts at the margin with its folders; indented lines describe the one above.
    const drawn = picture
      .split('\n')
      .filter((line) => /^\S/.test(line))
      .map((line) => line.split(/\s{2,}/).filter((word) => /^([a-z]+\/|main\.ts)$/.test(word)).map((word) => word.replace(/\/$/, '')).sort());
    const present = new Set(graph.files.map(topLevel));
    const layers = [...LAYERS].reverse().map((layer) => layer.folders.filter((folder) => present.has(folder)).sort());
    expect(drawn).toEqual(layers);
  });
});
