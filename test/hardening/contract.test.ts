import { describe, expect, it } from 'vitest';
import { checkContract } from '../support/contract';

describe('the contract check that every integration test runs on every response (N5)', () => {
  it('accepts a documented status with a matching body', () => {
    expect(() => checkContract('GET', '/v1/health', 200, 'application/json', { status: 'ok', time: '2026-01-01T00:00:00Z' })).not.toThrow();
  });

  it('fails on a status the document does not list', () => {
    expect(() => checkContract('GET', '/v1/health', 418, 'application/json', {})).toThrow(/does not list/);
  });

  it('fails on a body that does not match the schema', () => {
    expect(() => checkContract('GET', '/v1/me', 200, 'application/json', { id: 1 })).toThrow(/does not match/);
    expect(() => checkContract('POST', '/v1/public/messages', 201, 'application/json', { stored: 'yes' })).toThrow(/does not match/);
  });

  it('fails on an error that is not problem+json', () => {
    expect(() => checkContract('GET', '/v1/threads/abc', 404, 'application/json', { type: 'x', title: 'x', status: 404 })).toThrow(/problem\+json/);
  });
});
