import { renderStatusPage } from '../src/serve/status-page';

describe('renderStatusPage', () => {
  it('escapes what remote APIs put in errors and ids, so nothing in them runs as HTML', () => {
    const hostile = '<script>alert("x")</script>&<img src=x onerror=y>';
    const html = renderStatusPage({
      database: '/tmp/<mirror>.db',
      now: new Date('2026-01-01T00:10:00.000Z'),
      schedules: [
        {
          source: 'crm',
          schedule: 'every 5m',
          running: false,
          queued: false,
          nextRunAt: undefined,
          failures: 2,
        },
      ],
      statuses: [
        {
          source: 'crm',
          configured: true,
          lastRunAt: '2026-01-01T00:00:00.000Z',
          lastRunDurationMs: 1200,
          lastOutcome: 'failed',
          partial: false,
          lastSuccessAt: null,
          cursor: null,
          lastError: hostile,
          lastErrorAt: '2026-01-01T00:00:00.000Z',
          rejects: 0,
        },
      ],
      runs: [
        {
          id: 7,
          source: 'crm',
          startedAt: '2026-01-01T00:00:00.000Z',
          finishedAt: '2026-01-01T00:04:05.000Z',
          outcome: 'failed',
          pages: 0,
          applied: 0,
          rejected: 0,
          error: hostile,
        },
      ],
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;img');
    expect(html).toContain('/tmp/&lt;mirror&gt;.db');
    expect(html).toContain('<td>4 min 05 s</td>');
    expect(html).toContain('<td>never</td>');
  });
});
