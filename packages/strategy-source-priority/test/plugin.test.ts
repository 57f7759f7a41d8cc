import { PluginOptionsError } from '@oxide-mirror/core';
import { SourcePriority, oxideMirrorPlugin } from '@oxide-mirror/strategy-source-priority';

function optionsError(options: unknown): PluginOptionsError {
  try {
    oxideMirrorPlugin.createStrategy(options);
  } catch (error) {
    expect(error).toBeInstanceOf(PluginOptionsError);
    return error as PluginOptionsError;
  }
  throw new Error('createStrategy accepted invalid options');
}

describe('the source-priority plugin', () => {
  it('is a strategy plugin named source-priority', () => {
    expect(oxideMirrorPlugin).toMatchObject({ kind: 'strategy', name: 'source-priority' });
  });

  it('builds a SourcePriority from config options', () => {
    const strategy = oxideMirrorPlugin.createStrategy({
      order: ['crm', 'billing'],
      byResource: { invoices: ['billing'] },
    });
    expect(strategy).toBeInstanceOf(SourcePriority);
    expect((strategy as SourcePriority).rankOf('invoices', 'billing')).toBe(0);
    expect((strategy as SourcePriority).rankOf('contacts', 'billing')).toBe(1);
  });

  it.each([
    [undefined, 'order', /is required/],
    [[], 'order', /is required/],
    [{}, 'order', /must be a list of source ids/],
    [{ order: 'crm' }, 'order', /must be a list/],
    [{ order: [] }, 'order', /at least one source/],
    [{ order: ['crm', ''] }, 'order[1]', /non-empty source id/],
    [{ order: ['crm', 7] }, 'order[1]', /non-empty source id, got 7/],
    [{ order: ['crm', 'billing', 'crm'] }, 'order[2]', /repeats 'crm'/],
    [{ order: ['crm'], byResource: ['x'] }, 'byResource', /must map resource names/],
    [{ order: ['crm'], byResource: { invoices: [] } }, 'byResource.invoices', /at least one/],
    [{ order: ['crm'], byResource: { invoices: ['a', 'a'] } }, 'byResource.invoices[1]', /repeats/],
    [{ order: ['crm'], priority: ['x'] }, 'priority', /not an option of source-priority/],
  ])('refuses %j, naming %s', (options, field, problem) => {
    const error = optionsError(options);
    expect(error.field).toBe(field);
    expect(error.code).toBe('INVALID_PLUGIN_OPTIONS');
    expect(error.message).toMatch(problem);
    expect(error.message).toContain(`plugin 'source-priority': option ${field}`);
  });

  it('validates options given to the constructor too', () => {
    expect(() => new SourcePriority({ order: ['crm', 'crm'] })).toThrow(PluginOptionsError);
  });
});
