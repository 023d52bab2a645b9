// Which failures are a backing service being away (answered 503) and which are ours (answered 500): the errors
// are the clients' own classes and codes, built here as each client throws them.
import { ClosedConnectionError, TimeoutError } from '@nats-io/nats-core';
import { describe, expect, it } from 'vitest';
import { dependencyOutageOf } from './dependency-outage.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('dependencyOutageOf', () => {
  it('names NATS for a request that timed out or a closed connection, also as the cause of our own error', () => {
    expect(dependencyOutageOf(new TimeoutError())).toBe('nats');
    expect(dependencyOutageOf(new ClosedConnectionError())).toBe('nats');
    const append = new Error('could not append completion.requested 0190', { cause: new TimeoutError() });
    expect(dependencyOutageOf(append)).toBe('nats');
  });

  it('names PostgreSQL for a server shutting down, starting up or a cut connection', () => {
    expect(dependencyOutageOf(withCode('terminating connection due to administrator command', '57P01'))).toBe(
      'postgres',
    );
    expect(dependencyOutageOf(withCode('the database system is starting up', '57P03'))).toBe('postgres');
    expect(dependencyOutageOf(new Error('Connection terminated unexpectedly'))).toBe('postgres');
  });

  it('names Redis for a closed connection, a command that timed out or a server still loading', () => {
    expect(dependencyOutageOf(new Error('Connection is closed.'))).toBe('redis');
    expect(dependencyOutageOf(new Error('Command timed out'))).toBe('redis');
    expect(dependencyOutageOf(new Error('LOADING Redis is loading the dataset in memory'))).toBe('redis');
  });

  it('calls a refused socket an outage without guessing whose', () => {
    expect(dependencyOutageOf(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(
      'unknown',
    );
  });

  it('leaves our own faults alone: a SQL error, a type error, a non-error', () => {
    expect(dependencyOutageOf(withCode('syntax error at or near "SELEC"', '42601'))).toBeUndefined();
    expect(
      dependencyOutageOf(withCode('duplicate key value violates unique constraint', '23505')),
    ).toBeUndefined();
    expect(
      dependencyOutageOf(new TypeError("Cannot read properties of undefined (reading 'id')")),
    ).toBeUndefined();
    expect(dependencyOutageOf('Connection is closed.')).toBeUndefined();
  });
});
