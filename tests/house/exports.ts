/**
 * Which exported names nobody imports. A name exported from a module of the runtime, a host or
 * the playground must be imported somewhere (by another module or a test), or it is an internal
 * that the module should keep to itself; a barrel (`export … from`) re-exporting a name counts
 * only when somebody imports that name from the barrel. Read with the TypeScript checker, so
 * aliases, `export *` and dynamic `import()` are followed as the compiler follows them.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface UnusedExport { file: string; name: string }

/** Modules whose exports are read by something outside our TypeScript: NocoBase, Vite, the node binary. */
const ENTRY_MODULES = new Set([
  'hosts/nocobase/plugin/src/server/index.ts',
  'hosts/nocobase/plugin/src/client/index.tsx',
  'hosts/nocobase/plugin/src/server/collections/targetKitBundles.ts',
  'hosts/cli/main.ts',
  'playground/src/main.tsx',
  'vite.config.ts',
]);

const SOURCE_ROOTS = ['plugin', 'hosts/cli', 'hosts/channels', 'hosts/nocobase/contract.ts', 'hosts/nocobase/importer', 'hosts/nocobase/plugin/src', 'playground/src'];
const USER_ROOTS = ['tests'];

function walk(path: string, out: string[]): void {
  if (statSync(path).isFile()) {
    if (/\.tsx?$/.test(path) && !path.endsWith('.d.ts') || path.endsWith('nocobase-types.d.ts')) out.push(path);
    return;
  }
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'host' || entry === 'fixtures') continue;
    walk(join(path, entry), out);
  }
}

export function unusedExports(root: string): UnusedExport[] {
  const sources: string[] = [];
  for (const r of SOURCE_ROOTS) walk(join(root, r), sources);
  const users: string[] = [];
  for (const r of USER_ROOTS) walk(join(root, r), users);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    jsx: ts.JsxEmit.ReactJSX, strict: true, skipLibCheck: true, noEmit: true, allowJs: false, resolveJsonModule: true, esModuleInterop: true,
    types: ['node'],
  };
  // A package's declarations are read as empty: what a module of ours exports, and who imports
  // it, is written in our own files (none re-exports from a package), and parsing antd's, React's
  // and Formily's types was most of this check's time.
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, ...rest) => (/[\\/]node_modules[\\/]/.test(fileName)
    ? ts.createSourceFile(fileName, '', version)
    : readSource(fileName, version, ...rest));
  const program = ts.createProgram([...sources, ...users], options, host);
  const checker = program.getTypeChecker();
  const own = new Set(sources.map((f) => resolve(f)));
  const userFiles = new Set(users.map((f) => resolve(f)));

  // (module file, exported name) pairs somebody imports, and every module imported whole
  const used = new Set<string>();
  const wholeModules = new Set([...ENTRY_MODULES].map((f) => resolve(root, f)));
  const key = (file: string, name: string) => `${file}\u0000${name}`;
  // the same specifier from the same folder resolves the same way: one lookup on disk for each
  // (resolving every import afresh cost 0.2 s of CPU more)
  const resolutions = ts.createModuleResolutionCache(root, (f) => f, program.getCompilerOptions());
  const moduleFile = (spec: ts.Expression, from: ts.SourceFile): string | undefined => {
    if (!ts.isStringLiteral(spec)) return undefined;
    const r = ts.resolveModuleName(spec.text, from.fileName, program.getCompilerOptions(), ts.sys, resolutions).resolvedModule;
    return r ? resolve(r.resolvedFileName) : undefined;
  };

  for (const sf of program.getSourceFiles()) {
    const file = resolve(sf.fileName);
    if (!own.has(file) && !userFiles.has(file)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) {
        const target = moduleFile(node.moduleSpecifier, sf);
        const clause = node.importClause;
        if (target && clause) {
          if (clause.name) used.add(key(target, 'default'));
          const bindings = clause.namedBindings;
          if (bindings && ts.isNamespaceImport(bindings)) wholeModules.add(target);
          if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) used.add(key(target, (el.propertyName ?? el.name).text));
        }
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
        const target = moduleFile(node.arguments[0], sf);
        if (target) wholeModules.add(target);
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
        const target = moduleFile(node.argument.literal as ts.StringLiteral, sf);
        if (target) {
          if (node.qualifier && ts.isIdentifier(node.qualifier)) used.add(key(target, node.qualifier.text));
          else wholeModules.add(target);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }

  // follow re-exports: a used name of a barrel uses the name it re-exports, hop by hop
  const reexports = new Map<string, Array<{ name: string; target: string; targetName: string }>>();
  const stars = new Map<string, string[]>();
  for (const file of own) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    for (const st of sf.statements) {
      if (!ts.isExportDeclaration(st) || !st.moduleSpecifier) continue;
      const target = moduleFile(st.moduleSpecifier, sf);
      if (!target) continue;
      if (!st.exportClause) stars.set(file, [...(stars.get(file) ?? []), target]);
      else if (ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) {
          reexports.set(file, [...(reexports.get(file) ?? []), { name: el.name.text, target, targetName: (el.propertyName ?? el.name).text }]);
        }
      } else wholeModules.add(target);
    }
  }
  const exportNames = (file: string): string[] => {
    const sf = program.getSourceFile(file);
    const symbol = sf && checker.getSymbolAtLocation(sf);
    return symbol ? checker.getExportsOfModule(symbol).map((s) => s.name) : [];
  };
  for (let changed = true; changed;) {
    changed = false;
    const mark = (file: string, name: string) => {
      if (!used.has(key(file, name))) { used.add(key(file, name)); changed = true; }
    };
    for (const file of [...wholeModules]) for (const name of exportNames(file)) mark(file, name);
    for (const [file, list] of reexports) for (const r of list) if (used.has(key(file, r.name))) mark(r.target, r.targetName);
    for (const [file, targets] of stars) {
      for (const target of targets) for (const name of exportNames(target)) if (used.has(key(file, name))) mark(target, name);
    }
  }

  const unused: UnusedExport[] = [];
  for (const file of own) {
    const rel = relative(root, file).split('\\').join('/');
    if (ENTRY_MODULES.has(rel) || wholeModules.has(file)) continue;
    const sf = program.getSourceFile(file);
    if (!sf || sf.isDeclarationFile) continue;
    const starNames = new Set((stars.get(file) ?? []).flatMap(exportNames));
    for (const name of exportNames(file)) {
      // a name that only passes through a star re-export is judged in its own module
      if (starNames.has(name) && !(reexports.get(file) ?? []).some((r) => r.name === name) && !ownDeclares(sf, name)) continue;
      if (!used.has(key(file, name))) unused.push({ file: rel, name });
    }
  }
  return unused.sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
}

function ownDeclares(sf: ts.SourceFile, name: string): boolean {
  for (const st of sf.statements) {
    const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
    if (!mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) && st.name?.text === name) return true;
    if (ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)) return true;
  }
  return false;
}
