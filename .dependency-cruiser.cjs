/** Dependency rules: packages depend one way (document <- annotations <- export), apps only on packages, no cycles. */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'document-is-the-base',
      severity: 'error',
      from: { path: '^packages/document/' },
      to: { path: '^(packages/(annotations|export)|apps)/' },
    },
    {
      name: 'annotations-below-export',
      severity: 'error',
      from: { path: '^packages/annotations/' },
      to: { path: '^(packages/export|apps)/' },
    },
    {
      name: 'packages-never-import-apps',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-never-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-orphan-tests-imports-from-dist',
      severity: 'error',
      from: {},
      to: { path: '/dist/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    preserveSymlinks: false,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'default'] },
  },
}
