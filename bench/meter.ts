// Counts the desk's DynamoDB calls and the capacity they consumed, per HTTP request served by this process.
// Calls made outside a request (the outbox stream's mail-send, set-up) are counted apart, so a request is charged
// only for what it waits for. Patching the document client's prototype reaches every client the handlers create.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Server, type ServerResponse } from 'node:http';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface Reading {
  /** HTTP requests answered in full since the last reading. */
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
/** The calls of the request being served, added to the reading once its answer has gone out whole. */
const inRequest = new AsyncLocalStorage<{ calls: number; capacity: number }>();

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
    const request = inRequest.getStore();
    const name = command.constructor.name.replace(/Command$/, '');
    reading.commands[name] = (reading.commands[name] ?? 0) + 1;
    if (request) request.calls++;
    else reading.backgroundCalls++;
    command.input.ReturnConsumedCapacity ??= 'TOTAL';
    return originalSend.call(this, command, ...rest).then((response) => {
      if (request) request.capacity += capacityOf(response);
      else reading.backgroundCapacity += capacityOf(response);
      return response;
    });
  };
  DynamoDBDocumentClient.prototype.send = send as unknown as typeof DynamoDBDocumentClient.prototype.send;
  const emit = Server.prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event !== 'request') return emit.call(this, event, ...args);
    const request = { calls: 0, capacity: 0 };
    const response = args[1] as ServerResponse;
    inFlight++;
    response.once('close', () => inFlight--);
    // A request the client gave up on (the end of a benchmark run) is left out, with the calls it made.
    response.once('finish', () => {
      reading.requests++;
      reading.calls += request.calls;
      reading.capacity += request.capacity;
    });
    return inRequest.run(request, () => emit.call(this, event, ...args));
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
