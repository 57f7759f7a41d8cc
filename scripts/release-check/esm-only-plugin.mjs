// A third-party strategy published as an ES module only: its exports map has just "import".
export const oxideMirrorPlugin = {
  kind: 'strategy',
  name: 'first-wins',
  createStrategy: () => ({
    name: 'first-wins',
    resolve: (existing) => (existing && !existing.deleted ? { kind: 'skip' } : { kind: 'apply' }),
  }),
};
