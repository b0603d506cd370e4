/**
 * A database of a test file's own on the run's one PostgreSQL cluster (tests/support/postgres-broker.ts,
 * the node project's globalSetup): created empty, dropped when the file is done.
 */
import { connect } from 'node:net';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The broker's Unix socket: ask it for the shared cluster's port. */
    tkPostgresBroker: string;
  }
}

export interface PostgresDatabase {
  port: number;
  database: string;
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url: string;
  drop(): Promise<void>;
}

function askBroker(socket: string): Promise<number> {
  return new Promise((answered, failed) => {
    let text = '';
    const connection = connect(socket);
    connection.setEncoding('utf8');
    connection.on('data', (chunk: string) => { text += chunk; });
    connection.on('error', failed);
    connection.on('end', () => {
      try {
        const answer = JSON.parse(text) as { port?: number; error?: string };
        if (answer.port) answered(answer.port);
        else failed(new Error(`the run's PostgreSQL cluster did not start: ${answer.error ?? text}`));
      } catch {
        failed(new Error(`the PostgreSQL broker answered: ${JSON.stringify(text)}`));
      }
    });
  });
}

let count = 0;

/** A new empty database for `label` (its file's name), on the cluster the run shares. */
export async function postgresDatabase(label: string): Promise<PostgresDatabase> {
  const socket = inject('tkPostgresBroker');
  if (!socket) throw new Error('no PostgreSQL broker: run this file through vitest\'s node project (vite.config.ts names tests/support/postgres-broker.ts as its globalSetup)');
  const port = await askBroker(socket);
  const database = `tk_${label.replace(/\W/g, '_')}_${process.pid}_${++count}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${database}"`);
  return {
    port,
    database,
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    // FORCE: a connection a failed test left open must not keep the database (nor fail the file)
    drop: () => admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
  };
}
