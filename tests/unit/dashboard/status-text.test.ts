import { describe, expect, it } from 'vitest';
import { statusText } from '../../../dashboard/src/views/upload-status.ts';

describe('an upload status in words', () => {
  it('says how far a large upload stored in chunks is, and only while it is processing', () => {
    expect(statusText({ status: 'processing', parts: { total: 38, done: 12 } })).toBe('Processing: 12 of 38 parts stored');
    expect(statusText({ status: 'processing' })).toBe('Processing');
    expect(statusText({ status: 'done', parts: { total: 38, done: 38 } })).toBe('Done');
    expect(statusText({ status: 'held' })).toBe('Held: dates need a day/month order');
  });
});
