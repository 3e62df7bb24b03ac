import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

/*
 * The page's scripts are served as they are written, so what keeps them sound is checked here:
 * the type-checker sees every one of them, they build DOM without parsing markup, and they keep no
 * state in module-wide variables.
 */
const ROOT = path.resolve(__dirname, '../../..');
const WEB = path.join(ROOT, 'src/preview/web');
const scripts = readdirSync(WEB)
  .filter((name) => name.endsWith('.js'))
  .map((name) => path.join(WEB, name));

describe('the preview page\'s scripts', () => {
  it('are all type-checked, strictly and against the DOM, by npm run typecheck', () => {
    const configFile = path.join(ROOT, 'tsconfig.web.json');
    const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    });
    expect(parsed?.errors).toEqual([]);
    expect(parsed?.options).toMatchObject({ allowJs: true, checkJs: true, strict: true, noEmit: true });
    expect(parsed?.options.lib).toEqual(expect.arrayContaining(['lib.dom.d.ts']));
    expect(scripts.length).toBeGreaterThan(5);
    expect(scripts.filter((file) => !parsed?.fileNames.includes(file))).toEqual([]);

    const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(packageJson.scripts.typecheck).toContain('tsc -p tsconfig.web.json');
    expect(packageJson.scripts.test).toMatch(/npm run typecheck/);
  });

  it('build DOM from nodes, never from HTML strings', () => {
    const sinks = /\b(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|DOMParser|srcdoc)\b|document\.write/;
    const offenders = scripts.filter((file) => sinks.test(readFileSync(file, 'utf8'))).map((file) => path.basename(file));
    expect(offenders).toEqual([]);
  });

  it('are ES modules whose state lives in closures, not in module-wide variables', () => {
    for (const file of scripts) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
      const isModule = source.statements.some((statement) => ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || hasExport(statement));
      const mutable = source.statements
        .filter(ts.isVariableStatement)
        .filter((statement) => (statement.declarationList.flags & ts.NodeFlags.Const) === 0)
        .map((statement) => statement.getText(source).split('\n')[0]);
      expect({ file: path.basename(file), isModule, mutable }).toEqual({ file: path.basename(file), isModule: true, mutable: [] });
    }
  });
});

function hasExport(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}
