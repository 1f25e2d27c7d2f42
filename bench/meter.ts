// Counts the desk's DynamoDB calls and the capacity they consumed, per HTTP request served by this process.
// Calls made outside a request (the outbox stream's mail-send, set-up) are counted apart, so a request is charged
// only for what it waits for. Patching the document client's prototype reaches every client the handlers create.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Server, type ServerResponse } from 'node:http';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface Reading {
  /** HTTP requests that started since the last reading. */
  requests: number;
  /** DynamoDB calls made while serving them, and the capacity units they consumed (ReturnConsumedCapacity TOTAL). */
  calls: number;
  capacity: number;
  /** Calls made outside any request (the outbox stream, set-up), and their capacity. */
  backgroundCalls: number;
  backgroundCapacity: number;
  /** Calls per command name, requests' and background's together: which calls a scenario makes. */
  commands: Record<string, number>;
}

const zero = (): Reading => ({ requests: 0, calls: 0, capacity: 0, backgroundCalls: 0, backgroundCapacity: 0, commands: {} });
let reading = zero();
let inFlight = 0;
const inRequest = new AsyncLocalStorage<true>();

type Send = (this: DynamoDBDocumentClient, command: { input: Record<string, unknown> }, ...rest: unknown[]) => Promise<unknown>;
const originalSend = DynamoDBDocumentClient.prototype.send as unknown as Send;

/** The send of the document client before metering: the benchmarks' own loading does not count. */
export function unmeteredSend(client: DynamoDBDocumentClient, command: object): Promise<unknown> {
  return originalSend.call(client, command as { input: Record<string, unknown> });
}

function capacityOf(response: unknown): number {
  const consumed = (response as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] } | undefined)?.ConsumedCapacity ?? [];
  return [consumed].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

/** Starts metering: every document-client call from now on is counted, each HTTP request of this process is one request. */
export function installMeter(): void {
  const send: Send = function (command, ...rest) {
    const charged = inRequest.getStore() === true;
    const name = command.constructor.name.replace(/Command$/, '');
    reading.commands[name] = (reading.commands[name] ?? 0) + 1;
    if (charged) reading.calls++;
    else reading.backgroundCalls++;
    command.input.ReturnConsumedCapacity ??= 'TOTAL';
    return originalSend.call(this, command, ...rest).then((response) => {
      if (charged) reading.capacity += capacityOf(response);
      else reading.backgroundCapacity += capacityOf(response);
      return response;
    });
  };
  DynamoDBDocumentClient.prototype.send = send as unknown as typeof DynamoDBDocumentClient.prototype.send;
  const emit = Server.prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event !== 'request') return emit.call(this, event, ...args);
    reading.requests++;
    inFlight++;
    (args[1] as ServerResponse).once('close', () => inFlight--);
    return inRequest.run(true, () => emit.call(this, event, ...args));
  } as typeof Server.prototype.emit;
}

/** Waits until every request that started has been answered, so that a reading holds all of their calls. */
export async function requestsAnswered(): Promise<void> {
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
}

/** The counts since the last call, and a fresh start. */
export function takeReading(): Reading {
  const out = reading;
  reading = zero();
  return out;
}
