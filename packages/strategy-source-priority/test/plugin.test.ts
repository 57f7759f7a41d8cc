import { PluginOptionsError, parsePluginOptions } from '@oxide-mirror/core';
import { optionsRefusal } from '@oxide-mirror/testing';
import { SourcePriority, oxideMirrorPlugin } from '@oxide-mirror/strategy-source-priority';

describe('the source-priority plugin', () => {
  it('is a strategy plugin named source-priority', () => {
    expect(oxideMirrorPlugin).toMatchObject({ kind: 'strategy', name: 'source-priority' });
  });

  it('builds a SourcePriority from checked config options', async () => {
    const options = await parsePluginOptions(oxideMirrorPlugin, {
      order: ['crm', 'billing'],
      byResource: { invoices: ['billing'] },
    });
    const strategy = oxideMirrorPlugin.createStrategy(options);
    expect(strategy).toBeInstanceOf(SourcePriority);
    expect((strategy as SourcePriority).rankOf('invoices', 'billing')).toBe(0);
    expect((strategy as SourcePriority).rankOf('contacts', 'billing')).toBe(1);
  });

  it.each([
    [undefined, '(options)', /needs \{ "order"/],
    [[], '(options)', /needs \{ "order"/],
    [{}, 'order', /must be a list of source ids/],
    [{ order: 'crm' }, 'order', /must be a list/],
    [{ order: [] }, 'order', /at least one source/],
    [{ order: ['crm', ''] }, 'order[1]', /non-empty source id/],
    [{ order: ['crm', 7] }, 'order[1]', /must be a source id/],
    [{ order: ['crm', 'billing', 'crm'] }, 'order[2]', /repeats 'crm'/],
    [{ order: ['crm'], byResource: ['x'] }, 'byResource', /must map resource names/],
    [{ order: ['crm'], byResource: { invoices: [] } }, 'byResource.invoices', /at least one/],
    [{ order: ['crm'], byResource: { invoices: ['a', 'a'] } }, 'byResource.invoices[1]', /repeats/],
    [{ order: ['crm'], priority: ['x'] }, 'priority', /is not an option of this plugin/],
  ])('refuses %j, naming %s', async (options, field, problem) => {
    const error = await optionsRefusal(oxideMirrorPlugin, options);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(problem);
    expect(error.message).toContain(`plugin 'source-priority': option ${field}`);
  });

  it('validates options given to the constructor too', () => {
    expect(() => new SourcePriority({ order: ['crm', 'crm'] })).toThrow(PluginOptionsError);
  });
});
